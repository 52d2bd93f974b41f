// title: Most corroborated claims
// description: The triples (positive claims) backed by the most independent sources, with their
// description: articles and first and last dates.
// param: min_sources int 2 3 Keep triples with at least this many distinct sources.
// param: limit int 25 10 Rows to return at most.
// returns: subject, predicate, object, sources, articles, claims, first_seen, last_seen
// Entities have outgoing relationships of the predicate types only (kg/store.py model).
MATCH (s:Entity)-[r]->(o:Entity)
WHERE r.sources >= $min_sources
RETURN s.id AS subject, type(r) AS predicate, o.id AS object, r.sources AS sources,
       r.articles AS articles, r.claims AS claims, r.first_seen AS first_seen,
       r.last_seen AS last_seen
ORDER BY sources DESC, articles DESC, subject, predicate, object
LIMIT $limit
