"""Find actor, region and topic mentions in a sentence and resolve them to entities.

One left-to-right pass over the sentence's tokens walks the gazetteer's token trie and keeps
the longest match at each position (so "Republic of China" beats "China", "NATO expansion"
beats "NATO"). Each token is tried as written, after one affix rule of its language
("Rysslands" -> "Ryssland", "russischen" -> "russisch") and as its simplemma lemma. Actor
resolution follows the GUIDE (CAMEO style): a leader, capital or seat of power stands for its
state, and the person is kept as ``agent``; a person outside every office on the article's date
stays a ``Person``. Forms listed in ``ambiguous.tsv`` are resolved by cue words in the sentence
or left out, never guessed. Every mention records the rule that resolved it:

    name          a name as written ("Russia", "U.S.", "FN:s säkerhetsråd")
    acronym       an organisation's acronym, case-sensitive ("NATO", "WHO", "ONU")
    affix / lemma a name found after an affix rule ("Rysslands") or as its lemma
    compound      a closed compound led by an organisation ("Natotoppen", "Natogipfel")
    demonym       an adjective ("Russian", is_adjective), a people ("die Russen"), or an adjective
                  with an institution ("the Russian government", "le gouvernement russe")
    capital, seat a capital or seat of power ("Moskva", "the Kremlin", "Bruxelles" for the EU)
    office-holder a person in office on the date: the state or organisation, person as agent
    surname       a bare surname of a person the article named in full earlier ("Boris Johnson
                  ... Johnson said"); a surname several persons share (in the gazetteer or
                  earlier in the article) stays unresolved unless exactly one of them was named
    title+name    a person named with an office ("Russian President Putin", "le président russe
                  Vladimir Poutine", "Chinese foreign ministry spokesman Lin Jian")
    context       an ambiguous form resolved by ambiguous.tsv ("Georgia", "Jordan", "the West")
    group, region, topic   entries of those files; a country before a compound topic makes a
                  topic of its own ("Sweden's NATO membership" -> topic:sweden-nato-membership)
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date as Date

from kg.claims import Entity
from loaders.gazetteer import (
    LANGUAGES,
    Ambiguity,
    Entry,
    Gazetteer,
    Node,
    matches_case,
    normalise,
    strip_clitic,
    tokenize,
)
from loaders.lemmas import lemmatize
from loaders.sentences import Sentence

__all__ = ["Mention", "Named", "find_mentions", "slugify"]

# Between two words of one name: spaces, a hyphen ("Nato-expansion"), a full stop ("U.S.") or an
# elision apostrophe ("l'OTAN"); never a comma or a clause break.
_JOINER = re.compile(r"[\s\-‐–.'’]{1,3}")
_TRANSLITERATE = str.maketrans(
    {"ß": "ss", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "ı": "i", "œ": "oe"}
)
_SPACE = re.compile(r"\s{1,3}")
_MEMO_LIMIT = 200_000
_EXACT = frozenset({"exact"})
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}(?!\d)")
# What may stand before a title and join it when it names the same state or organisation:
# "Russian President Putin", "US President Biden", "NATO Secretary General Stoltenberg".
_OUTER_KINDS = ("demonym", "institution", "country", "alias", "organization")
_COMPOUNDING = ("sv", "de")  # languages that write compounds as one word
_KIND_RULES = {
    "demonym": "demonym",
    "people": "demonym",
    "capital": "capital",
    "seat": "seat",
    "group": "group",
    "region": "region",
    "topic": "topic",
}


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity found in a sentence, with offsets into the article text and the rule used."""

    entity: Entity
    start: int
    end: int
    text: str
    rule: str
    agent: Entity | None = None
    is_adjective: bool = False


@dataclass(slots=True)
class Named:
    """The persons an article has named in full so far: one per article, updated by
    ``find_mentions`` sentence by sentence, so that a later bare surname resolves to them."""

    surnames: dict[str, set[str]] = field(default_factory=dict)  # surname key -> person ids

    def add(self, surname: str, person: str) -> None:
        self.surnames.setdefault(surname, set()).add(person)

    def person(self, surname: str) -> str | None:
        """Return the one person named with this surname key, or None (none or several)."""
        ids = self.surnames.get(surname, ())
        return next(iter(ids)) if len(ids) == 1 else None


