// title: Alignment of two actors
// description: The objects on which two actors both take a stance (SUPPORTS or OPPOSES, positive
// description: claims), whether they take the same side or differ, with each side's articles.
// param: a id required RUS The first actor's entity id.
// param: b id required CHN The second actor's entity id.
// returns: object, name, a_stance, b_stance, agreement, a_articles, b_articles
// The direct relationships summarise the positive claims (articles counted once). The join hint
// expands each actor's own stances and meets them at the object, instead of expanding from a
// popular object to everyone who took a stance on it.
MATCH (x:Entity {id: $a})-[ra:SUPPORTS|OPPOSES]->(o:Entity)<-[rb:SUPPORTS|OPPOSES]-(y:Entity {id: $b})
USING JOIN ON o
RETURN o.id AS object, o.name AS name, type(ra) AS a_stance, type(rb) AS b_stance,
       CASE WHEN type(ra) = type(rb) THEN 'same' ELSE 'differ' END AS agreement,
       ra.articles AS a_articles, rb.articles AS b_articles
ORDER BY agreement DESC, object, a_stance, b_stance
