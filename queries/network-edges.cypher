// title: Network edges
// description: One row per (subject, predicate, object) of positive claims, with claims, articles
// description: and distinct sources, optionally filtered by predicates, date range and minimum
// description: articles: the input of kg analyze and kg viz. Symmetric predicates come once.
// param: predicates predicates null SUPPORTS,OPPOSES Comma-separated predicates (default: all).
// param: since date null 2022-01-01 First publication date (inclusive; default: no limit).
// param: until date null 2022-12-31 Last publication date (inclusive; default: no limit).
// param: min_articles int 1 2 Keep triples stated in at least this many articles.
// returns: subject, subject_name, subject_type, predicate, object, object_name, object_type, claims, articles, sources
MATCH (a:Article)
WHERE ($since IS NULL OR a.published >= $since) AND ($until IS NULL OR a.published <= $until)
MATCH (a)<-[:STATED_IN]-(c:Claim)
WHERE c.polarity = 'positive' AND ($predicates IS NULL OR c.predicate IN $predicates)
OPTIONAL MATCH (a)-[:PUBLISHED_BY]->(src:Source)
// Claim.triple is "SUBJECT|PREDICATE|OBJECT", one direction for symmetric predicates.
WITH c.triple AS triple, count(c) AS claims, count(DISTINCT a) AS articles,
     count(DISTINCT src) AS sources
WHERE articles >= $min_articles
WITH split(triple, '|') AS parts, claims, articles, sources
MATCH (s:Entity {id: parts[0]})
MATCH (o:Entity {id: parts[2]})
RETURN s.id AS subject, s.name AS subject_name,
       [x IN labels(s) WHERE x <> 'Entity'][0] AS subject_type, parts[1] AS predicate,
       o.id AS object, o.name AS object_name,
       [x IN labels(o) WHERE x <> 'Entity'][0] AS object_type, claims, articles, sources
ORDER BY subject, predicate, object
