"""Cleaning: boilerplate lines per language, whitespace and quote normalisation (loaders.clean)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.errors import ConfigError
from loaders.clean import Cleaner, article_id, clean_text, normalise_text, strip_markdown

LANGS = ("en", "sv", "de", "fr", "es")


@pytest.fixture(scope="module")
def cleaner():
    return Cleaner.load(LANGS)


BOILERPLATE = [
    ("en-share", "Share this article:"),
    ("en-advert", "Advertisement"),
    ("en-byline", "By Jane Q. Doe, Diplomatic Correspondent"),
    ("en-cookies", "We use cookies to improve your experience on our site."),
    ("en-published", "Published on 12 May 2024 09:10"),
    ("sv-annons", "Annons"),
    ("sv-dela", "DELA MED SIG:"),
    ("sv-dela-artikeln", "Dela den här artikeln:"),
    ("de-teilen", "Diesen Artikel teilen"),
    ("fr-partager", "Partager cet article"),
    ("es-compartir", "Compartir este artículo"),
    ("en-share-story", "Share this story"),
    ("sv-read-more", "Läs också: Så reagerade grannländerna"),
    ("sv-newsletter", "Prenumerera på vårt nyhetsbrev och få nyheterna varje morgon."),
    ("sv-published", "Publicerad 2023-06-01"),
    ("de-anzeige", "Anzeige"),
    ("de-byline", "Von Anna Berger und Paul Roth"),
    ("de-more", "Mehr zum Thema: Gipfel in Brüssel"),
    ("fr-lire-aussi", "Lire aussi : Les Vingt-Sept divisés"),
    ("fr-cookies", "Ce site utilise des cookies pour mesurer l'audience."),
    ("es-publicidad", "Publicidad"),
    ("es-byline", "Por María López, corresponsal en Bruselas"),
]

CONTENT = [
    ("en-by-monday", "By Monday, the talks had collapsed."),
    ("en-published-figures", "Published figures show exports fell."),
    ("sv-sentence", "Sverige delar underrättelser med Finland."),
    ("de-von-sentence", "Von Russland wurde der Vorschlag abgelehnt."),
    ("fr-par-sentence", "Par ailleurs, Paris a salué l'accord."),
    ("es-por-sentence", "Por su parte, Madrid criticó la decisión."),
]


@pytest.mark.parametrize("line", [c[1] for c in BOILERPLATE], ids=[c[0] for c in BOILERPLATE])
def test_boilerplate_lines_are_recognised(cleaner, line):
    assert cleaner.is_boilerplate(line) is True


@pytest.mark.parametrize("line", [c[1] for c in CONTENT], ids=[c[0] for c in CONTENT])
def test_article_sentences_are_kept(cleaner, line):
    assert cleaner.is_boilerplate(line) is False


def test_clean_text_drops_lines_and_keeps_paragraphs(cleaner):
    raw = (
        "Annons\r\n\r\nNorge  och\u00a0Danmark protesterade.\r\nDELA MED SIG:\r\n"
        "\r\n\r\n\r\nRegeringen svarade \u201cnej\u201d och l\u2019ambassad teg.\u200b"
    )
    assert clean_text(raw, cleaner=cleaner) == (
        'Norge och Danmark protesterade.\n\nRegeringen svarade "nej" och l\'ambassad teg.'
    )


def test_normalise_text_is_idempotent_and_keeps_guillemets():
    text = "  « Non »,\u202fa-t-il dit.\t\n\n\n\nFin\u00ad. "
    once = normalise_text(text)
    assert once == "« Non », a-t-il dit.\n\nFin."
    assert normalise_text(once) == once


def test_strip_markdown():
    text = "# Title\n\n> Quoted **bold** text and [a link](https://example.org)."
    assert strip_markdown(text) == "Title\n\nQuoted bold text and a link."


def test_article_id_ignores_whitespace_and_is_stable():
    assert article_id("Russia  and\nChina met.") == article_id("Russia and China met. ")
    # sha1 of the normalised text: a change here changes every stored article id.
    assert article_id("Russia and China met.") == "article-0b4e48ac951c2e6f"


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200))
def test_normalise_text_is_idempotent(text):
    once = normalise_text(text)
    assert normalise_text(once) == once


@given(st.text(alphabet=" \n\t\u00a0abc.\u201c\u201d", max_size=80))
def test_clean_text_is_idempotent(text):
    cleaner = Cleaner.load(["en"])
    once = clean_text(text, cleaner=cleaner)
    assert clean_text(once, cleaner=cleaner) == once


def test_bad_rule_file_names_file_and_line(tmp_path):
    folder = tmp_path / "xx"
    folder.mkdir()
    (folder / "boilerplate.tsv").write_text("match\tcase\tpattern\nline\ti\t(unclosed\n")
    with pytest.raises(ConfigError) as caught:
        Cleaner.load(["xx"], data_dir=tmp_path)
    assert str(caught.value).startswith(f"{folder / 'boilerplate.tsv'}:2: bad regular expression:")
