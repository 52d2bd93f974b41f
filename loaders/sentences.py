"""Split cleaned article text into paragraphs and sentences with character offsets.

Offsets always point into the cleaned article text (``Article.text``): ``sentence.text ==
article.text[sentence.start:sentence.end]``. The splitter is rule-based and per language; the
abbreviations that end in a full stop without ending a sentence live in
``loaders/data/<lang>/abbreviations.tsv``; month names (for German ordinal dates such as
"am 4. Februar") come from CLDR through babel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import get_month_names

from kg.errors import ConfigError
from kg.paths import lexicon_dir
from loaders.tsv import data_rows

__all__ = [
    "Abbreviations",
    "Sentence",
    "load_abbreviations",
    "split_paragraphs",
    "split_sentences",
]

KINDS = ("title", "inner", "final")
MAX_SENTENCE_CHARS = 1000

# A sentence may end at terminal punctuation, optionally followed by closing quotes or brackets,
# then whitespace; the lookahead checks that something that can start a sentence follows.
_CANDIDATE = re.compile(r"[.!?…]+[\"'”’»«“‘)\]]*(?=\s)")
_NEXT_START = re.compile(r"\s+[\"'“‘„‚«»(\[¿¡\-–—•*]*\s*(\w)")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_LINE_BREAK = re.compile(r"\n[ \t]*(?=\S)")
_LIST_MARKER = re.compile(r"[-–—•*]\s|\d+[.)]\s")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: its text, offsets into the cleaned article text, language and paragraph."""

    text: str
    start: int
    end: int
    lang: str
    paragraph: int


@dataclass(frozen=True, slots=True)
class Abbreviations:
    """What the splitter knows about one language: abbreviations by kind and month names."""

    lang: str
    no_split: frozenset[str]
    final: frozenset[str]
    spaced: tuple[str, ...]
    months: frozenset[str]

    @classmethod
    def load(cls, lang: str, path: Path | None = None) -> Abbreviations:
        """Read ``abbreviations.tsv`` for ``lang``; an unknown language gives an empty set."""
        path = path or lexicon_dir(lang) / "abbreviations.tsv"
        rows = _read_tsv(path) if path.is_file() else []
        no_split: set[str] = set()
        final: set[str] = set()
        for where, abbreviation, kind in rows:
            if kind not in KINDS:
                raise ConfigError(f"{where}: unknown kind {kind!r}; use one of {', '.join(KINDS)}")
            target = final if kind == "final" else no_split
            target.add(abbreviation)
            target.add(abbreviation[:1].upper() + abbreviation[1:])
        spaced = tuple(sorted((a for a in no_split | final if " " in a), key=len, reverse=True))
        return cls(lang, frozenset(no_split), frozenset(final), spaced, _month_names(lang))

    def kind_of(self, word: str) -> str | None:
        """Return "no_split", "final" or None for a word that ends in a full stop."""
        if word in self.no_split:
            return "no_split"
        if word in self.final:
            return "final"
        return None


def load_abbreviations(langs: tuple[str, ...]) -> dict[str, Abbreviations]:
    """Load the abbreviations of several languages at once (the pipeline does this once)."""
    return {lang: Abbreviations.load(lang) for lang in langs}


def _read_tsv(path: Path) -> list[tuple[str, str, str]]:
    return [(where, first, second) for where, (first, second) in data_rows(path, 2, strip=False)]