@dataclass(frozen=True, slots=True)
class _Token:
    start: int  # offset in the sentence text
    end: int
    surface: str
    keys: tuple[tuple[str, str], ...]  # (normalised key, how: "exact" | "affix" | "lemma")


@dataclass(frozen=True, slots=True)
class _Found:
    first: int  # token indices, inclusive
    last: int
    mention: Mention | None  # None: an ambiguous name left unresolved
    kind: str


def slugify(text: str) -> str:
    """Return lower-case ASCII words joined by "-".

    >>> slugify("Nato-expansion (Östersjön)")
    'nato-expansion-ostersjon'
    """
    text = text.casefold().translate(_TRANSLITERATE)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def find_mentions(
    sentence: Sentence,
    gazetteer: Gazetteer,
    *,
    date: str | None = None,
    named: Named | None = None,
) -> list[Mention]:
    """Return the non-overlapping mentions of a sentence, sorted by start.

    ``date`` is the article's published date (YYYY-MM-DD or an ISO timestamp), today when None
    or not ISO; it decides which office a person held. ``named`` is the article's memory of
    persons named in full (pass one ``Named()`` per article, sentences in order): it receives
    the full names of this sentence and resolves bare surnames of earlier ones.
    """
    on = _iso_day(date)
    tokens = _tokens(sentence.text, sentence.lang, gazetteer)
    found: list[_Found] = []
    index = 0
    starts = gazetteer.names.children
    while index < len(tokens):
        keys = tokens[index].keys
        can_start = keys and any(key in starts for key, _ in keys)
        match = _match_at(tokens, index, sentence, gazetteer, on, named) if can_start else None
        if match is None and named is not None:
            match = _surname_at(tokens, index, sentence, gazetteer, on, named)
        if match is None:
            index += 1
            continue
        found.append(match)
        if named is not None and match.kind == "person" and match.last > match.first:
            _remember(match, tokens, named)
        index = match.last + 1
    found = _attach_institutions(found, tokens, sentence, gazetteer)
    found = _attach_titles(found, tokens, sentence, gazetteer)
    found = _compose_topics(found, tokens, sentence, gazetteer)
    return [f.mention for f in found if f.mention is not None]


def _iso_day(date: str | None) -> str:
    """Return YYYY-MM-DD from an ISO date or timestamp; today when the date is missing or not
    ISO (the reader keeps ``published`` as given, so "4 Feb 2022" must not compare as text)."""
    if date and _ISO_DAY.match(date):
        return date[:10]
    return Date.today().isoformat()


def _tokens(text: str, lang: str, gazetteer: Gazetteer) -> list[_Token]:
    memo = gazetteer.memo
    if len(memo) > _MEMO_LIMIT:
        memo.clear()  # bounded memory over a long run; the keys are cheap to recompute
    tokens = []
    for start, end, surface in tokenize(text):
        keys = memo.get((lang, surface))
        if keys is None:
            keys = memo[(lang, surface)] = _keys_of(surface, lang, gazetteer)
        tokens.append(_Token(start, end, surface, keys))
    return tokens


def _keys_of(surface: str, lang: str, gazetteer: Gazetteer) -> tuple[tuple[str, str], ...]:
    """Return the gazetteer keys a word may stand for: as written, after an affix rule of its
    language, or (when neither is known) as its simplemma lemma."""
    known = gazetteer.known_keys
    key = normalise(surface)
    keys = [(key, "exact")] if key in known else []
    for suffix, replacement, min_stem in gazetteer.affixes.get(lang, ()):
        if key.endswith(suffix) and len(key) - len(suffix) >= min_stem:
            stem = key[: len(key) - len(suffix)] + replacement
            if stem in known and (stem, "affix") not in keys and stem != key:
                keys.append((stem, "affix"))
    if not keys and lang in LANGUAGES and not key.isdigit():
        lemma = normalise(lemmatize(surface, lang))
        if lemma != key and lemma in known:
            keys.append((lemma, "lemma"))
    if not keys and lang in _COMPOUNDING:
        # A closed compound led by an organisation's name: "Natoansökan", "Natogipfel".
        for size in range(3, min(7, len(key) - 3)):
            if key[:size] in gazetteer.compound_heads:
                keys.append((key[:size], "compound"))
                break
    return tuple(keys)


