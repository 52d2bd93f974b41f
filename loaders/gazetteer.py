"""Load the multilingual gazetteer (``loaders/data/gazetteer/*.tsv``) into lookup structures.

Every names file has the same four columns, ``id  label  lang  forms``: one row per entity and
language (``*`` = any language), surface forms separated by ``|``. The label is given once, on
the row that defines the entity; rows of the files that only add names (aliases, demonyms,
capitals, seats) leave it empty and refer to an entity defined elsewhere. Which file a row comes
from decides the entity type and the rule recorded on a mention:

    countries.tsv       Country        GENERATED from CLDR by build_gazetteer.py (do not edit)
    country_aliases.tsv Country        short and alternate names (USA, Britain); also SUN
    demonyms.tsv        Country        base adjectives; inflections come from affixes.tsv
    peoples.tsv         Country        nouns for a people ("ryss", "Russe")
    capitals.tsv        Country        capitals used as metonyms (Moscow, Moskva, Moskau)
    seats.tsv           any actor      seats of power (the Kremlin, the White House)
    organizations.tsv   Organization
    groups.tsv          Group
    regions.tsv         Region
    topics.tsv          Topic
    persons.tsv         Person         with offices.tsv: who held which office when

Other files: ``offices.tsv`` (person, office, entity, start, end), ``titles.tsv``,
``institutions.tsv`` and ``former.tsv`` (lang, forms: "President", "foreign ministry", "former"),
``ambiguous.tsv`` (form, lang, id or "-", cues), ``affixes.tsv`` (lang, suffix, replacement,
minimum stem length) and ``compound_topics.tsv`` (topic, label template: "Sweden's NATO
membership" becomes its own topic). All forms are compiled once into a token trie (``Node``),
so a sentence is matched in one pass over its tokens, not one pass per name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.claims import Entity
from kg.errors import ConfigError
from kg.paths import loaders_data_dir
from loaders.tsv import data_rows

__all__ = [
    "Ambiguity",
    "Entry",
    "Gazetteer",
    "Node",
    "Office",
    "normalise",
    "matches_case",
    "strip_clitic",
    "tokenize",
]

# File name -> (entity type of ids defined there, kind recorded on its entries).
NAME_FILES = {
    "countries.tsv": ("Country", "country"),
    "organizations.tsv": ("Organization", "organization"),
    "groups.tsv": ("Group", "group"),
    "regions.tsv": ("Region", "region"),
    "topics.tsv": ("Topic", "topic"),
    "persons.tsv": ("Person", "person"),
    "country_aliases.tsv": ("Country", "alias"),
    "demonyms.tsv": (None, "demonym"),
    "peoples.tsv": (None, "people"),
    "capitals.tsv": (None, "capital"),
    "seats.tsv": (None, "seat"),
}
# When one node holds several entries of the same entity, the first kind in this order wins.
KIND_ORDER: tuple[str, ...] = (
    "country", "alias", "organization", "person", "group", "region", "topic",
    "capital", "seat", "demonym", "people", "word",
)  # fmt: skip
LANGUAGES = ("en", "sv", "de", "fr", "es")

# A word, with an attached genitive clitic ("EU:s", "China's", "Putin’s") kept in the token; an
# apostrophe inside a word ("Xi'an", "aujourd'hui") joins it, while French elision ("l'OTAN",
# "d'Ukraine", "qu'il") splits.
_TOKEN = re.compile(
    r"\w+(?:[:'’](?:s|n|ns|es|ers)\b|(?:(?<=\w\w)(?<!qu)(?<!QU)['’](?=[a-zà-öø-ÿ])\w+)+)?"
)
_CLITIC = re.compile(r"[:'’](?:s|n|ns|es|ers)$")
_TRANSLITERATE = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "ı": "i"})


def normalise(word: str) -> str:
    """Return the lookup key of a word: case-folded, accents and genitive clitics removed.

    >>> normalise("Pékin"), normalise("EU:s"), normalise("Erdoğan")
    ('pekin', 'eu', 'erdogan')
    """
    word = _CLITIC.sub("", word).casefold().translate(_TRANSLITERATE)
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def strip_clitic(word: str) -> str:
    """Return a word without its genitive clitic ("EU:s" -> "EU", "Putin’s" -> "Putin")."""
    return _CLITIC.sub("", word)


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """Return the word tokens of a text as (start, end, surface) with clitics attached."""
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


@dataclass(frozen=True, slots=True)
class Entry:
    """One surface form of one entity, as read from a data file."""

    entity: Entity
    kind: str
    form: str
    lang: str
    cases: tuple[str, ...]  # per form token: "exact" (acronym), "upper" (initial) or "any"
    ends_with_dot: bool  # "U.S.": the trailing full stop belongs to the mention

    @property
    def is_acronym(self) -> bool:
        return all(case == "exact" for case in self.cases)

    def accepts(self, surfaces: list[str], lang: str) -> bool:
        """Tell whether this form may match these text tokens in a sentence of ``lang``.

        A form of another language matches only when it is a country's proper name or the
        sentence's language has no data; case follows the form token by token ("the West"
        needs "West", "WHO" needs "WHO", "ryska" takes any case).
        """
        if self.lang not in ("*", lang) and lang in LANGUAGES and self.kind != "country":
            return False
        return matches_case(surfaces, self.form, self.cases)


def matches_case(surfaces: list[str], form: str, cases: tuple[str, ...]) -> bool:
    """Tell whether text tokens have the case a form asks for, token by token."""
    words = _form_words(form) if "exact" in cases else []
    for position, (surface, case) in enumerate(zip(surfaces, cases, strict=True)):
        if case == "upper" and not surface[:1].isupper():
            return False
        if case == "exact" and not surface.startswith(_CLITIC.sub("", words[position])):
            return False
    return True


@dataclass(frozen=True, slots=True)
class Office:
    """A person held an office for an entity from ``start`` (inclusive) to ``end`` (exclusive)."""

    person: str
    office: str
    entity: Entity
    start: str
    end: str | None

    def holds(self, date: str) -> bool:
        """Tell whether the office was held on an ISO date (YYYY-MM-DD)."""
        return self.start <= date and (self.end is None or date < self.end)


@dataclass(frozen=True, slots=True)
class Ambiguity:
    """A form resolved by context: the first rule whose cue occurs in the sentence decides."""

    form: str
    cases: tuple[str, ...]  # as Entry.cases: "Turkey" needs a capital, "turkey" is no country
    lang: str
    entity: Entity | None  # None: leave the mention unresolved
    cues: tuple[str, ...]  # normalised token sequences joined by " "; "*" always; "!name"


@dataclass(slots=True)
class Node:
    """A trie node keyed by normalised tokens; ``entries`` end here."""

    children: dict[str, Node] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)
    ambiguities: list[Ambiguity] = field(default_factory=list)

    def insert(self, keys: list[str]) -> Node:
        node = self
        for key in keys:
            node = node.children.setdefault(key, Node())
        return node


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Every entity, name, office, title and affix rule, compiled for one-pass matching."""

    entities: dict[str, Entity]
    names: Node
    titles: Node
    institutions: Node
    former: Node  # "former", "före detta", "ehemalige", "ancien", "ex": no longer in office
    offices: dict[str, tuple[Office, ...]]
    affixes: dict[str, tuple[tuple[str, str, int], ...]]
    known_keys: frozenset[str]
    compound_heads: frozenset[str]  # organisation names that lead closed compounds ("nato")
    compound_topics: dict[str, str]  # topic id -> label template with {country}
    # (lang, word) -> its keys, filled by loaders.mentions: words repeat, lookups need not.
    memo: dict[tuple[str, str], tuple[tuple[str, str], ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def load(cls, data_dir: Path | None = None) -> Gazetteer:
        """Read every file of ``data_dir`` (default ``loaders/data/gazetteer``); check ids."""
        data_dir = data_dir or loaders_data_dir() / "gazetteer"
        if not data_dir.is_dir():
            raise ConfigError(f"{data_dir}: gazetteer folder not found; reinstall kg")
        entities: dict[str, Entity] = {}
        rows: list[tuple[str, str, str, str, list[str]]] = []
        for name, (entity_type, kind) in NAME_FILES.items():
            for where, (id_, label, lang, forms) in _rows(data_dir / name, 4):
                if entity_type is not None and id_ not in entities:
                    if not label:
                        raise ConfigError(f"{where}: {id_} has no label; give it on its first row")
                    entities[id_] = Entity(id_, label, entity_type)
                rows.append((where, kind, id_, lang, _split_forms(forms, where)))
        names = Node()
        for where, kind, id_, lang, surface_forms in rows:
            entity = _entity(entities, id_, where)
            _check_lang(lang, where)
            for form in surface_forms:
                _insert(names, Entry(entity, kind, form, lang, *_case_of(form)))
        for where, (form, lang, id_, cues) in _rows(data_dir / "ambiguous.tsv", 4):
            resolved = None if id_ == "-" else _entity(entities, id_, where)
            keys = [normalise(w) for w in _form_words(form)]
            cue_keys = tuple(_cue_key(cue) for cue in cues.split("|"))
            cases = _case_of(form)[0]
            ambiguity = Ambiguity(form, cases, lang, resolved, cue_keys)
            names.insert(keys).ambiguities.append(ambiguity)
        titles = _word_trie(data_dir / "titles.tsv")
        institutions = _word_trie(data_dir / "institutions.tsv")
        former = _word_trie(data_dir / "former.tsv")
        return cls(
            entities=entities,
            names=names,
            titles=titles,
            institutions=institutions,
            former=former,
            offices=_offices(data_dir / "offices.tsv", entities),
            affixes=_affixes(data_dir / "affixes.tsv"),
            compound_heads=frozenset(_compound_heads(names)),
            compound_topics=_compound_topics(data_dir / "compound_topics.tsv", entities),
            known_keys=frozenset(
                key for trie in (names, titles, institutions, former) for key in _keys(trie)
            ),
        )

    def entity(self, id_: str) -> Entity:
        """Return the entity with this id; raise ConfigError when the gazetteer lacks it."""
        try:
            return self.entities[id_]
        except KeyError:
            raise ConfigError(f"unknown entity id {id_!r} in the gazetteer") from None

    def office_on(self, person_id: str, date: str) -> Office | None:
        """Return the first office (file order) the person held on ``date``, or None."""
        for office in self.offices.get(person_id, ()):
            if office.holds(date):
                return office
        return None


def _rows(path: Path, width: int) -> Iterator[tuple[str, tuple[str, ...]]]:
    """Yield ("file:line", fields) for each data row of a gazetteer file."""
    if not path.is_file():
        raise ConfigError(f"{path}: gazetteer file missing; reinstall kg")
    return data_rows(path, width)


def _split_forms(forms: str, where: str) -> list[str]:
    result = [f.strip() for f in forms.split("|") if f.strip()]
    if not result:
        raise ConfigError(f"{where}: no surface forms; list them separated by |")
    return result


def _entity(entities: dict[str, Entity], id_: str, where: str) -> Entity:
    entity = entities.get(id_)
    if entity is None:
        raise ConfigError(f"{where}: unknown id {id_!r}; define it in a names file first")
    return entity


def _check_lang(lang: str, where: str) -> None:
    if lang != "*" and lang not in LANGUAGES:
        raise ConfigError(f"{where}: unknown language {lang!r}; use * or one of {LANGUAGES}")


def _form_words(form: str) -> list[str]:
    return [surface for _, _, surface in tokenize(form)]


def _case_of(form: str) -> tuple[tuple[str, ...], bool]:
    words = _form_words(form)
    cases = tuple(
        "exact"
        if w.isupper() and (len(w) > 1 or len(words) > 1)
        else "upper"
        if w[:1].isupper()
        else "any"
        for w in words
    )
    return cases, form.endswith(".")


def _insert(root: Node, entry: Entry) -> None:
    keys = [normalise(w) for w in _form_words(entry.form)]
    if not keys:
        raise ConfigError(f"surface form {entry.form!r} of {entry.entity.id} has no word")
    node = root.insert(keys)
    if entry not in node.entries:
        node.entries.append(entry)
        node.entries.sort(key=lambda e: KIND_ORDER.index(e.kind))


def _cue_key(cue: str) -> str:
    cue = cue.strip()
    if cue in ("*", "!name"):
        return cue
    return " ".join(normalise(w) for w in _form_words(cue))


def _word_trie(path: Path) -> Node:
    """Titles and institutions: ``lang  forms``; entries carry no entity, only the form."""
    root = Node()
    placeholder = Entity("-", "-", "-")
    for where, (lang, forms) in _rows(path, 2):
        _check_lang(lang, where)
        for form in _split_forms(forms, where):
            _insert(root, Entry(placeholder, "word", form, lang, *_case_of(form)))
    return root


def _offices(path: Path, entities: dict[str, Entity]) -> dict[str, tuple[Office, ...]]:
    offices: dict[str, list[Office]] = {}
    date = re.compile(r"\d{4}-\d{2}-\d{2}")
    for where, (person, office, id_, start, end) in _rows(path, 5):
        if _entity(entities, person, where).type != "Person":
            raise ConfigError(f"{where}: {person} is not a person; offices are held by persons")
        if not date.fullmatch(start) or (end and not date.fullmatch(end)):
            raise ConfigError(f"{where}: dates must be YYYY-MM-DD (end may be empty)")
        record = Office(person, office, _entity(entities, id_, where), start, end or None)
        offices.setdefault(person, []).append(record)
    return {person: tuple(records) for person, records in offices.items()}


def _affixes(path: Path) -> dict[str, tuple[tuple[str, str, int], ...]]:
    rules: dict[str, list[tuple[str, str, int]]] = {}
    for where, (lang, suffix, replacement, min_stem) in _rows(path, 4):
        _check_lang(lang, where)
        if not min_stem.isdigit():
            raise ConfigError(f"{where}: minimum stem length must be a number, not {min_stem!r}")
        rules.setdefault(lang, []).append(
            (normalise(suffix), normalise(replacement), int(min_stem))
        )
    return {lang: tuple(r) for lang, r in rules.items()}


def _compound_heads(root: Node) -> Iterator[str]:
    for key, child in root.children.items():
        is_org = any(e.kind == "organization" and e.cases[0] != "any" for e in child.entries)
        if is_org and len(key) >= 3 and key.isalpha():
            yield key


def _compound_topics(path: Path, entities: dict[str, Entity]) -> dict[str, str]:
    templates = {}
    for where, (id_, template) in _rows(path, 2):
        if _entity(entities, id_, where).type != "Topic" or "{country}" not in template:
            raise ConfigError(f"{where}: expected a topic id and a label with {{country}}")
        templates[id_] = template
    return templates


def _keys(node: Node) -> Iterator[str]:
    for key, child in node.children.items():
        yield key
        yield from _keys(child)
