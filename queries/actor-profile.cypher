// title: Actor profile
// description: Everything about one actor: every relation it takes part in, as subject, object
// description: or in a mutual relation (COOPERATES_WITH, MEETS, AGREES_WITH), with polarity
// description: (denials included) and evidence counted as articles and distinct sources, never
// description: raw mentions.
// param: actor id required RUS The actor's entity id.
// returns: role, predicate, polarity, other, other_name, claims, articles, sources, first_seen, last_seen
// Positive claims come from the direct relationships, which summarise them (kg/store.py); only
// the denials are counted from the Claim nodes. The predicate lists are tested against the schema.
MATCH (e:Entity {id: $actor})
CALL (e) {
  MATCH (e)-[r:SUPPORTS|OPPOSES|CRITICIZES|CONCERNED_ABOUT|COOPERATES_WITH|MEETS|AGREES_WITH|
               DEMANDS|THREATENS|SANCTIONS|AIDS|MOBILIZES_AGAINST|ATTACKS|CLAIMS|MEMBER_OF|
               LEADER_OF]-(other:Entity)
  RETURN CASE WHEN type(r) IN ['COOPERATES_WITH', 'MEETS', 'AGREES_WITH'] THEN 'mutual'
              WHEN startNode(r) = e THEN 'subject' ELSE 'object' END AS role,
         type(r) AS predicate, 'positive' AS polarity, other, r.claims AS claims,
         r.articles AS articles, r.sources AS sources, r.first_seen AS first_seen,
         r.last_seen AS last_seen
  UNION ALL
  MATCH (e)<-[side:SUBJECT|OBJECT]-(c:Claim)
  WHERE c.polarity = 'negative'
  MATCH (c)-[far:SUBJECT|OBJECT]->(other:Entity)
  WHERE type(far) <> type(side)
  MATCH (c)-[:STATED_IN]->(a:Article)
  OPTIONAL MATCH (a)-[:PUBLISHED_BY]->(src:Source)
  RETURN toLower(type(side)) AS role, c.predicate AS predicate, 'negative' AS polarity, other,
         count(c) AS claims, count(DISTINCT a) AS articles, count(DISTINCT src) AS sources,
         min(a.published) AS first_seen, max(a.published) AS last_seen
}
RETURN role, predicate, polarity, other.id AS other, other.name AS other_name,
       claims, articles, sources, first_seen, last_seen
ORDER BY articles DESC, sources DESC, role, predicate, polarity, other
