// title: Adversaries of an actor
// description: Actors that oppose, criticise, threaten, sanction, attack or mobilise against
// description: the actor, or that the actor treats so (either direction, positive claims only),
// description: ranked by articles and distinct sources.
// param: actor id required RUS The actor's entity id.
// param: limit int 25 10 Rows to return at most.
// returns: adversary, name, predicates, claims, articles, sources, last_seen
MATCH (e:Entity {id: $actor})<-[:SUBJECT|OBJECT]-(c:Claim)-[:SUBJECT|OBJECT]->(p:Entity)
WHERE p <> e AND c.polarity = 'positive' AND NOT p:Topic AND NOT p:Region
  AND c.predicate IN ['OPPOSES', 'CRITICIZES', 'THREATENS', 'SANCTIONS', 'ATTACKS',
                      'MOBILIZES_AGAINST']
MATCH (c)-[:STATED_IN]->(a:Article)
OPTIONAL MATCH (a)-[:PUBLISHED_BY]->(src:Source)
WITH p, c, a, src
ORDER BY c.predicate
WITH p, collect(DISTINCT c.predicate) AS predicates, count(DISTINCT c) AS claims,
     count(DISTINCT a) AS articles, count(DISTINCT src) AS sources, max(a.published) AS last_seen
RETURN p.id AS adversary, p.name AS name, predicates, claims, articles, sources, last_seen
ORDER BY articles DESC, sources DESC, adversary
LIMIT $limit
