// title: Coverage by source and language
// description: Articles and claims per source (outlet) and language.
// returns: source, lang, articles, claims, denials
// Only claims point to an article with STATED_IN, so its degree counts them (no scan).
MATCH (a:Article)
OPTIONAL MATCH (a)-[:PUBLISHED_BY]->(s:Source)
WITH s.name AS source, a.lang AS lang, a
RETURN source, lang, count(a) AS articles,
       sum(COUNT { (a)<-[:STATED_IN]-() }) AS claims,
       sum(COUNT { (a)<-[:STATED_IN]-(:Claim {polarity: 'negative'}) }) AS denials
ORDER BY articles DESC, claims DESC, source, lang
