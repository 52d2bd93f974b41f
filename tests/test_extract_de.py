"""German extraction: sentences written for these tests and the exact claims they state."""

from __future__ import annotations

import pytest
from extract_cases import Case, extract

from loaders.resources import Resources

CASES = [
    Case(
        "nested-measure",
        "Frankreich verurteilte den russischen Angriff auf die Ukraine.",
        [("FRA", "CRITICIZES", "RUS", "positive"), ("RUS", "ATTACKS", "UKR", "positive")],
    ),
    Case(
        "passive-verb-final",
        "Polen wurde von Belarus kritisiert.",
        [("BLR", "CRITICIZES", "POL", "positive")],
    ),
    Case(
        "verb-final-clause",
        "Die Regierung erklärte, dass Russland die Ukraine angegriffen habe.",
        [("RUS", "ATTACKS", "UKR", "positive")],
    ),
    Case(
        "coordinated",
        "Deutschland und Frankreich forderten Russland zum Rückzug auf.",
        [("DEU", "DEMANDS", "RUS", "positive"), ("FRA", "DEMANDS", "RUS", "positive")],
    ),
    Case(
        "denial",
        "Moskau bestreitet, einen Angriff auf die Ukraine zu planen.",
        [("RUS", "ATTACKS", "UKR", "negative")],
    ),
    Case(
        "beide-laender",
        "China und Russland unterzeichneten ein Abkommen. Beide Länder kritisierten die NATO.",
        [
            ("CHN", "AGREES_WITH", "RUS", "positive"),
            ("CHN", "CRITICIZES", "NATO", "positive"),
            ("RUS", "CRITICIZES", "NATO", "positive"),
        ],
    ),
    Case(
        "conditional",
        "Wenn Serbien den Kosovo angreift, würde die NATO reagieren.",
        [],
    ),
    Case(
        "members",
        "Die G7, darunter Japan und Kanada, tagte am Montag.",
        [("CAN", "MEMBER_OF", "G7", "positive"), ("JPN", "MEMBER_OF", "G7", "positive")],
    ),
    Case(
        "verb-final-coordinated-objects",
        "Ungarn hat den polnischen Botschafter sowie den Vertreter von Litauen einbestellt.",
        [("HUN", "CRITICIZES", "LTU", "positive"), ("HUN", "CRITICIZES", "POL", "positive")],
    ),
    Case(
        "postposed-genitive",
        "Die Regierung in Berlin verurteilte den Angriff Russlands auf Kiew.",
        [("DEU", "CRITICIZES", "RUS", "positive"), ("RUS", "ATTACKS", "UKR", "positive")],
    ),
    Case(
        "historical-background",
        "Im Jahr 2008 kritisierte Russland die Ukraine.",
        [],
    ),
    Case(
        "victim-is-not-criticised",
        "Österreich verurteilte den Angriff auf Israel.",
        [],
    ),
    Case(
        "separable-verb",
        "Peking warf Washington Einmischung in innere Angelegenheiten vor.",
        [("CHN", "CRITICIZES", "USA", "positive")],
    ),
    Case(
        "separable-verb-negated",
        "Ungarn lehnte die Sanktionen gegen Russland nicht ab.",
        [("HUN", "OPPOSES", "topic:sanctions", "negative")],
    ),
    Case(
        "we-is-the-speaker",
        "„Wir verurteilen den Angriff Russlands auf die Ukraine“, sagte Bundeskanzler Olaf Scholz.",
        [
            ("DEU", "CRITICIZES", "RUS", "positive"),
            ("RUS", "ATTACKS", "UKR", "positive"),
            ("person:olaf-scholz", "LEADER_OF", "DEU", "positive"),
        ],
    ),
    # A dative recipient with a separable verb and its noun ("~" in predicates.tsv).
    Case(
        "dative-recipient-promised-aid",
        "Schweden sagte Moldau weitere finanzielle Hilfe zu.",
        [("SWE", "AIDS", "MDA", "positive")],
    ),
    Case(
        "dative-recipient-assured-support",
        "Am Freitag sicherte Norwegen der Ukraine Unterstützung zu.",
        [("NOR", "AIDS", "UKR", "positive")],
    ),
    Case(
        "dative-recipient-verb-final",
        "Kanada hat Polen Militärhilfe zugesagt.",
        [("CAN", "AIDS", "POL", "positive")],
    ),
    Case(
        "dative-recipient-made-available",
        "Dänemark stellte Lettland Kampfjets zur Verfügung.",
        [("DNK", "AIDS", "LVA", "positive")],
    ),
    # A negation inside the gap of a separable verb negates it (extractor version 3).
    Case(
        "negated-in-gap-promised-aid",
        "Österreich sagte Serbien keine weitere Hilfe zu.",
        [("AUT", "AIDS", "SRB", "negative")],
    ),
    Case(
        "negated-in-gap-made-available",
        "Ungarn stellte der Slowakei keine Panzer zur Verfügung.",
        [("HUN", "AIDS", "SVK", "negative")],
    ),
    Case(
        "promise-without-aid",
        "Italien sagte seine Teilnahme an der Konferenz zu.",
        [],
    ),
    Case(
        "joined-someone",
        "Belgien schloss sich den Niederlanden an.",
        [("BEL", "COOPERATES_WITH", "NLD", "positive")],
    ),
    Case(
        "accuses-dative",
        "Serbien wirft Kroatien Provokationen vor.",
        [("SRB", "CRITICIZES", "HRV", "positive")],
    ),
    Case(
        "threatens-with-is-not-the-act",
        "Nordkorea droht Südkorea mit Angriffen.",
        [("PRK", "THREATENS", "KOR", "positive")],
    ),
    Case(
        "reflexive-behind-and-against",
        "Estland stellte sich hinter Finnland. Ungarn stellte sich gegen die Slowakei.",
        [("EST", "SUPPORTS", "FIN", "positive"), ("HUN", "OPPOSES", "SVK", "positive")],
    ),
]


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources.load()


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_extract_de(case, resources):
    assert extract(case.text, lang="de", resources=resources) == case.expected
