"""Clean article text: drop boilerplate lines, normalise whitespace, quotes and Unicode.

The cleaned text becomes ``Article.text``; every evidence offset points into it. Boilerplate
(share and subscribe prompts, "Annons", "DELA MED SIG:", bylines, cookie notices) is described per
language in ``loaders/data/<lang>/boilerplate.tsv``. Cleaning runs before language detection, so
the rules of every supported language apply to every article; they are written to be specific
enough for that (a whole line, or a phrase no article sentence would contain).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.errors import ConfigError
from kg.paths import lexicon_dir
from loaders.tsv import data_rows

__all__ = ["Cleaner", "article_id", "clean_text", "normalise_text", "strip_markdown"]

MATCHES = ("line", "contains")
CASES = ("i", "s")

# Characters that only get in the way of matching: zero-width marks, the byte-order mark and soft
# hyphens go; the many Unicode spaces become a plain space; typographic double and single quotes
# become ASCII (guillemets stay: they mark quotations in fr/es/de and the splitter knows them).
_DELETE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_TRANSLATE = {
    **_DELETE,
    **dict.fromkeys(map(ord, "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"), " "),
    **dict.fromkeys(map(ord, "\u2008\u2009\u200a\u202f\u205f\u3000\t\f\v"), " "),
    **dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f\u2033"), '"'),
    **dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032"), "'"),
}
_SPACES = re.compile(r" {2,}")
_BLANK_LINES = re.compile(r"\n{3,}")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}[ \t]+|^>[ \t]?", re.MULTILINE)
_MARKDOWN_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MARKDOWN_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")


@dataclass(frozen=True, slots=True)
class _Phrase:
    """A "contains" rule with the literal text any match must include (a cheap test first)."""

    literal: str
    is_casefolded: bool
    regex: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Cleaner:
    """Compiled boilerplate rules of several languages (load once, use for every article)."""

    line: re.Pattern[str] | None
    phrases: tuple[_Phrase, ...]

    @classmethod
    def load(cls, langs: Iterable[str], *, data_dir: Path | None = None) -> Cleaner:
        """Read ``boilerplate.tsv`` of each language; bad rows raise ConfigError (file:line)."""
        lines: list[str] = []
        phrases: list[_Phrase] = []
        for lang in langs:
            path = (data_dir / lang if data_dir else lexicon_dir(lang)) / "boilerplate.tsv"
            if not path.is_file():
                continue
            for match, case, pattern in _read_rules(path):
                if match == "line":
                    lines.append(f"(?{'i' if case == 'i' else '-i'}:{pattern})")
                else:
                    literal = required_literal(pattern)
                    phrases.append(
                        _Phrase(
                            literal.lower() if case == "i" else literal,
                            case == "i",
                            re.compile(pattern, re.IGNORECASE if case == "i" else 0),
                        )
                    )
        return cls(re.compile("|".join(lines)) if lines else None, tuple(phrases))

    def is_boilerplate(self, line: str) -> bool:
        """Tell whether a trimmed line is boilerplate."""
        if self.line is not None and self.line.fullmatch(line):
            return True
        # One regular expression per phrase is slow on long paragraphs; "in" on the literal that
        # every match contains rules out almost all lines first.
        folded = line.lower()
        return any(
            phrase.literal in (folded if phrase.is_casefolded else line)
            and phrase.regex.search(line) is not None
            for phrase in self.phrases
        )


def required_literal(pattern: str) -> str:
    r"""Return the longest run of plain characters outside groups that every match contains.

    >>> required_literal(r"\b(we|this site) uses? cookies\b")
    ' cookies'
    >>> required_literal(r"a|b")
    ''
    """
    if "|" in _top_level(pattern):
        return ""
    runs: list[str] = []
    current: list[str] = []
    depth = 0
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            runs.append("".join(current))
            current = []
            continue
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif depth == 0 and char in "?*+{":
            if current:
                current.pop()  # the quantified character is optional or repeated
        elif depth == 0 and char not in ".^$":
            current.append(char)
            index += 1
            continue
        runs.append("".join(current))
        current = []
        index += 1
    runs.append("".join(current))
    return max(runs, key=len)


def _top_level(pattern: str) -> str:
    """Return the characters of a pattern that are outside any group or class."""
    depth = 0
    kept = []
    escaped = False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif depth == 0:
            kept.append(char)
    return "".join(kept)


def _read_rules(path: Path) -> list[tuple[str, str, str]]:
    rules = []
    for where, (match, case, pattern) in data_rows(path, 3, strip=False):
        if match not in MATCHES or case not in CASES:
            raise ConfigError(f"{where}: match must be line or contains and case i or s")
        try:
            re.compile(pattern)
        except re.error as err:
            raise ConfigError(f"{where}: bad regular expression: {err}") from err
        rules.append((match, case, pattern))
    return rules


def normalise_text(text: str) -> str:
    """Normalise Unicode (NFC), line ends, spaces and quotes; keep paragraphs and line breaks."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.translate(_TRANSLATE)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def clean_text(text: str, *, cleaner: Cleaner) -> str:
    """Return the cleaned text: normalised, with boilerplate lines dropped.

    >>> cleaner = Cleaner.load(["en"])
    >>> clean_text("Share this article\\n\\nRussia  said “no”.\\nAdvertisement", cleaner=cleaner)
    'Russia said "no".'
    """
    # A dropped line leaves an empty line, so the text around it stays in separate blocks.
    kept = [
        "" if line and cleaner.is_boilerplate(line) else line
        for line in normalise_text(text).split("\n")
    ]
    return _BLANK_LINES.sub("\n\n", "\n".join(kept)).strip()


def strip_markdown(text: str) -> str:
    """Remove Markdown markup that is not text: heading and quote marks, emphasis, link targets."""
    text = _MARKDOWN_LINK.sub(r"\1", text)
    text = _MARKDOWN_EMPHASIS.sub(r"\2", text)
    return _MARKDOWN_HEADING.sub("", text)


def article_id(text: str) -> str:
    """Return a stable id for an article without one: a hash of its normalised text.

    Whitespace and Unicode form do not change it, nor do changes to the boilerplate rules.
    """
    key = " ".join(unicodedata.normalize("NFC", text).split())
    return "article-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
