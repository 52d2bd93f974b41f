"""Language identification per article and per paragraph (loaders.language, py3langid)."""

from __future__ import annotations

import pytest

from loaders.language import LanguageDetector, Languages


@pytest.fixture(scope="module")
def detector():
    return LanguageDetector.load()


SAMPLES = [
    ("en", "The two governments agreed to resume talks on the disputed border next spring."),
    ("sv", "De två regeringarna kom överens om att återuppta samtalen om gränsen i vår."),
    ("de", "Die beiden Regierungen vereinbarten, die Gespräche über die Grenze fortzusetzen."),
    ("fr", "Les deux gouvernements ont convenu de reprendre les pourparlers sur la frontière."),
    ("es", "Los dos gobiernos acordaron reanudar las conversaciones sobre la frontera."),
    (
        "it",
        "I due governi hanno deciso di riprendere i colloqui sul confine la prossima primavera.",
    ),
]


@pytest.mark.parametrize(("lang", "text"), SAMPLES, ids=[s[0] for s in SAMPLES])
def test_detect(detector, lang, text):
    assert detector.detect(text)[0] == lang


def test_supported_languages_come_from_the_data_file():
    languages = Languages.load()
    assert languages.supported == ("en", "sv", "de", "fr", "es")
    assert {"it", "ru", "no", "da"} <= set(languages.candidates)


def test_unsupported_language_is_detected_not_forced(detector):
    assert detector.is_supported("it") is False and detector.is_supported("sv") is True


def test_paragraphs_switch_only_when_long_clear_and_supported(detector):
    paragraphs = [
        "Kina",  # a headline: too short to judge, inherits the article's language
        "De två regeringarna kom överens om att återuppta samtalen om gränsen redan i vår.",
        "The statement said both governments would resume talks on the border next spring.",
        "I due governi hanno deciso di riprendere i colloqui sul confine la prossima primavera.",
    ]
    assert detector.detect_paragraphs(paragraphs, article_lang="sv") == (
        "sv",
        ["sv", "sv", "en", "sv"],
    )


def test_article_language_is_the_vote_of_its_paragraphs(detector):
    paragraphs = [
        "Kina",
        "De två regeringarna kom överens om att återuppta samtalen om gränsen redan i vår.",
        "Utrikesministern sade att samtalen var konstruktiva och att båda sidor ville fortsätta.",
        "The statement said both governments would resume talks on the border next spring.",
    ]
    assert detector.detect_paragraphs(paragraphs) == ("sv", ["sv", "sv", "sv", "en"])


def test_short_text_is_judged_as_a_whole(detector):
    assert detector.detect_paragraphs(["Kina och Ryssland", "Ett möte"]) == ("sv", ["sv", "sv"])
