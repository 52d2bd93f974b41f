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

from kg.errors import InputError
from kg.paths import loaders_data_dir

__all__ = ["LanguageDetector", "Languages"]

# Below these sizes the classifier guesses; a headline ("Kina") inherits the article's language.
MIN_PARAGRAPH_CHARS = 80
MIN_PARAGRAPH_CONFIDENCE = 0.95


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
        header_seen = False
        for number, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not row.strip() or row.startswith("#"):
                continue
            if not header_seen:
                header_seen = True
                continue
            fields = row.split("\t")
            if len(fields) != 2 or fields[1] not in ("yes", "no"):
                raise InputError(f"{path}:{number}: expected: code<TAB>yes|no")
            candidates.append(fields[0])
            if fields[1] == "yes":
                supported.append(fields[0])
        return cls(tuple(candidates), tuple(supported))


class LanguageDetector:
    """A py3langid classifier restricted to the configured languages (load once per process)."""

    def __init__(self, languages: Languages) -> None:
        self.languages = languages
        self._identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        try:
            self._identifier.set_languages(list(languages.candidates))
        except ValueError as err:
            raise InputError(f"languages.tsv: {err}; use codes that py3langid knows") from err

    @classmethod
    def load(cls) -> LanguageDetector:
        return cls(Languages.load())

    def is_supported(self, lang: str) -> bool:
        return lang in self.languages.supported

    def detect(self, text: str) -> tuple[str, float]:
        """Return the most likely language code and its probability."""
        lang, confidence = self._identifier.classify(text)
        return str(lang), float(confidence)

    def detect_paragraphs(self, paragraphs: list[str], *, article_lang: str) -> list[str]:
        """Return one language per paragraph: its own when it clearly differs, else the article's.

        A paragraph switches only to a supported language, so a mixed Swedish-English article
        gets both, while a Swedish paragraph mistaken for Norwegian stays Swedish.
        """
        result = []
        for paragraph in paragraphs:
            lang = article_lang
            if len(paragraph) >= MIN_PARAGRAPH_CHARS:
                found, confidence = self.detect(paragraph)
                if (
                    found != article_lang
                    and confidence >= MIN_PARAGRAPH_CONFIDENCE
                    and self.is_supported(found)
                ):
                    lang = found
            result.append(lang)
        return result
