// title: Most active actors in a period
// description: The actors that are the subject of claims in the most articles published in a
// description: period, with distinct sources and claims (denials included).
// param: since date 1900-01-01 2022-01-01 First publication date (inclusive).
// param: until date 2100-12-31 2022-12-31 Last publication date (inclusive).
// param: limit int 25 10 Rows to return at most.
// returns: actor, name, articles, sources, claims
MATCH (a:Article)
WHERE a.published >= $since AND a.published <= $until
MATCH (a)<-[:STATED_IN]-(c:Claim)-[:SUBJECT]->(s:Entity)
OPTIONAL MATCH (a)-[:PUBLISHED_BY]->(src:Source)
WITH s, count(DISTINCT a) AS articles, count(DISTINCT src) AS sources, count(c) AS claims
RETURN s.id AS actor, s.name AS name, articles, sources, claims
ORDER BY articles DESC, sources DESC, claims DESC, actor
LIMIT $limit
