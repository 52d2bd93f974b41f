"""Per-language lexicons for relation extraction: triggers, cues and function words.

Every language has the same files in ``loaders/data/<lang>/`` (spaCy's ``lang/<code>/`` shape,
as TSV). A trigger is a lemma or a multi-word expression of lemmas mapped to a predicate of the
schema; a token written ``stem*`` matches any word that starts with the stem and ``*stem`` any
word that ends with it, which covers inflection and compounds ("Raketenangriff") that the
lemmatiser does not know; ``_`` is a gap up to a particle that ends the clause ("werfen _ vor");
``~`` is a short gap inside the clause, for a particle or noun a few words on ("lägga ~ fram",
"ställa ~ sig ~ bakom", "sagen ~ *hilfe zu").

- ``predicates.tsv``: trigger, predicate, polarity, frame, confidence; frames: verb, adj
  (predicative adjective, never passive), noun, sym (symmetric), join, members
- ``attribution.tsv``: cue, kind (verb: the speaker stands next to it; prep: the speaker follows)
- ``negation.tsv``: cue, kind (negation: negates the next trigger; denial: denies what follows)
- ``participles.tsv`` (only where the lemmatiser misses them): infinitive ending, participle
  endings ("er" -> "é|ée|és|ées"); verbs and cues also match their regular participles
- ``hedges.tsv``: cue, factor (multiplies the confidence of claims in the sentence)
- ``conditionals.tsv``: cue, position (any | initial): claims under the cue are skipped
- ``references.tsv``: phrase, refers (pair | group | person | state | actor | speaker |
  reciprocal | organization): "both sides", "each other", "ce partenariat"; ``actor`` is the
  last person or state that acted (French "il"/"elle" stand for either)
- ``pronouns.tsv``: pronoun, refers (same values as references.tsv)
- ``function_words.tsv``: word, role (coord | passive | agent | clause | det | loc | stop | object |
  between | complement | final | v2 |
  recipient | relative | vague |
  nagent | genitive | proxy |
  since | genagent | source | light | phrase_end | clitic | heads | include | cause | blame |
  time | reflexive | particle); a language whose file has ``phrase_end`` words takes whole noun
  phrases as topics ("la formation de blocs fermés dans la région"), skipping ``light`` nouns
  ("le renforcement des liens" is about the links); a ``particle`` right after a one-word verb
  trigger makes another verb, so the trigger does not match ("lämnade in" is not "lämnade")
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from kg.errors import ConfigError
from kg.schema import Schema

__all__ = [
    "FRAMES",
    "CueMatch",
    "CueTable",
    "Lexicon",
    "Trigger",
    "TriggerMatch",
    "match_triggers",
    "normalize_token",
    "tokenize",
    "tokenize_entry",
]

log = logging.getLogger(__name__)

_TOKEN = re.compile(r"\w+|[^\w\s]")
_MAX_GAP = 12  # tokens between a separable verb and its particle
_MAX_SHORT_GAP = 4  # tokens in a "~" gap: a subject, adverbs ("lade Ryssland i går fram")
_CLAUSE_BREAKS = frozenset({".", ",", ";", ":", "!", "?", "“", "”", "„", '"', "«", "»"})
_ENTRY_TOKEN = re.compile(r"\*?\w+\*?|[^\w\s]")

FRAMES = ("verb", "adj", "noun", "sym", "join", "members")
POLARITIES = ("positive", "negative")
ATTRIBUTION_KINDS = ("verb", "prep")
NEGATION_KINDS = ("negation", "denial")
CONDITIONAL_POSITIONS = ("any", "initial")
REFERENCE_KINDS = (
    "pair",
    "group",
    "person",
    "state",
    "actor",
    "speaker",
    "reciprocal",
    "organization",
)
ROLES = (
    "coord",
    "passive",
    "agent",
    "clause",
    "det",
    "loc",
    "stop",
    "object",
    "between",
    "complement",
    "final",
    "v2",
    "recipient",
    "relative",
    "vague",
    "nagent",
    "genitive",
    "proxy",
    "since",
    "genagent",
    "source",
    "light",
    "phrase_end",
    "clitic",
    "heads",
    "include",
    "cause",
    "blame",
    "time",
    "reflexive",
    "particle",
)


@dataclass(frozen=True, slots=True)
class Trigger:
    """A lexicon entry: the words that signal a predicate, and how to find its arguments."""

    words: tuple[str, ...]
    predicate: str
    polarity: str
    frame: str
    confidence: float
    source: str

    @property
    def name(self) -> str:
        return "trigger:" + "_".join(self.words)


@dataclass(frozen=True, slots=True)
class TriggerMatch:
    """A trigger found in a token sequence: tokens ``start`` up to (not including) ``end``.

    A trigger with a ``~`` gap ends where a non-empty gap begins; ``last`` is then the end of
    its last word ("sagte der Ukraine keine Hilfe zu": ``end`` after "sagte", ``last`` after
    "zu"); otherwise ``last`` is ``end``.
    """

    trigger: Trigger
    start: int
    end: int
    last: int = 0

    def __post_init__(self) -> None:
        if self.last < self.end:
            object.__setattr__(self, "last", self.end)


@dataclass(frozen=True, slots=True)
class CueMatch:
    """A cue found in a token sequence: tokens ``start`` up to ``end``, with its value."""

    start: int
    end: int
    value: str


@dataclass(frozen=True, slots=True)
class CueTable:
    """Multi-word cues indexed by their first word (surface form or lemma)."""

    entries: dict[str, tuple[tuple[tuple[str, ...], str], ...]]

    def find(self, lowers: list[str], lemma: Callable[[int], str]) -> list[CueMatch]:
        """Return the non-overlapping cues in a token sequence, longest first, left to right."""
        found: list[CueMatch] = []
        i = 0
        entries = self.entries
        count = len(lowers)
        while i < count:
            candidates = entries.get(lowers[i])
            if candidates is None:
                candidates = entries.get(lemma(i))
                if candidates is None:
                    i += 1
                    continue
            end = 0
            for words, value in candidates:
                end = _match_at(words, lowers, lemma, i)
                if end:
                    found.append(CueMatch(i, end, value))
                    break
            i = end or i + 1
        return found


@dataclass(frozen=True, slots=True)
class Lexicon:
    """All relation cues of one language, indexed for matching token sequences."""

    lang: str
    triggers: dict[str, tuple[Trigger, ...]]
    prefix_triggers: dict[str, tuple[Trigger, ...]]
    prefix_lengths: tuple[int, ...]
    suffix_triggers: tuple[tuple[str, Trigger], ...]
    attribution: CueTable
    negation: CueTable
    hedges: CueTable
    conditionals: CueTable
    references: CueTable
    roles: dict[str, frozenset[str]]

    @classmethod
    def load(cls, folder: Path, *, lang: str, schema: Schema) -> Lexicon:
        """Read one language's files; raise ConfigError on an unknown predicate or bad row."""
        triggers: dict[str, list[Trigger]] = {}
        prefixed: dict[str, list[Trigger]] = {}
        suffixed: list[tuple[str, Trigger]] = []
        participles = _participle_rules(folder / "participles.tsv")
        path = folder / "predicates.tsv"
        for where, row in _rows(path, 5):
            words = tokenize_entry(row[0])
            predicate, polarity, frame = row[1], row[2], row[3]
            if predicate not in schema.predicates:
                raise ConfigError(f"{where}: unknown predicate {predicate!r}; see schema/kg.toml")
            _check(where, "polarity", polarity, POLARITIES)
            _check(where, "frame", frame, FRAMES)
            try:
                confidence = float(row[4])
            except ValueError:
                raise ConfigError(f"{where}: confidence {row[4]!r} is not a number") from None
            trigger = Trigger(words, predicate, polarity, frame, confidence, where)
            first = words[0]
            if first.startswith("*"):
                suffixed.append((first[1:], trigger))
            elif first.endswith("*"):
                prefixed.setdefault(first[:-1], []).append(trigger)
            else:
                triggers.setdefault(first, []).append(trigger)
                for form in _participles(first, participles):
                    # "bombardé", "exigé", "démenti": forms the lemmatiser leaves as they are
                    entry = replace(trigger, words=(form, *words[1:]))
                    triggers.setdefault(form, []).append(entry)
        roles: dict[str, set[str]] = {role: set() for role in ROLES}
        for where, row in _rows(folder / "function_words.tsv", 2):
            _check(where, "role", row[1], ROLES)
            if len(tokenize_entry(row[0])) != 1:
                raise ConfigError(f"{where}: a function word is one token, not {row[0]!r}")
            roles[row[1]].add(normalize_token(row[0]))
        return cls(
            lang=lang,
            triggers={key: _longest_first(value) for key, value in triggers.items()},
            prefix_triggers={key: _longest_first(value) for key, value in prefixed.items()},
            prefix_lengths=tuple(sorted({len(key) for key in prefixed}, reverse=True)),
            suffix_triggers=tuple(suffixed),
            attribution=_cues([folder / "attribution.tsv"], ATTRIBUTION_KINDS, participles),
            negation=_cues([folder / "negation.tsv"], NEGATION_KINDS, participles),
            hedges=_cues([folder / "hedges.tsv"], None),
            conditionals=_cues([folder / "conditionals.tsv"], CONDITIONAL_POSITIONS),
            references=_cues([folder / "references.tsv", folder / "pronouns.tsv"], REFERENCE_KINDS),
            roles={role: frozenset(words) for role, words in roles.items()},
        )

    def role(self, word: str) -> frozenset[str]:
        """Return the function-word set for a role ("coord", "passive", ...)."""
        return self.roles[word]


