// title: Stance shifts
// description: Actors whose stance toward an object changed between two periods (before a date,
// description: and from it on): the net stance of each period is SUPPORTS or OPPOSES by
// description: articles; both sides come with their articles and a sentence of evidence.
// param: at date required 2023-01-01 The first day of the second period.
// param: actor id null RUS Only this actor (default: all).
// param: limit int 50 10 Rows to return at most.
// returns: actor, object, before, after, before_articles, after_articles, before_evidence, after_evidence
// Candidates: actors with both a SUPPORTS and an OPPOSES relationship to one object.
MATCH (s:Entity)-[:SUPPORTS]->(o:Entity)<-[:OPPOSES]-(s)
WHERE $actor IS NULL OR s.id = $actor
// Claim.triple is "SUBJECT|PREDICATE|OBJECT" (kg/store.py): one index seek per stance.
CALL (s, o) {
  UNWIND ['SUPPORTS', 'OPPOSES'] AS side
  MATCH (c:Claim {triple: s.id + '|' + side + '|' + o.id})-[:STATED_IN]->(a:Article)
  WHERE c.polarity = 'positive'
  WITH c, a, CASE WHEN a.published < $at THEN 'before' ELSE 'after' END AS period
  ORDER BY a.published, a.id, c.start
  WITH period, c.predicate AS stance, count(DISTINCT a) AS articles,
       collect(a.id + ': ' + c.sentence)[0] AS example
  ORDER BY period, articles DESC, stance
  WITH period, collect({stance: stance, articles: articles, example: example}) AS stances
  // The net stance of a period: the side with more articles; a tie is no stance.
  WITH period, CASE WHEN size(stances) = 1 OR stances[0].articles > stances[1].articles
                    THEN stances[0] END AS net
  WHERE net IS NOT NULL
  RETURN collect([period, net]) AS periods
}
WITH s, o, [x IN periods WHERE x[0] = 'before' | x[1]][0] AS before,
     [x IN periods WHERE x[0] = 'after' | x[1]][0] AS after
WHERE before IS NOT NULL AND after IS NOT NULL AND before.stance <> after.stance
RETURN s.id AS actor, o.id AS object, before.stance AS before, after.stance AS after,
       before.articles AS before_articles, after.articles AS after_articles,
       before.example AS before_evidence, after.example AS after_evidence
ORDER BY actor, object
LIMIT $limit
