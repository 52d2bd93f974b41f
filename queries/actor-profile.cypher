// title: Actor profile
// description: Everything about one actor: every relation it takes part in, as subject or object,
// description: with polarity (denials included) and evidence counted as articles and distinct
// description: sources, never raw mentions.
// param: actor id required RUS The actor's entity id.
// returns: role, predicate, polarity, other, other_name, claims, articles, sources, first_seen, last_seen
MATCH (e:Entity {id: $actor})<-[side:SUBJECT|OBJECT]-(c:Claim)
MATCH (c)-[far:SUBJECT|OBJECT]->(other:Entity)
WHERE type(far) <> type(side)
MATCH (c)-[:STATED_IN]->(a:Article)
OPTIONAL MATCH (a)-[:PUBLISHED_BY]->(src:Source)
WITH toLower(type(side)) AS role, c.predicate AS predicate, c.polarity AS polarity, other,
     count(c) AS claims, count(DISTINCT a) AS articles, count(DISTINCT src) AS sources,
     min(a.published) AS first_seen, max(a.published) AS last_seen
RETURN role, predicate, polarity, other.id AS other, other.name AS other_name,
       claims, articles, sources, first_seen, last_seen
ORDER BY articles DESC, sources DESC, role, predicate, polarity, other
