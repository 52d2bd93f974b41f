// title: Contradictions
// description: Actors that both SUPPORT and OPPOSE the same object, and claims that are both
// description: asserted and denied, with the articles, distinct sources and dates of each side
// description: (so that a change over time or a split between outlets shows).
// param: limit int 50 10 Rows to return at most.
// returns: kind, subject, object, side_a, side_b, a_articles, b_articles, a_sources, b_sources, a_first, a_last, b_first, b_last
CALL () {
  MATCH (s:Entity)-[yes:SUPPORTS]->(o:Entity)<-[no:OPPOSES]-(s)
  RETURN 'supports-and-opposes' AS kind, s.id AS subject, o.id AS object,
         'SUPPORTS' AS side_a, 'OPPOSES' AS side_b,
         yes.articles AS a_articles, no.articles AS b_articles,
         yes.sources AS a_sources, no.sources AS b_sources,
         yes.first_seen AS a_first, yes.last_seen AS a_last,
         no.first_seen AS b_first, no.last_seen AS b_last
  UNION ALL
  // Claim.triple is "SUBJECT|PREDICATE|OBJECT" (kg/store.py); a denial shares its claim's triple.
  MATCH (c:Claim)
  WHERE c.polarity = 'negative'
  MATCH (c)-[:STATED_IN]->(a:Article)
  OPTIONAL MATCH (a)-[:PUBLISHED_BY]->(src:Source)
  WITH c.triple AS triple, count(DISTINCT a) AS b_articles, count(DISTINCT src) AS b_sources,
       min(a.published) AS b_first, max(a.published) AS b_last
  MATCH (p:Claim {triple: triple})-[:STATED_IN]->(a:Article)
  WHERE p.polarity = 'positive'
  OPTIONAL MATCH (a)-[:PUBLISHED_BY]->(src:Source)
  WITH split(triple, '|') AS parts, b_articles, b_sources, b_first, b_last,
       count(DISTINCT a) AS a_articles, count(DISTINCT src) AS a_sources,
       min(a.published) AS a_first, max(a.published) AS a_last
  RETURN 'asserted-and-denied' AS kind, parts[0] AS subject, parts[2] AS object,
         parts[1] AS side_a, 'not ' + parts[1] AS side_b, a_articles, b_articles,
         a_sources, b_sources, a_first, a_last, b_first, b_last
}
RETURN kind, subject, object, side_a, side_b, a_articles, b_articles, a_sources, b_sources,
       a_first, a_last, b_first, b_last
ORDER BY a_articles + b_articles DESC, kind, subject, object, side_a
LIMIT $limit
