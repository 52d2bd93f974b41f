// title: Alignment of two actors
// description: The objects on which two actors both take a stance (SUPPORTS or OPPOSES, positive
// description: claims), whether they take the same side or differ, with each side's articles.
// param: a id required RUS The first actor's entity id.
// param: b id required CHN The second actor's entity id.
// returns: object, name, a_stance, b_stance, agreement, a_articles, b_articles
MATCH (x:Entity {id: $a})<-[:SUBJECT]-(c:Claim)-[:OBJECT]->(o:Entity)
WHERE c.polarity = 'positive' AND c.predicate IN ['SUPPORTS', 'OPPOSES']
MATCH (c)-[:STATED_IN]->(art:Article)
WITH o, c.predicate AS a_stance, count(DISTINCT art) AS a_articles
MATCH (y:Entity {id: $b})<-[:SUBJECT]-(d:Claim)-[:OBJECT]->(o)
WHERE d.polarity = 'positive' AND d.predicate IN ['SUPPORTS', 'OPPOSES']
MATCH (d)-[:STATED_IN]->(art:Article)
WITH o, a_stance, a_articles, d.predicate AS b_stance, count(DISTINCT art) AS b_articles
RETURN o.id AS object, o.name AS name, a_stance, b_stance,
       CASE WHEN a_stance = b_stance THEN 'same' ELSE 'differ' END AS agreement,
       a_articles, b_articles
ORDER BY agreement DESC, object, a_stance, b_stance