def _walk(
    root: Node, tokens: list[_Token], index: int, text: str
) -> list[tuple[int, Node, frozenset[str]]]:
    """Return every (last token, trie node, hows) reachable from ``index``, longest first."""
    results: list[tuple[int, Node, frozenset[str]]] = []
    stack = [(index, root, frozenset[str]())]
    while stack:
        position, node, hows = stack.pop()
        if position >= len(tokens):
            continue
        token = tokens[position]
        if position > index and not _JOINER.fullmatch(text[tokens[position - 1].end : token.start]):
            continue
        for key, how in token.keys:
            child = node.children.get(key)
            if child is None:
                continue
            step = hows | {how}
            if child.entries or child.ambiguities:
                results.append((position, child, step))
            if child.children:
                stack.append((position + 1, child, step))
    if len(results) > 1:
        results.sort(key=lambda r: (-r[0], r[2] != _EXACT))
    return results


def _match_at(
    tokens: list[_Token],
    index: int,
    sentence: Sentence,
    gazetteer: Gazetteer,
    on: str,
    named: Named | None = None,
) -> _Found | None:
    for last, node, hows in _walk(gazetteer.names, tokens, index, sentence.text):
        surfaces = [t.surface for t in tokens[index : last + 1]]
        ambiguities = node.ambiguities and [
            a
            for a in node.ambiguities
            if a.lang in ("*", sentence.lang) and matches_case(surfaces, a.form, a.cases)
        ]
        if ambiguities:
            entity = _resolve_by_context(ambiguities, tokens, index, last)
            if entity is None:
                continue  # unresolved: no mention, and "the West Bank" may still start later
            mention = _mention(entity, tokens, index, last, sentence)
            return _Found(index, last, replace(mention, rule="context"), "")
        entries = [e for e in node.entries if e.accepts(surfaces, sentence.lang)]
        if not entries:
            continue
        entry, rule = _choose(entries, named)
        if entry is None or (entry.kind == "capital" and _is_dateline(surfaces)):
            return _Found(index, last, None, "")
        mention = _resolve(entry, tokens, index, last, sentence, hows, gazetteer, on)
        return _Found(index, last, replace(mention, rule=rule or mention.rule), entry.kind)
    return None


def _surname_at(
    tokens: list[_Token],
    index: int,
    sentence: Sentence,
    gazetteer: Gazetteer,
    on: str,
    named: Named,
) -> _Found | None:
    """Resolve a capitalised word that is the surname of the one person named in full earlier
    in the article ("Johnson", "Johnsons" after "Boris Johnson"); the office applies as usual."""
    surface = tokens[index].surface
    if not surface[:1].isupper() or not named.surnames:
        return None
    key = normalise(surface)
    person = named.person(key)
    if person is None and sentence.lang in _COMPOUNDING and key.endswith("s"):
        person = named.person(key[:-1])  # the Swedish and German genitive: "Johnsons"
    if person is None:
        return None
    entity = gazetteer.entity(person)
    mention = replace(_mention(entity, tokens, index, index, sentence), rule="surname")
    office = gazetteer.office_on(person, on)
    if office is not None:
        mention = replace(mention, entity=office.entity, agent=entity)
    return _Found(index, index, mention, "person")


def _remember(match: _Found, tokens: list[_Token], named: Named) -> None:
    """Record a person named with more than one word under the key of the last word."""
    mention = match.mention
    if mention is None:
        return
    person = mention.agent if mention.agent is not None else mention.entity
    if person.type == "Person":
        named.add(normalise(tokens[match.last].surface), person.id)