def tokenize(text: str) -> list[re.Match[str]]:
    """Split text into word and punctuation tokens (as lexicon entries are split)."""
    return list(_TOKEN.finditer(text))


def normalize_token(token: str) -> str:
    """Lower-case a token and unify apostrophes, as lexicon entries are stored."""
    return token.lower().replace("’", "'")


def tokenize_entry(entry: str) -> tuple[str, ...]:
    """Split a lexicon entry into tokens; a trailing ``*`` stays on its word (prefix match)."""
    return tuple(normalize_token(m.group()) for m in _ENTRY_TOKEN.finditer(entry))


def match_triggers(
    lexicon: Lexicon, lowers: list[str], lemma: Callable[[int], str]
) -> list[TriggerMatch]:
    """Find triggers in a token sequence, longest match first, non-overlapping, left to right.

    ``lowers`` are the lower-cased tokens; ``lemma(i)`` returns the lower-cased lemma of token i
    (called lazily, so only candidate tokens are lemmatised).
    """
    found: list[TriggerMatch] = []
    i = 0
    count = len(lowers)
    while i < count:
        best: TriggerMatch | None = None
        for trigger in _candidates(lexicon, lowers[i], lemma, i):
            end = _match_at(trigger.words, lowers, lemma, i)
            if end and (best is None or end > best.end):
                best = TriggerMatch(trigger, i, end)
        if best is not None and _particle_verb(lexicon, best, lowers):
            best = None  # "lämnade in" (submitted) is another verb than "lämnade" (left)
        if best is not None:
            # A split particle verb goes on after its last word ("tog i går emot": not "emot").
            last = _match_at(best.trigger.words, lowers, lemma, i, full=True) or best.end
            found.append(TriggerMatch(best.trigger, best.start, best.end, last))
            i = last
        else:
            i += 1
    return found


