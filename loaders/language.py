"""Identify the language of an article and of its paragraphs (py3langid, a trained classifier).

The candidates are restricted to the languages in ``loaders/data/languages.tsv``: the five that
extraction supports and common others, so that an Italian or Russian article is reported as such
instead of being forced into the nearest supported language. A paragraph gets its own language
only when it is long enough and the classifier is confident; otherwise it inherits the article's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from kg.errors import ConfigError
from kg.paths import loaders_data_dir
from loaders.tsv import data_rows

__all__ = ["LanguageDetector", "Languages"]

# Below these sizes the classifier guesses; a headline ("Kina") inherits the article's language.
MIN_PARAGRAPH_CHARS = 80
MIN_PARAGRAPH_CONFIDENCE = 0.95
SAMPLE_CHARS = 160


@dataclass(frozen=True, slots=True)
class Languages:
    """What the detector may answer (``candidates``) and what extraction supports."""

    candidates: tuple[str, ...]
    supported: tuple[str, ...]

    @classmethod
    def load(cls, path: Path | None = None) -> Languages:
        """Read languages.tsv (code, supported yes/no)."""
        path = path or loaders_data_dir() / "languages.tsv"
        candidates: list[str] = []
        supported: list[str] = []
        for where, (code, is_supported) in data_rows(path, 2):
            if is_supported not in ("yes", "no"):
                raise ConfigError(f"{where}: expected: code<TAB>yes|no")
            candidates.append(code)
            if is_supported == "yes":
                supported.append(code)
        return cls(tuple(candidates), tuple(supported))


class LanguageDetector:
    """A py3langid classifier restricted to the configured languages (load once per process)."""

    def __init__(self, languages: Languages) -> None:
        self.languages = languages
        self._identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        try:
            self._identifier.set_languages(list(languages.candidates))
        except ValueError as err:
            raise ConfigError(f"languages.tsv: {err}; use codes that py3langid knows") from err

    @classmethod
    def load(cls) -> LanguageDetector:
        return cls(Languages.load())

    def is_supported(self, lang: str) -> bool:
        return lang in self.languages.supported

    def detect(self, text: str) -> tuple[str, float]:
        """Return the most likely language code and its probability."""
        lang, confidence = self._identifier.classify(text)
        return str(lang), float(confidence)

    def detect_paragraphs(
        self, paragraphs: list[str], *, article_lang: str | None = None
    ) -> tuple[str, list[str]]:
        """Return the article's language and one language per paragraph.

        Each paragraph long enough to judge is classified once, on its first SAMPLE_CHARS
        characters (the classifier walks every byte in Python, so samples bound its cost). The
        article's language, unless given, is the vote of those paragraphs weighted by sample
        length and confidence. A paragraph keeps its own language only when that differs
        confidently and is supported, so a mixed Swedish-English article gets both, while a
        Swedish paragraph mistaken for Norwegian stays Swedish.
        """
        guesses: list[tuple[str, float] | None] = [
            self.detect(p[:SAMPLE_CHARS]) if len(p) >= MIN_PARAGRAPH_CHARS else None
            for p in paragraphs
        ]
        if article_lang is None:
            votes: dict[str, float] = {}
            for paragraph, guess in zip(paragraphs, guesses, strict=True):
                if guess is not None:
                    weight = min(len(paragraph), SAMPLE_CHARS) * guess[1]
                    votes[guess[0]] = votes.get(guess[0], 0.0) + weight
            if votes:
                article_lang = max(sorted(votes), key=lambda lang: votes[lang])
            else:
                article_lang = self.detect(" ".join(paragraphs)[: SAMPLE_CHARS * 4])[0]
        langs = []
        for guess in guesses:
            lang = article_lang
            if (
                guess is not None
                and guess[0] != article_lang
                and guess[1] >= MIN_PARAGRAPH_CONFIDENCE
                and self.is_supported(guess[0])
            ):
                lang = guess[0]
            langs.append(lang)
        return article_lang, langs
