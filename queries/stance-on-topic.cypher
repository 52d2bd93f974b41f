// title: Stance on a topic
// description: Who supports and who opposes a topic (or any object), with the articles,
// description: distinct sources and outlets behind each stance. Denials are left out.
// param: topic id required topic:nato-expansion The topic's (or object's) entity id.
// returns: stance, actor, name, articles, sources, outlets, first_seen, last_seen
MATCH (t:Entity {id: $topic})<-[:OBJECT]-(c:Claim)-[:SUBJECT]->(s:Entity)
WHERE c.polarity = 'positive' AND c.predicate IN ['SUPPORTS', 'OPPOSES']
MATCH (c)-[:STATED_IN]->(a:Article)
OPTIONAL MATCH (a)-[:PUBLISHED_BY]->(src:Source)
WITH c.predicate AS stance, s, a, src
ORDER BY src.name
WITH stance, s, count(DISTINCT a) AS articles, count(DISTINCT src) AS sources,
     collect(DISTINCT src.name) AS outlets, min(a.published) AS first_seen,
     max(a.published) AS last_seen
RETURN stance, s.id AS actor, s.name AS name, articles, sources, outlets, first_seen, last_seen
ORDER BY stance DESC, articles DESC, sources DESC, actor
