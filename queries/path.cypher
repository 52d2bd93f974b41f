// title: Shortest relation paths between two actors
// description: The shortest chains of relations (positive claims, any predicate, either
// description: direction, up to 6 steps) that link two entities, with the articles behind each
// description: step; the paths whose weakest step has the most evidence come first.
// param: a id required FRA The first entity's id.
// param: b id required CHN The second entity's id.
// param: limit int 5 3 Paths to return at most.
// returns: hops, nodes, steps, weakest
// Only the direct, typed relationships between entities: the provenance types are excluded.
MATCH (x:Entity {id: $a}), (y:Entity {id: $b})
MATCH p = ALL SHORTEST (x)-[:!SUBJECT&!OBJECT&!STATED_IN&!ATTRIBUTED_TO&!AGENT&!PUBLISHED_BY]-{1,6}(y)
WITH p, [r IN relationships(p) | r.articles] AS evidence
RETURN length(p) AS hops, [n IN nodes(p) | n.id] AS nodes,
       [r IN relationships(p) |
        startNode(r).id + ' ' + type(r) + ' ' + endNode(r).id + ' (' + r.articles + ')'] AS steps,
       reduce(m = evidence[0], e IN evidence | CASE WHEN e < m THEN e ELSE m END) AS weakest
ORDER BY weakest DESC, nodes, steps
LIMIT $limit