def _month_names(lang: str) -> frozenset[str]:
    try:
        locale = Locale.parse(lang)
    except (ValueError, TypeError, UnknownLocaleError):
        return frozenset()
    names: set[str] = set()
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for name in get_month_names(width, context, locale=locale).values():
                names.add(name.rstrip("."))
                names.add(name[:1].upper() + name[1:].rstrip("."))
    return frozenset(names)


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of each blank-line separated block, whitespace trimmed, in order."""
    spans = []
    position = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        spans.append((position, match.start()))
        position = match.end()
    spans.append((position, len(text)))
    result = []
    for start, end in spans:
        block = text[start:end]
        stripped = block.strip()
        if stripped:
            lead = len(block) - len(block.lstrip())
            result.append((start + lead, start + lead + len(stripped)))
    return result


def split_sentences(
    text: str,
    *,
    lang: str,
    paragraph: int = 0,
    offset: int = 0,
    abbreviations: Abbreviations | None = None,
) -> list[Sentence]:
    """Split one paragraph (or any text) into sentences; offsets are ``offset`` + index in text.

    >>> text = "Mr. Li met Ms. Ek on 4 Feb. 2022. They agreed."
    >>> [s.text for s in split_sentences(text, lang="en")]
    ['Mr. Li met Ms. Ek on 4 Feb. 2022.', 'They agreed.']
    """
    rules = abbreviations if abbreviations is not None else Abbreviations.load(lang)
    cuts = sorted(set(_line_cuts(text)) | set(_punctuation_cuts(text, rules)))
    cuts = _bound(text, cuts)
    sentences = []
    start = 0
    for cut in [*cuts, len(text)]:
        piece = text[start:cut]
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            begin = offset + start + lead
            sentences.append(Sentence(stripped, begin, begin + len(stripped), lang, paragraph))
        start = cut
    return sentences


def _bound(text: str, cuts: list[int]) -> list[int]:
    """Add cuts so no sentence exceeds MAX_SENTENCE_CHARS (a table or a list without stops).

    Later stages look at pairs of words in a sentence; a bound keeps them fast on any input.
    The extra cut goes after the last comma, semicolon or space before the limit.
    """
    bounded: list[int] = []
    start = 0
    for cut in [*cuts, len(text)]:
        while cut - start > MAX_SENTENCE_CHARS:
            window = text[start : start + MAX_SENTENCE_CHARS]
            split = max(window.rfind("; "), window.rfind(", "))
            if split < MAX_SENTENCE_CHARS // 2:
                split = window.rfind(" ")
            start = start + (split + 1 if split > 0 else MAX_SENTENCE_CHARS)
            bounded.append(start)
        if cut < len(text):
            bounded.append(cut)
        start = cut
    return bounded


def _line_cuts(text: str) -> list[int]:
    """Cut at a line break when the next line cannot continue the sentence (headline, list)."""
    cuts = []
    for match in _LINE_BREAK.finditer(text):
        following = text[match.end() :]
        first = following[:1]
        if not first.islower() or _LIST_MARKER.match(following):
            cuts.append(match.start())
    return cuts


def _punctuation_cuts(text: str, rules: Abbreviations) -> list[int]:
    cuts = []
    for match in _CANDIDATE.finditer(text):
        end = match.end()
        following = _NEXT_START.match(text, end)
        if following is None:
            continue
        first = following.group(1)
        if first.islower():
            continue
        if match.group().startswith(".") and not match.group().startswith("..."):
            if _is_abbreviation(text, match.start(), rules, first):
                continue
            if _is_ordinal_date(text, match.start(), following, rules):
                continue
        cuts.append(end)
    return cuts


def _word_before(text: str, period: int) -> str:
    """Return the whitespace-delimited word ending with the full stop at ``period``."""
    start = period
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start : period + 1].lstrip("\"'“‘«([¿¡")


def _is_abbreviation(text: str, period: int, rules: Abbreviations, first: str) -> bool:
    word = _word_before(text, period)
    kind = rules.kind_of(word)
    if kind == "no_split":
        return True
    if kind == "final":
        return False
    stem = word[:-1]
    if len(stem) == 1 and stem.isalpha() and stem.isupper():
        return True  # an initial: "George W. Bush", "J. K. Rowling"
    for spaced in rules.spaced:
        # "z. B.", "EE. UU.": the full stop may sit inside or at the end of a spaced abbreviation.
        for index, char in enumerate(spaced):
            if char == "." and text[period - index : period - index + len(spaced)] == spaced:
                return index < len(spaced) - 1 or spaced in rules.no_split
    return False


def _is_ordinal_date(
    text: str, period: int, following: re.Match[str], rules: Abbreviations
) -> bool:
    """Keep "am 4. Februar" together: a number with a full stop before a month name."""
    number = _word_before(text, period)[:-1]
    if not (number.isdigit() and len(number) <= 2):
        return False
    next_word = re.match(r"\w+", text[following.start(1) :])
    return next_word is not None and next_word.group() in rules.months
