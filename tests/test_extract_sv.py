"""Swedish extraction: sentences written for these tests and the exact claims they state."""

from __future__ import annotations

import pytest
from extract_cases import Case, extract

from loaders.resources import Resources

CASES = [
    Case(
        "left-organisation",
        "Storbritannien lämnade EU efter folkomröstningen.",
        [("GBR", "MEMBER_OF", "EU", "negative")],
    ),
    Case(
        "particle-verb-is-not-leaving",
        "Sverige lämnade in sin ansökan till Nato i maj.",
        [],
    ),
    Case(
        "criticism",
        "Norge kritiserade Ryssland för attacken.",
        [("NOR", "CRITICIZES", "RUS", "positive")],
    ),
    Case(
        "passive",
        "Iran kritiseras av Frankrike.",
        [("FRA", "CRITICIZES", "IRN", "positive")],
    ),
    Case(
        "the-two-countries",
        "Danmark och Finland träffades i Oslo. De två länderna sa att de var oroade över Ryssland.",
        [
            ("DNK", "CONCERNED_ABOUT", "RUS", "positive"),
            ("DNK", "MEETS", "FIN", "positive"),
            ("FIN", "CONCERNED_ABOUT", "RUS", "positive"),
        ],
    ),
    Case(
        "joins-in-opposing",
        "Sverige ansluter sig till Norge för att motsätta sig Ryssland.",
        [
            ("NOR", "OPPOSES", "RUS", "positive"),
            ("SWE", "COOPERATES_WITH", "NOR", "positive"),
            ("SWE", "OPPOSES", "RUS", "positive"),
        ],
    ),
    Case(
        "denial",
        "Turkiet förnekar att landet planerar att anfalla Grekland.",
        [("TUR", "ATTACKS", "GRC", "negative")],
    ),
    Case(
        "leaving",
        "Storbritannien lämnade EU.",
        [("GBR", "MEMBER_OF", "EU", "negative")],
    ),
    Case(
        "sanctions-against",
        "EU införde nya sanktioner mot Iran.",
        [("EU", "SANCTIONS", "IRN", "positive")],
    ),
    Case(
        "question",
        "Kommer Kina att stödja Ryssland?",
        [],
    ),
    Case(
        "conditional",
        "Om Kina anfaller Taiwan skulle USA reagera.",
        [],
    ),
    Case(
        "negation",
        "Ungern stöder inte Ukraina.",
        [("HUN", "SUPPORTS", "UKR", "negative")],
    ),
    Case(
        "v2-inversion",
        "Efter mötet kritiserade Polen Belarus hårt.",
        [("POL", "CRITICIZES", "BLR", "positive")],
    ),
    Case(
        "speaker-pronoun",
        "Ryssland sa att de stödjer Serbien.",
        [("RUS", "SUPPORTS", "SRB", "positive")],
    ),
    Case(
        "noun-of-object",
        "Ryssland har inlett en invasion av Ukraina.",
        [("RUS", "ATTACKS", "UKR", "positive")],
    ),
    Case(
        "refuses-to",
        "Ungern vägrar att stödja Ukraina.",
        [("HUN", "SUPPORTS", "UKR", "negative")],
    ),
    Case(
        "relative-clause-subject",
        "Serbien, som inte är medlem, har kritiserat Kosovo.",
        [("SRB", "CRITICIZES", "XKX", "positive")],
    ),
    Case(
        "prevented-from-joining",
        "Ryssland vill hindra Georgien från att gå med i Nato.",
        [("RUS", "OPPOSES", "topic:georgia-nato-membership", "positive")],
    ),
    Case(
        "opposed-membership",
        "Turkiet har länge motsatt sig Sveriges medlemskap i Nato.",
        [("TUR", "OPPOSES", "topic:sweden-nato-membership", "positive")],
    ),
    # Particle verbs split by a subject, an adverb or a negation ("~" in predicates.tsv).
    Case(
        "particle-verb-v2-subject-before-reflexive",
        "På tisdagen ställde Litauen sig bakom Moldavien.",
        [("LTU", "SUPPORTS", "MDA", "positive")],
    ),
    Case(
        "particle-verb-v2-subject-after-reflexive",
        "Efter samtalen ställde sig Estland bakom Georgien.",
        [("EST", "SUPPORTS", "GEO", "positive")],
    ),
    Case(
        "particle-verb-negated",
        "Slovakien ställer sig inte bakom Ukraina.",
        [("SVK", "SUPPORTS", "UKR", "negative")],
    ),
    Case(
        "particle-verb-adverbs-in-the-gap",
        "Montenegro gick så småningom med i Nato.",
        [("MNE", "MEMBER_OF", "NATO", "positive")],
    ),
    Case(
        "particle-verb-join-inverted",
        "Därefter gick Lettland med i EU.",
        [("LVA", "MEMBER_OF", "EU", "positive")],
    ),
    Case(
        "particle-verb-leave",
        "Grönland gick ur EG redan 1985.",
        [],
    ),
    Case(
        "distance-from",
        "Tjeckien tar avstånd från Belarus.",
        [("CZE", "OPPOSES", "BLR", "positive")],
    ),
    Case(
        "distance-from-inverted",
        "I ett uttalande tog Rumänien tydligt avstånd från Ryssland.",
        [("ROU", "OPPOSES", "RUS", "positive")],
    ),
    Case(
        "receive-as-meeting",
        "Indiens premiärminister tog i går emot Brasiliens president.",
        [("IND", "MEETS", "BRA", "positive")],
    ),
    Case(
        "invaded-with-adverbs-in-the-gap",
        "Armenien föll enligt uppgifter i mars in i Azerbajdzjan.",
        [("ARM", "ATTACKS", "AZE", "positive")],
    ),
    Case(
        "proposal-for-a-topic",
        "Turkiet lade på måndagen fram ett förslag om vapenvila.",
        [("TUR", "SUPPORTS", "topic:ceasefire", "positive")],
    ),
]


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources.load()


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_extract_sv(case, resources):
    assert extract(case.text, lang="sv", resources=resources) == case.expected