def _particle_verb(lexicon: Lexicon, match: TriggerMatch, lowers: list[str]) -> bool:
    """Tell whether a one-word verb trigger is followed by a particle that makes another verb."""
    return (
        len(match.trigger.words) == 1
        and match.trigger.frame == "verb"
        and match.end < len(lowers)
        and lowers[match.end] in lexicon.roles["particle"]
    )


def _candidates(lexicon: Lexicon, lower: str, lemma: Callable[[int], str], i: int) -> list[Trigger]:
    if not lower[:1].isalpha():
        return []
    # Exact forms and lemmas first: on a tie in length the first candidate wins.
    found = list(lexicon.triggers.get(lower, ()))
    base = lemma(i)
    if base != lower:
        found.extend(lexicon.triggers.get(base, ()))
    for length in lexicon.prefix_lengths:
        if length <= len(lower):
            found.extend(lexicon.prefix_triggers.get(lower[:length], ()))
    for suffix, trigger in lexicon.suffix_triggers:
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            found.append(trigger)
    return found


def _match_at(
    words: tuple[str, ...],
    lowers: list[str],
    lemma: Callable[[int], str],
    start: int,
    *,
    full: bool = False,
) -> int:
    """Return the end index when ``words`` match from ``start`` (0 when they do not).

    A ``_`` stands for a gap: the words after it must end the clause within a few tokens
    (German separable verbs, "warf Washington Einmischung vor"); the match then ends where the
    gap begins, so that arguments are looked for around the verb. A ``~`` is a gap of up to
    ``_MAX_SHORT_GAP`` tokens without a clause break ("lade Ryssland i går fram"); when it is
    not empty, the match also ends where it begins (the subject of a V2 clause stands in it),
    unless ``full`` asks for the end of the last word.
    """
    if "~" in words:
        gap = words.index("~")
        end = _match_at(words[:gap], lowers, lemma, start, full=full)
        if not end:
            return 0
        for index in range(end, min(len(lowers), end + _MAX_SHORT_GAP + 1)):
            if index > end and lowers[index - 1] in _CLAUSE_BREAKS:
                return 0
            rest = _match_at(words[gap + 1 :], lowers, lemma, index, full=full)
            if rest:
                return rest if index == end or full else end
        return 0
    if "_" in words:
        gap = words.index("_")
        end = _match_at(words[:gap], lowers, lemma, start)
        if not end or not _ends_clause(words[gap + 1 :], lowers, lemma, end):
            return 0
        return end
    index = start
    for word in words:
        if index >= len(lowers):
            return 0
        lower = lowers[index]
        if word.startswith("*"):
            if not lower.endswith(word[1:]):
                return 0
        elif word.endswith("*"):
            if not lower.startswith(word[:-1]):
                return 0
        elif lower != word and lemma(index) != word:
            return 0
        index += 1
    return index