def _is_dateline(surfaces: list[str]) -> bool:
    """A capital in capitals ("MOSCOW, Dec. 4", "PÉKIN/MANILLE") places a report, not an actor."""
    return all(s.isupper() and len(s) > 3 for s in surfaces)


def _choose(entries: list[Entry], named: Named | None) -> tuple[Entry | None, str | None]:
    """Pick the entry of a form, and the rule when it took the article's memory.

    A form of several different entities stays unresolved, never guessed (not even by who held
    an office on the date), except a surname shared by persons of whom the article named
    exactly one in full earlier.
    """
    ids = {e.entity.id for e in entries}
    if len(ids) == 1:
        return entries[0], None
    if named is not None and all(e.kind == "person" for e in entries):
        earlier = [e for e in entries if any(e.entity.id in p for p in named.surnames.values())]
        if len({e.entity.id for e in earlier}) == 1:
            return earlier[0], "surname"
    return None, None


def _resolve(
    entry: Entry,
    tokens: list[_Token],
    first: int,
    last: int,
    sentence: Sentence,
    hows: frozenset[str],
    gazetteer: Gazetteer,
    on: str,
) -> Mention:
    mention = _mention(entry.entity, tokens, first, last, sentence, dot=entry.ends_with_dot)
    if entry.kind == "person":
        office = gazetteer.office_on(entry.entity.id, on)
        if office is None:
            return replace(mention, rule="name")
        return replace(mention, entity=office.entity, agent=entry.entity, rule="office-holder")
    if entry.kind in _KIND_RULES:
        is_adjective = entry.kind == "demonym" and not _is_people_noun(
            tokens[first].surface, first, sentence.lang, hows
        )
        return replace(mention, rule=_KIND_RULES[entry.kind], is_adjective=is_adjective)
    for how in ("lemma", "affix", "compound"):
        if how in hows:
            return replace(mention, rule=how)
    is_acronym = entry.is_acronym and entry.entity.type == "Organization"
    return replace(mention, rule="acronym" if is_acronym else "name")


def _is_people_noun(surface: str, position: int, lang: str, hows: frozenset[str]) -> bool:
    """Tell a demonym used as a noun for the people ("the Russians", "les Russes") from one
    used as an adjective ("Russian troops", "les troupes russes")."""
    if lang == "en":
        return "affix" in hows and surface.endswith("s")
    return lang in ("fr", "es") and position > 0 and surface[:1].isupper()


def _mention(
    entity: Entity,
    tokens: list[_Token],
    first: int,
    last: int,
    sentence: Sentence,
    dot: bool = False,
) -> Mention:
    start, end = tokens[first].start, tokens[last].end
    surface = tokens[last].surface
    end -= len(surface) - len(strip_clitic(surface))
    if dot and sentence.text[end : end + 1] == ".":
        end += 1
    text = sentence.text[start:end]
    return Mention(entity, sentence.start + start, sentence.start + end, text, "name")


def _resolve_by_context(
    ambiguities: list[Ambiguity], tokens: list[_Token], first: int, last: int
) -> Entity | None:
    words = " " + " ".join(normalise(t.surface) for t in tokens) + " "
    for ambiguity in ambiguities:
        for cue in ambiguity.cues:
            if cue == "*" or (cue == "!name" and _next_to_name(tokens, first, last)):
                return ambiguity.entity
            if cue != "!name" and f" {cue} " in words:
                return ambiguity.entity
    return None


def _next_to_name(tokens: list[_Token], first: int, last: int) -> bool:
    """Tell whether a capitalised word touches the span ("Michael Jordan", "Chad Smith")."""
    before = first > 1 and tokens[first - 1].surface[:1].isupper()
    after = last + 1 < len(tokens) and tokens[last + 1].surface[:1].isupper()
    return before or after


def _adjacent(tokens: list[_Token], left: int, right: int, text: str) -> bool:
    """Tell whether token ``right`` follows token ``left`` after nothing but spaces."""
    gap = text[tokens[left].end : tokens[right].start]
    return right == left + 1 and _SPACE.fullmatch(gap) is not None


