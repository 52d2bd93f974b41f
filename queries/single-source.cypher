// title: Claims resting on a single source
// description: The triples (positive claims) that only one source (outlet) reports, however
// description: many of its articles repeat them, with that source; the most repeated first.
// param: limit int 25 10 Rows to return at most.
// returns: subject, predicate, object, source, articles, claims, first_seen, last_seen
MATCH (s:Entity)-[r]->(o:Entity)
WHERE r.sources = 1
WITH s, r, o
ORDER BY r.articles DESC, r.claims DESC, s.id, type(r), o.id
LIMIT $limit
// Claim.triple is "SUBJECT|PREDICATE|OBJECT" in the stored direction (kg/store.py).
CALL (s, r, o) {
  MATCH (c:Claim {triple: s.id + '|' + type(r) + '|' + o.id})-[:STATED_IN]->(:Article)
        -[:PUBLISHED_BY]->(src:Source)
  WHERE c.polarity = 'positive'
  RETURN src.name AS source
  LIMIT 1
}
RETURN s.id AS subject, type(r) AS predicate, o.id AS object, source, r.articles AS articles,
       r.claims AS claims, r.first_seen AS first_seen, r.last_seen AS last_seen
ORDER BY articles DESC, claims DESC, subject, predicate, object
