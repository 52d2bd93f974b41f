// title: Evidence for a triple
// description: Every sentence stating subject PREDICATE object or denying it: the article, its
// description: source, date and language, who the claim is attributed to. Symmetric predicates
// description: (COOPERATES_WITH, MEETS, AGREES_WITH) match either direction.
// param: subject id required RUS The subject's entity id.
// param: predicate predicate required OPPOSES A predicate of the schema.
// param: object id required topic:nato-expansion The object's entity id.
// returns: polarity, subject, object, sentence, article, title, url, published, source, lang, attributed_to, confidence
// Claim.triple is "SUBJECT|PREDICATE|OBJECT", stored with the smaller id first for the symmetric
// predicates (kg/store.py), so one index seek finds the claims of either direction.
WITH $predicate AS predicate,
     CASE WHEN $predicate IN ['COOPERATES_WITH', 'MEETS', 'AGREES_WITH'] AND $object < $subject
          THEN [$object, $subject] ELSE [$subject, $object] END AS ends
MATCH (c:Claim {triple: ends[0] + '|' + predicate + '|' + ends[1]})
MATCH (c)-[:SUBJECT]->(s:Entity)
MATCH (c)-[:OBJECT]->(o:Entity)
MATCH (c)-[:STATED_IN]->(a:Article)
OPTIONAL MATCH (a)-[:PUBLISHED_BY]->(src:Source)
OPTIONAL MATCH (c)-[:ATTRIBUTED_TO]->(t:Entity)
RETURN c.polarity AS polarity, s.id AS subject, o.id AS object, c.sentence AS sentence,
       a.id AS article, a.title AS title, a.url AS url, a.published AS published,
       src.name AS source, a.lang AS lang, t.id AS attributed_to, c.confidence AS confidence
ORDER BY published, article, c.start, polarity