def _demonym_before(
    found: list[_Found],
    index: int,
    tokens: list[_Token],
    text: str,
    kinds: tuple[str, ...] = ("demonym",),
) -> _Found | None:
    """Return the mention of one of ``kinds`` that ends right before token ``index``."""
    if not found or index == 0:
        return None
    previous = found[-1]
    is_kind = previous.kind in kinds and previous.mention is not None
    if is_kind and previous.last == index - 1 and _adjacent(tokens, index - 1, index, text):
        return previous
    return None


def _word_ending(
    trie: Node, tokens: list[_Token], end: int, sentence: Sentence, floor: int
) -> int | None:
    """Return the first token of the longest title/institution ending at token ``end``."""
    for first in range(max(floor, end - 5), end + 1):
        if _word_last(trie, tokens, first, sentence) == end:
            return first
    return None


def _word_last(
    trie: Node, tokens: list[_Token], first: int, sentence: Sentence, ceiling: int | None = None
) -> int | None:
    """Return the last token of the longest title/institution starting at token ``first`` and
    ending at ``ceiling`` at the latest."""
    for last, node, _ in _walk(trie, tokens, first, sentence.text):
        if ceiling is not None and last > ceiling:
            continue
        surfaces = [t.surface for t in tokens[first : last + 1]]
        if any(e.accepts(surfaces, sentence.lang) for e in node.entries):
            return last
    return None


def _attach_titles(
    found: list[_Found], tokens: list[_Token], sentence: Sentence, gazetteer: Gazetteer
) -> list[_Found]:
    """Extend a person over a title before it ("President Putin"), and over a demonym, country
    or institution of the same state around the title ("Russian President Putin", "le président
    russe Poutine", "Chinese foreign ministry spokesman Lin Jian"). When the text itself names
    the state of a person who holds no office on the date ("el presidente mexicano López
    Obrador" in an undated article), the mention is that state with the person as agent."""
    result: list[_Found] = []
    for item in found:
        if item.kind != "person" or item.mention is None:
            result.append(item)
            continue
        inner = _demonym_before(result, item.first, tokens, sentence.text)
        before = result[:-1] if inner else result
        floor = before[-1].last + 1 if before else 0
        title_end = (inner.first if inner else item.first) - 1
        title = _word_ending(gazetteer.titles, tokens, title_end, sentence, floor)
        if title is None or not _adjacent(tokens, title_end, title_end + 1, sentence.text):
            office = None
            if inner is None:
                kinds = ("institution",)
                office = _demonym_before(result, item.first, tokens, sentence.text, kinds)
            mention = _as_official(office, item.mention, tokens, sentence, gazetteer)
            if office is None or mention is None:
                result.append(item)
                continue
            result.remove(office)
            mention = _widen(mention, tokens, office.first, item.last, sentence, "title+name")
            result.append(_Found(office.first, item.last, mention, "person"))
            continue
        person = item.mention
        if inner is not None:
            official = _as_official(inner, person, tokens, sentence, gazetteer, title)
            if official is None:
                result.append(item)
                continue
            person = official
            result.remove(inner)
        first = title
        outer = _demonym_before(result, first, tokens, sentence.text, _OUTER_KINDS)
        official = _as_official(outer, person, tokens, sentence, gazetteer, title)
        if outer is not None and official is not None:
            result.remove(outer)
            first, person = outer.first, official
        mention = _widen(person, tokens, first, item.last, sentence, "title+name")
        result.append(_Found(first, item.last, mention, "person"))
    return result


def _as_official(
    state: _Found | None,
    person: Mention,
    tokens: list[_Token],
    sentence: Sentence,
    gazetteer: Gazetteer,
    title: int | None = None,
) -> Mention | None:
    """Return the person's mention as an official of ``state``, or None when they differ.

    A person already resolved to that state stays as is; a person without an office on the
    date becomes the state with the person as agent, unless "former" precedes the title.
    """
    if state is None or state.mention is None:
        return None
    if state.mention.entity == person.entity:
        return person
    is_free = person.agent is None and person.entity.type == "Person"
    is_state = state.mention.entity.type in ("Country", "Organization")
    if not (is_free and is_state):
        return None
    for index in {state.first, title if title is not None else state.first}:
        if index > 0 and _word_ending(gazetteer.former, tokens, index - 1, sentence, 0) is not None:
            return None
    return replace(person, entity=state.mention.entity, agent=person.entity)


