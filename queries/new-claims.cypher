// title: New claims since a date
// description: The claims of articles published on or after a date, newest first, with source
// description: and sentence.
// param: since date required 2022-03-01 First publication date (inclusive).
// param: limit int 100 20 Rows to return at most.
// returns: published, subject, predicate, object, polarity, source, article, sentence
MATCH (a:Article)
WHERE a.published >= $since
WITH a
ORDER BY a.published DESC, a.id
MATCH (a)<-[:STATED_IN]-(c:Claim)-[:SUBJECT]->(s:Entity)
MATCH (c)-[:OBJECT]->(o:Entity)
OPTIONAL MATCH (a)-[:PUBLISHED_BY]->(src:Source)
RETURN a.published AS published, s.id AS subject, c.predicate AS predicate, o.id AS object,
       c.polarity AS polarity, src.name AS source, a.id AS article, c.sentence AS sentence
ORDER BY published DESC, article, c.start, subject, predicate
LIMIT $limit
