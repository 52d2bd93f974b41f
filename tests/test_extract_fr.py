"""French extraction: sentences written for these tests and the exact claims they state."""

from __future__ import annotations

import pytest
from extract_cases import Case, extract

from loaders.resources import Resources

CASES = [
    Case(
        "postposed-adjective",
        "La France condamne l’invasion russe de l’Ukraine.",
        [("FRA", "CRITICIZES", "RUS", "positive"), ("RUS", "ATTACKS", "UKR", "positive")],
    ),
    Case(
        "passive",
        "L’Iran a été critiqué par l’Allemagne.",
        [("DEU", "CRITICIZES", "IRN", "positive")],
    ),
    Case(
        "les-deux-pays",
        "Le Maroc et l’Espagne ont signé un accord. Les deux pays ont critiqué l’Algérie.",
        [
            ("ESP", "CRITICIZES", "DZA", "positive"),
            ("MAR", "AGREES_WITH", "ESP", "positive"),
            ("MAR", "CRITICIZES", "DZA", "positive"),
        ],
    ),
    Case(
        "denial",
        "La Russie nie vouloir attaquer la Moldavie.",
        [("RUS", "ATTACKS", "MDA", "negative")],
    ),
    Case(
        "conditional",
        "Si la Chine attaque Taïwan, les États-Unis pourraient réagir.",
        [],
    ),
    Case(
        "demand",
        "La Suède exhorte la Turquie à ratifier le protocole.",
        [("SWE", "DEMANDS", "TUR", "positive")],
    ),
    Case(
        "concern",
        "Le Japon est préoccupé par la Corée du Nord.",
        [("JPN", "CONCERNED_ABOUT", "PRK", "positive")],
    ),
    Case(
        "mutual-break",
        "Le Maroc et l’Algérie ont rompu leurs relations diplomatiques.",
        [("DZA", "SANCTIONS", "MAR", "positive"), ("MAR", "SANCTIONS", "DZA", "positive")],
    ),
    Case(
        "asked-not-done",
        "Le Canada appelle les pays voisins à soutenir la paix.",
        [],
    ),
    Case(
        "participle-passive",
        "Israël a été accusé par l’Afrique du Sud de génocide.",
        [("ZAF", "CRITICIZES", "ISR", "positive")],
    ),
]


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources.load()


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_extract_fr(case, resources):
    assert extract(case.text, lang="fr", resources=resources) == case.expected
