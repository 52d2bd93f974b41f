"""A small, hand-written graph of claims for the query, cypher and analytics tests.

Six articles from three outlets, 2022-2023, in four languages; written for these tests (not gold
data). What it holds, so that the expected rows in the tests can be checked by reading:

    a1 2022-01-10 Daily Planet (en)   CHN OPPOSES nato-expansion; RUS OPPOSES nato-expansion;
                                      RUS COOPERATES_WITH CHN
    a2 2022-02-01 Gazette (de)        RUS OPPOSES nato-expansion; USA SUPPORTS nato-expansion;
                                      CHN COOPERATES_WITH RUS (the symmetric pair, other direction)
    a3 2022-03-05 Courier (fr)        RUS ATTACKS UKR; USA SANCTIONS RUS; USA AIDS UKR;
                                      FRA CRITICIZES RUS
    a4 2022-03-20 Daily Planet (en)   RUS ATTACKS UKR denied (attributed to RUS); USA MEETS FRA;
                                      USA SANCTIONS RUS
    a5 2022-06-01 Courier (en)        FRA OPPOSES grain-deal; USA COOPERATES_WITH UKR;
                                      RUS THREATENS UKR
    a6 2023-01-15 Gazette (sv)        FRA SUPPORTS grain-deal; USA SUPPORTS grain-deal;
                                      RUS OPPOSES grain-deal
"""

from __future__ import annotations

from kg.claims import Article, Claim, Entity, Evidence, Extractor

EXTRACTOR = Extractor("test", "1")

ENTITIES = {
    e.id: e
    for e in (
        Entity("RUS", "Russia", "Country"),
        Entity("CHN", "China", "Country"),
        Entity("USA", "United States", "Country"),
        Entity("UKR", "Ukraine", "Country"),
        Entity("FRA", "France", "Country"),
        Entity("topic:nato-expansion", "NATO expansion", "Topic"),
        Entity("topic:grain-deal", "grain deal", "Topic"),
    )
}

ARTICLES = {
    a.id: a
    for a in (
        Article("a1", "", "Joint line", "https://dp.example/1", "2022-01-10", "Daily Planet", "en"),
        Article("a2", "", "Ostpolitik", "https://gz.example/2", "2022-02-01", "Gazette", "de"),
        Article("a3", "", "Invasion", "https://co.example/3", "2022-03-05", "Courier", "fr"),
        Article("a4", "", "Denials", "https://dp.example/4", "2022-03-20", "Daily Planet", "en"),
        Article("a5", "", "Grain", "https://co.example/5", "2022-06-01", "Courier", "en"),
        Article("a6", "", "Spannmål", "https://gz.example/6", "2023-01-15", "Gazette", "sv"),
    )
}

# article, subject, predicate, object, polarity, attributed_to, sentence
# fmt: off
ROWS = [
    ("a1", "CHN", "OPPOSES", "topic:nato-expansion", "positive", None, "Beijing rejects it."),
    ("a1", "RUS", "OPPOSES", "topic:nato-expansion", "positive", None, "Moscow rejects it too."),
    ("a1", "RUS", "COOPERATES_WITH", "CHN", "positive", None, "The two pledged friendship."),
    ("a2", "RUS", "OPPOSES", "topic:nato-expansion", "positive", None, "Moskau lehnt sie ab."),
    ("a2", "USA", "SUPPORTS", "topic:nato-expansion", "positive", None, "Washington begrüßt sie."),
    ("a2", "CHN", "COOPERATES_WITH", "RUS", "positive", None, "Peking arbeitet mit Moskau."),
    ("a3", "RUS", "ATTACKS", "UKR", "positive", None, "La Russie attaque l'Ukraine."),
    ("a3", "USA", "SANCTIONS", "RUS", "positive", None, "Washington sanctionne Moscou."),
    ("a3", "USA", "AIDS", "UKR", "positive", None, "Washington arme Kyiv."),
    ("a3", "FRA", "CRITICIZES", "RUS", "positive", None, "Paris condamne Moscou."),
    ("a4", "RUS", "ATTACKS", "UKR", "negative", "RUS", "Moscow denies attacking Ukraine."),
    ("a4", "USA", "MEETS", "FRA", "positive", None, "Biden met Macron."),
    ("a4", "USA", "SANCTIONS", "RUS", "positive", None, "New US sanctions hit Russia."),
    ("a5", "FRA", "OPPOSES", "topic:grain-deal", "positive", None, "Paris rejects the grain deal."),
    ("a5", "USA", "COOPERATES_WITH", "UKR", "positive", None, "Kyiv and Washington team up."),
    ("a5", "RUS", "THREATENS", "UKR", "positive", None, "Moscow warns Kyiv."),
    ("a6", "FRA", "SUPPORTS", "topic:grain-deal", "positive", None, "Paris stöder avtalet."),
    ("a6", "USA", "SUPPORTS", "topic:grain-deal", "positive", None, "USA stöder avtalet."),
    ("a6", "RUS", "OPPOSES", "topic:grain-deal", "positive", None, "Ryssland motsätter sig."),
]
# fmt: on


def fixture_claims() -> list[Claim]:
    """Return the fixture's claims, in article order, with distinct offsets per article."""
    claims = []
    offsets: dict[str, int] = {}
    for article_id, subject, predicate, obj, polarity, attributed, sentence in ROWS:
        article = ARTICLES[article_id]
        start = offsets.get(article_id, 0)
        offsets[article_id] = start + len(sentence) + 1
        claims.append(
            Claim(
                subject=ENTITIES[subject],
                predicate=predicate,
                object=ENTITIES[obj],
                evidence=Evidence(sentence, start, start + len(sentence), article.lang),
                article=article,
                extractor=EXTRACTOR,
                polarity=polarity,
                attributed_to=ENTITIES[attributed] if attributed else None,
                confidence=0.9,
            )
        )
    return claims


def load_fixture(store) -> None:
    """Wipe the database and load the fixture's claims through Store.load_claims."""
    store.write("MATCH (n) DETACH DELETE n")
    store.load_claims(fixture_claims())
