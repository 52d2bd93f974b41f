"""English extraction: sentences written for these tests and the exact claims they state."""

from __future__ import annotations

import pytest
from extract_cases import Case, extract

from loaders.resources import Resources

CASES = [
    Case(
        "nested-measure",
        "Canada condemned the Iranian missile strikes on Israel.",
        [("CAN", "CRITICIZES", "IRN", "positive"), ("IRN", "ATTACKS", "ISR", "positive")],
    ),
    Case(
        "passive",
        "Japan was criticised by South Korea over the decision.",
        [("KOR", "CRITICIZES", "JPN", "positive")],
    ),
    Case(
        "coordinated-subjects",
        "Brazil and India said they were concerned about Argentina.",
        [
            ("BRA", "CONCERNED_ABOUT", "ARG", "positive"),
            ("IND", "CONCERNED_ABOUT", "ARG", "positive"),
        ],
    ),
    Case(
        "joined-in-opposing",
        "Poland joined Lithuania in rejecting the pipeline project.",
        [
            ("LTU", "OPPOSES", "topic:pipeline-project", "positive"),
            ("POL", "COOPERATES_WITH", "LTU", "positive"),
            ("POL", "OPPOSES", "topic:pipeline-project", "positive"),
        ],
    ),
    Case(
        "denial",
        "Serbia denies planning to attack Kosovo.",
        [("SRB", "ATTACKS", "XKX", "negative")],
    ),
    Case(
        "negation",
        "Mexico has not imposed sanctions on Cuba.",
        [("MEX", "SANCTIONS", "CUB", "negative")],
    ),
    Case("conditional", "If Turkey attacked Greece, the alliance would respond.", []),
    Case("question", "Will Spain support Morocco?", []),
    Case(
        "the-two-countries",
        "Egypt and Qatar held talks on Monday. The two countries later criticised Israel.",
        [
            ("EGY", "CRITICIZES", "ISR", "positive"),
            ("EGY", "MEETS", "QAT", "positive"),
            ("QAT", "CRITICIZES", "ISR", "positive"),
        ],
    ),
    Case(
        "office-and-leader",
        "Russian President Vladimir Putin criticised NATO on Tuesday.",
        [
            ("RUS", "CRITICIZES", "NATO", "positive"),
            ("person:vladimir-putin", "LEADER_OF", "RUS", "positive"),
        ],
    ),
    Case(
        "adjective-subject",
        "Russian troops massed near Ukraine.",
        [("RUS", "MOBILIZES_AGAINST", "UKR", "positive")],
    ),
    Case(
        "members-of-a-pact",
        "China criticised the AUKUS pact between Australia, Britain and the United States.",
        [
            ("AUS", "MEMBER_OF", "AUKUS", "positive"),
            ("CHN", "CRITICIZES", "AUKUS", "positive"),
            ("GBR", "MEMBER_OF", "AUKUS", "positive"),
            ("USA", "MEMBER_OF", "AUKUS", "positive"),
        ],
    ),
    Case(
        "reported-speech",
        "Sweden will send weapons to Ukraine, the Swedish government said.",
        [("SWE", "AIDS", "UKR", "positive")],
    ),
    Case(
        "leaving",
        "The United Kingdom left the European Union.",
        [("GBR", "MEMBER_OF", "EU", "negative")],
    ),
    Case("joining", "Finland joined NATO.", [("FIN", "MEMBER_OF", "NATO", "positive")]),
    Case(
        "demand-on-actor",
        "Norway urged Venezuela to release the prisoners.",
        [("NOR", "DEMANDS", "VEN", "positive")],
    ),
    Case(
        "criticism-of-measure-takers",
        "Canada condemned the sanctions imposed by Russia and Belarus on Lithuania.",
        [
            ("BLR", "SANCTIONS", "LTU", "positive"),
            ("CAN", "CRITICIZES", "BLR", "positive"),
            ("CAN", "CRITICIZES", "RUS", "positive"),
            ("RUS", "SANCTIONS", "LTU", "positive"),
        ],
    ),
    Case(
        "demand-that-clause",
        "Turkey demanded that Sweden change its laws.",
        [("TUR", "DEMANDS", "SWE", "positive")],
    ),
    Case(
        "aid-to-recipient",
        "Norway will send weapons, tents, generators and medical kits to Moldova.",
        [("NOR", "AIDS", "MDA", "positive")],
    ),
    Case(
        "relative-antecedent",
        "Officials worried about Ukraine, which Russia invaded.",
        [("RUS", "ATTACKS", "UKR", "positive")],
    ),
    Case(
        "comma-is-no-coordination",
        "Chile criticised Peru, the foreign ministry said.",
        [("CHL", "CRITICIZES", "PER", "positive")],
    ),
    Case(
        "reciprocal",
        "Armenia and Azerbaijan accused each other of shelling.",
        [("ARM", "CRITICIZES", "AZE", "positive"), ("AZE", "CRITICIZES", "ARM", "positive")],
    ),
    Case(
        "refused-to",
        "Brazil refused to condemn Russia.",
        [("BRA", "CRITICIZES", "RUS", "negative")],
    ),
    Case(
        "asked-for-not-done",
        "Sweden urged Hungary to support Ukraine.",
        [("SWE", "DEMANDS", "HUN", "positive")],
    ),
    Case(
        "drew-from",
        "OSLO: Norway’s decision drew sharp criticism from Russia.",
        [("RUS", "CRITICIZES", "NOR", "positive")],
    ),
    Case(
        "protest-over",
        "Vietnam lodged a protest over the Chinese survey ship.",
        [("VNM", "CRITICIZES", "CHN", "positive")],
    ),
    Case(
        "officials-from",
        "Kenya and Ethiopia signed a deal. "
        "Talks between Egypt and officials from the two countries followed.",
        [
            ("EGY", "MEETS", "ETH", "positive"),
            ("EGY", "MEETS", "KEN", "positive"),
            ("KEN", "AGREES_WITH", "ETH", "positive"),
            ("KEN", "MEETS", "ETH", "positive"),
        ],
    ),
    Case(
        "membership-stance",
        "Hungary opposes Ukraine joining the European Union.",
        [("HUN", "OPPOSES", "topic:ukraine-european-union-membership", "positive")],
    ),
    Case(
        "historical-background",
        "In 1939, the Soviet Union invaded Finland.",
        [],
    ),
    Case(
        "relative-clause-between-commas",
        "Russia, which borders Ukraine, criticised Finland.",
        [("RUS", "CRITICIZES", "FIN", "positive")],
    ),
    Case(
        "name-modifies-noun",
        "Russia vetoed the UN resolution on Syria.",
        [("RUS", "OPPOSES", "topic:un-resolution", "positive")],
    ),
    Case(
        "object-type-not-allowed",
        "Norway is worried about the humanitarian situation in Gaza.",
        [("NOR", "CONCERNED_ABOUT", "topic:humanitarian-situation", "positive")],
    ),
    Case(
        "from-is-a-place-for-strikes",
        "Russia launched missile strikes from Belarus.",
        [],
    ),
]


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources.load()


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_extract_en(case, resources):
    assert extract(case.text, lang="en", resources=resources) == case.expected
