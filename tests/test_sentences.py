"""Sentence and paragraph splitting with offsets into the cleaned text (loaders.sentences)."""

from __future__ import annotations

import pytest

from loaders.sentences import Abbreviations, Sentence, split_paragraphs, split_sentences

CASES = [
    (
        "en-titles-dates",
        "en",
        "Dr. Okafor met Gen. Ruiz on 3 Mar. 2021 in St. Paul. Both left early.",
        ["Dr. Okafor met Gen. Ruiz on 3 Mar. 2021 in St. Paul.", "Both left early."],
    ),
    (
        "en-initials-quotes-numbers",
        "en",
        'Senator John Q. Public said "no deal." The U.S. Navy sent 12,500 sailors.'
        " Why? Nobody knows.",
        [
            'Senator John Q. Public said "no deal."',
            "The U.S. Navy sent 12,500 sailors.",
            "Why?",
            "Nobody knows.",
        ],
    ),
    (
        "en-quote-then-lowercase",
        "en",
        '"Will they come?" asked the envoy. "Yes!" He nodded.',
        ['"Will they come?" asked the envoy.', '"Yes!"', "He nodded."],
    ),
    (
        "sv-abbreviations",
        "sv",
        "Norge och Danmark, bl.a., protesterade mot beslutet, dvs. de röstade nej."
        " Cirka 40,000 bönder demonstrerade den 9 okt. 2023. Regeringen svarade.",
        [
            "Norge och Danmark, bl.a., protesterade mot beslutet, dvs. de röstade nej.",
            "Cirka 40,000 bönder demonstrerade den 9 okt. 2023.",
            "Regeringen svarade.",
        ],
    ),
    (
        "de-ordinal-date-spaced-abbreviation",
        "de",
        "Am 12. März besuchte die Ministerin z. B. Polen und Litauen."
        " Die Gespräche dauerten lange.",
        [
            "Am 12. März besuchte die Ministerin z. B. Polen und Litauen.",
            "Die Gespräche dauerten lange.",
        ],
    ),
    (
        "de-quotes",
        "de",
        "Der Sprecher sagte: „Wir lehnen das ab.“ Danach endete die Sitzung.",
        ["Der Sprecher sagte: „Wir lehnen das ab.“", "Danach endete die Sitzung."],
    ),
    (
        "fr-title-guillemets",
        "fr",
        "M. Dupont a reçu Mme Lavoie. « C'est inacceptable », a-t-elle déclaré. Rien n'a changé.",
        [
            "M. Dupont a reçu Mme Lavoie.",
            "« C'est inacceptable », a-t-elle déclaré.",
            "Rien n'a changé.",
        ],
    ),
    (
        "es-inverted-marks-spaced-abbreviation",
        "es",
        "¿Negociarán? La Sra. Gómez viajó a EE. UU. el martes. ¡Por fin! El acuerdo llegó.",
        [
            "¿Negociarán?",
            "La Sra. Gómez viajó a EE. UU. el martes.",
            "¡Por fin!",
            "El acuerdo llegó.",
        ],
    ),
    (
        "line-break-headline",
        "en",
        "Talks stall in Vienna\nThe delegations met again on Monday\nand agreed on nothing.",
        ["Talks stall in Vienna", "The delegations met again on Monday\nand agreed on nothing."],
    ),
    (
        "decimal-and-ellipsis",
        "en",
        "Growth was 2.5 per cent... Then it fell. Prices rose 3.1% in May.",
        ["Growth was 2.5 per cent...", "Then it fell.", "Prices rose 3.1% in May."],
    ),
]


@pytest.mark.parametrize(
    ("lang", "text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_split_sentences(lang, text, expected):
    assert [s.text for s in split_sentences(text, lang=lang)] == expected


def test_offsets_point_into_the_text_with_offset_and_paragraph():
    text = "  First one here. Second one there.  "
    sentences = split_sentences(text, lang="en", paragraph=3, offset=100)
    assert sentences == [
        Sentence("First one here.", 102, 117, "en", 3),
        Sentence("Second one there.", 118, 135, "en", 3),
    ]
    padded = " " * 100 + text
    assert [padded[s.start : s.end] for s in sentences] == ["First one here.", "Second one there."]


def test_split_paragraphs_trims_and_skips_blank_blocks():
    text = "\n\nA b.\n\n\n  C d.\n  \nE"
    assert split_paragraphs(text) == [(2, 6), (11, 15), (19, 20)]


def test_unknown_language_splits_on_punctuation_only():
    rules = Abbreviations.load("xx")
    assert rules.no_split == frozenset() and rules.months == frozenset()
    assert [s.text for s in split_sentences("Ab cd. Ef gh.", lang="xx", abbreviations=rules)] == [
        "Ab cd.",
        "Ef gh.",
    ]


def test_empty_text_has_no_sentences():
    assert split_sentences("   \n ", lang="en") == []


def test_a_text_without_stops_is_cut_into_bounded_sentences():
    text = ", ".join(f"item {n}" for n in range(400))  # 3,888 characters, no full stop
    sentences = split_sentences(text, lang="en")
    assert [len(s.text) for s in sentences] == [999, 989, 989, 908]
    assert all(text[s.start : s.end] == s.text for s in sentences)
    assert "".join(text[s.start : s.end + 1] for s in sentences[:-1]) + sentences[-1].text == text
