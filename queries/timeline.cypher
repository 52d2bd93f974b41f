// title: Timeline between two actors
// description: Every claim, positive or denied, between two actors in either direction, in order
// description: of publication, with source and sentence; optionally within a date range.
// param: a id required RUS The first actor's entity id.
// param: b id required UKR The second actor's entity id.
// param: since date null 2022-01-01 First publication date (inclusive; default: no limit).
// param: until date null 2022-12-31 Last publication date (inclusive; default: no limit).
// returns: published, subject, predicate, object, polarity, source, article, sentence
MATCH (x:Entity {id: $a})<-[:SUBJECT|OBJECT]-(c:Claim)-[:SUBJECT|OBJECT]->(y:Entity {id: $b})
MATCH (c)-[:STATED_IN]->(a:Article)
WHERE ($since IS NULL OR a.published >= $since) AND ($until IS NULL OR a.published <= $until)
MATCH (c)-[:SUBJECT]->(s:Entity)
MATCH (c)-[:OBJECT]->(o:Entity)
OPTIONAL MATCH (a)-[:PUBLISHED_BY]->(src:Source)
RETURN a.published AS published, s.id AS subject, c.predicate AS predicate, o.id AS object,
       c.polarity AS polarity, src.name AS source, a.id AS article, c.sentence AS sentence
ORDER BY published, article, c.start, subject, predicate