def _attach_institutions(
    found: list[_Found], tokens: list[_Token], sentence: Sentence, gazetteer: Gazetteer
) -> list[_Found]:
    """Make "the Russian government", "le gouvernement russe" a head noun for the state."""
    result: list[_Found] = []
    skip = -1
    for position, item in enumerate(found):
        if position == skip:
            continue
        if item.kind != "demonym" or item.mention is None:
            result.append(item)
            continue
        following = found[position + 1] if position + 1 < len(found) else None
        ceiling = following.first - 1 if following else len(tokens) - 1
        floor = result[-1].last + 1 if result else 0
        # A title before a person of the same state is left to _attach_titles, which keeps the
        # person as agent ("Russian President Putin", "le président russe Poutine").
        same_person = (
            following is not None
            and following.kind == "person"
            and following.mention is not None
            and following.mention.entity == item.mention.entity
        )
        tries = (
            (gazetteer.institutions,)
            if same_person
            else (
                gazetteer.institutions,
                gazetteer.titles,
            )
        )
        if following and following.kind == "seat":
            ceiling = max(ceiling, following.last)
        lasts = [_word_last(t, tokens, item.last + 1, sentence, ceiling) for t in tries]
        last = max((x for x in lasts if x is not None), default=None)
        if following and following.kind == "seat" and last is not None and following.last <= last:
            # "die österreichische Bundesregierung": the institution, not Germany's seat.
            skip = position + 1
        elif following and last is not None and last >= following.first:
            last = None
        if (
            last is not None
            and last <= ceiling
            and _adjacent(tokens, item.last, item.last + 1, sentence.text)
        ):
            first = item.first
        else:
            last = item.last
            starts = [_word_ending(t, tokens, item.first - 1, sentence, floor) for t in tries]
            start = min((x for x in starts if x is not None), default=None)
            if start is None or not _adjacent(tokens, item.first - 1, item.first, sentence.text):
                result.append(item)
                continue
            first = start
        mention = _widen(item.mention, tokens, first, last, sentence, "demonym")
        result.append(_Found(first, last, replace(mention, is_adjective=False), "institution"))
    return result


def _widen(
    mention: Mention, tokens: list[_Token], first: int, last: int, sentence: Sentence, rule: str
) -> Mention:
    wider = _mention(mention.entity, tokens, first, last, sentence)
    end = max(wider.end, mention.end)
    text = sentence.text[wider.start - sentence.start : end - sentence.start]
    return replace(mention, start=wider.start, end=end, text=text, rule=rule)


def _compose_topics(
    found: list[_Found], tokens: list[_Token], sentence: Sentence, gazetteer: Gazetteer
) -> list[_Found]:
    """Join a country and a compound topic: "Sweden's NATO membership" -> a topic of its own
    (``compound_topics.tsv`` gives the label template, e.g. "{country} NATO membership")."""
    result: list[_Found] = []
    for item in found:
        template = gazetteer.compound_topics.get(item.mention.entity.id) if item.mention else None
        country = result[-1] if result else None
        if (
            template is None
            or item.mention is None
            or country is None
            or country.mention is None
            or country.mention.entity.type != "Country"
            or country.mention.agent is not None
            or country.last != item.first - 1
            or not _adjacent(tokens, country.last, item.first, sentence.text)
        ):
            result.append(item)
            continue
        label = template.format(country=country.mention.entity.label)
        topic = Entity(f"topic:{slugify(label)}", label, "Topic")
        start = country.mention.start
        text = sentence.text[start - sentence.start : item.mention.end - sentence.start]
        mention = replace(item.mention, entity=topic, start=start, text=text)
        result[-1] = _Found(country.first, item.last, mention, "topic")
    return result