def _ends_clause(
    words: tuple[str, ...], lowers: list[str], lemma: Callable[[int], str], start: int
) -> bool:
    """Tell whether ``words`` occur within a few tokens after ``start``, before a clause break."""
    for index in range(start, min(len(lowers), start + _MAX_GAP)):
        if lowers[index] in _CLAUSE_BREAKS:
            return False
        end = _match_at(words, lowers, lemma, index)
        if end and (end >= len(lowers) or lowers[end] in _CLAUSE_BREAKS):
            return True
    return False


def _longest_first(triggers: list[Trigger]) -> tuple[Trigger, ...]:
    return tuple(sorted(triggers, key=lambda trigger: -len(trigger.words)))


def _check(where: str, column: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ConfigError(f"{where}: {column} {value!r} is not one of {', '.join(allowed)}")


def _cues(
    paths: list[Path],
    allowed: tuple[str, ...] | None,
    participles: tuple[tuple[str, tuple[str, ...]], ...] = (),
) -> CueTable:
    entries: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for path in paths:
        for where, row in _rows(path, 2):
            if allowed is not None:
                _check(where, "kind", row[1], allowed)
            else:
                try:
                    float(row[1])
                except ValueError:
                    raise ConfigError(f"{where}: {row[1]!r} is not a number") from None
            words = tokenize_entry(row[0])
            entries.setdefault(words[0], []).append((words, row[1]))
            for form in _participles(words[0], participles):
                entries.setdefault(form, []).append(((form, *words[1:]), row[1]))
    return CueTable(
        {key: tuple(sorted(value, key=lambda e: -len(e[0]))) for key, value in entries.items()}
    )


def _participle_rules(path: Path) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Read ``participles.tsv`` (infinitive ending, participle endings joined by ``|``).

    Only languages whose lemmatiser misses regular participles have the file (French:
    "bombardé", Spanish: "denunciado"); without it a language has no participle rules.
    """
    if not path.exists():
        return ()
    rules = []
    for where, row in _rows(path, 2):
        endings = tuple(ending for ending in row[1].split("|") if ending)
        if not endings or not row[0].isalpha():
            raise ConfigError(f"{where}: expected an ending and participle endings like é|ée")
        rules.append((row[0], endings))
    return tuple(sorted(rules, key=lambda rule: -len(rule[0])))


def _participles(word: str, rules: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[str, ...]:
    """Return the regular participles of an infinitive ("bombarder" -> "bombardé", ...)."""
    for ending, forms in rules:
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[: -len(ending)]
            return tuple(stem + form for form in forms)
    return ()


def _rows(path: Path, width: int) -> list[tuple[str, list[str]]]:
    """Return (``file:line``, cells) for each data row; comments and blank lines are skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise ConfigError(f"{path}: cannot read lexicon: {err.strerror}") from err
    rows = []
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        where = f"{path}:{number}"
        if len(cells) != width or not all(cells):
            raise ConfigError(f"{where}: expected {width} tab-separated columns, got {len(cells)}")
        rows.append((where, cells))
    return rows
