"""Find the arguments of a relation trigger in one sentence: who does what to whom.

A sentence is prepared once (``prepare``): its tokens, their lemmas, and its mentions as
``Unit``s (a mention, or a reference resolved to one or more entities). ``find_arguments`` then
applies the trigger's frame (see ``loaders.relations``): the nearest actor before the trigger and
those coordinated with it, the first mention after it; passive agents ("was criticised by Y",
"von Belarus kritisiert"), noun modifiers ("Russian aggression", "der Angriff Russlands"),
verb-final and V2 clauses (German, Swedish), relative clauses, that-clauses of demands and the
recipients of aid.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.claims import Entity
from loaders.lemmas import lemmatize
from loaders.mentions import Mention, slugify
from loaders.predicates import CueMatch, Lexicon, TriggerMatch, normalize_token, tokenize
from loaders.sentences import Sentence

__all__ = [
    "ACTOR_TYPES",
    "Prepared",
    "Unit",
    "as_written",
    "blamed_actor",
    "cause_object",
    "coordinated",
    "find_arguments",
    "free_topic",
    "group_members",
    "left_actor",
    "memberships",
    "modifies_noun",
    "prepare",
    "single",
    "symmetric_pairs",
    "topic_phrase",
]

ACTOR_TYPES = frozenset({"Country", "Organization", "Group", "Person"})
STANCE = frozenset({"SUPPORTS", "OPPOSES", "CONCERNED_ABOUT", "DEMANDS"})
COMPLEMENT_OBJECT = frozenset({"DEMANDS"})  # "demands that X ...": X is the object
RECIPIENT_OBJECT = frozenset({"AIDS"})  # "sends ... to X": X is the object

_MAX_OBJECT_GAP = 6  # tokens between a trigger and its object
_MAX_TOPIC_WORDS = 6
_MAX_CAUSE_DISTANCE = 12  # tokens between "en raison de" and the actor it names
_MAX_PHRASE_WORDS = 24  # words in a noun phrase taken as a topic (French, Spanish)
_MAX_LIGHT_MODIFIERS = 2  # adjectives after a light noun ("le renforcement grandissant des")
_OPENING_QUOTES = frozenset({"«", "“", "„"})
_CLOSING_QUOTES = frozenset({"»", "”"})
_GLUE = frozenset({"-", "'"})  # inside a word: "sous-marins", "d'Asie"
_HOSTILE_ACTS = frozenset({"ATTACKS", "THREATENS", "MOBILIZES_AGAINST"})
_FUNCTION_ROLES = ("det", "object", "coord", "between", "loc", "stop", "genagent")
# A phrase head is a noun: "the" words of these roles start no topic ("ratificó en la misma ...").
_NOT_HEAD_ROLES = (
    "proxy",
    "phrase_end",
    "object",
    "loc",
    "stop",
    "clause",
    "coord",
    "between",
    "complement",
)
_MAX_NOUN_SUBJECT_DISTANCE = 8  # tokens between a noun trigger and an actor before it
_MAX_RECIPIENT_DISTANCE = 30
_MAX_RELATIVE_CLAUSE = 25  # tokens in a relative clause between commas
_QUOTES = frozenset({'"', "«", "»", "“", "”", "„"})
_PREMODIFYING_LANGUAGES = frozenset({"en"})
_PHYSICAL = frozenset({"ATTACKS", "MOBILIZES_AGAINST", "AIDS", "MEMBER_OF"})
_NOT_NOUN_ROLES = ("det", "stop", "object", "coord", "clause", "complement", "relative", "loc")


@dataclass(frozen=True, slots=True)
class Unit:
    """An argument candidate: a mention, or a reference resolved to one or more entities."""

    entities: tuple[Entity, ...]
    start: int  # token indices
    end: int
    agent: Entity | None
    is_adjective: bool
    rule: str

    @property
    def is_actor(self) -> bool:
        return self.entities[0].type in ACTOR_TYPES


@dataclass(slots=True)
class Prepared:
    """One sentence prepared for matching: tokens, lemmas (lazy), units, cues."""

    sentence: Sentence
    lexicon: Lexicon
    spans: list[tuple[int, int]]
    lowers: list[str]
    lemmas: dict[str, str]
    token_lemmas: list[str] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    unit_at: list[int] = field(default_factory=list)
    trigger_tokens: set[int] = field(default_factory=set)
    reciprocal: set[int] = field(default_factory=set)
    references: list[CueMatch] = field(default_factory=list)

    def lemma(self, index: int) -> str:
        return self.token_lemmas[index]

    def has_role(self, index: int, role: str) -> bool:
        return self.lowers[index] in self.lexicon.roles[role]

    def is_boundary(self, index: int) -> bool:
        return self.lowers[index] in {";", ":"} or self.has_role(index, "clause")


def prepare(
    sentence: Sentence, mentions: list[Mention], lexicon: Lexicon, lemmas: dict[str, str]
) -> Prepared:
    tokens = tokenize(sentence.text)
    spans = [(m.start(), m.end()) for m in tokens]
    prepared = Prepared(
        sentence=sentence,
        lexicon=lexicon,
        spans=spans,
        lowers=[normalize_token(m.group()) for m in tokens],
        lemmas=lemmas,
    )
    prepared.unit_at = [-1] * len(spans)
    # Each distinct word is lemmatised once per article (``lemmas`` is the article's cache).
    for word in prepared.lowers:
        lemma = lemmas.get(word)
        if lemma is None:
            lemma = word
            if word[:1].isalpha():
                lemma = lemmatize(word, lexicon.lang).lower()
            lemmas[word] = lemma
        prepared.token_lemmas.append(lemma)
    token = 0
    for mention in mentions:
        start, end = mention.start - sentence.start, mention.end - sentence.start
        while token < len(spans) and spans[token][1] <= start:
            token += 1
        first = token
        last = first
        while last < len(spans) and spans[last][0] < end:
            last += 1
        if last == first:
            continue
        prepared.unit_at[first:last] = [len(prepared.units)] * (last - first)
        prepared.units.append(
            Unit(
                entities=(mention.entity,),
                start=first,
                end=last,
                agent=mention.agent,
                is_adjective=mention.is_adjective,
                rule=mention.rule,
            )
        )
    return prepared


def find_arguments(
    prepared: Prepared,
    match: TriggerMatch,
    triggers: list[TriggerMatch],
    speaker_units: set[int],
) -> tuple[tuple[Unit, ...], tuple[Unit, ...], list[str]]:
    """Return (subjects, objects, rule names) for one trigger."""
    how: list[str] = []
    frame = match.trigger.frame
    passive = frame in ("verb", "noun", "join") and _is_passive(prepared, match)
    if passive:
        agent_units = _agent_phrase(prepared, match)
    elif frame in ("noun", "sym"):
        agent_units = _agent_phrase(prepared, match, role="nagent")
        if not agent_units and match.trigger.predicate not in _PHYSICAL:
            # "a warning from the Kremlin", but "strikes from Belarus" name a place.
            agent_units = _agent_phrase(prepared, match, role="source")
    else:
        agent_units = ()
    if passive and not agent_units:
        agent_units = _agent_before(prepared, match)  # verb-final: "von X kritisiert"
    if passive:
        # "was criticised by Y": Y is the subject; without an agent the subject is unknown and
        # the actor before the verb is its object ("Ukraina ska hindras").
        left = left_actor(prepared, match.start, any_type=True, skip=agent_units)
        how.append("passive")
        return agent_units, (left,) if left else (), how
    subjects: tuple[Unit, ...] = ()
    if frame in ("noun", "sym") and agent_units:
        subjects = agent_units
        how.append("subject:agent")
    elif frame == "noun":
        subjects = _modifier(prepared, match)
        if subjects:
            how.append("subject:modifier")
        else:
            subjects = _genitive_agent(prepared, match)
            if subjects:
                agent_units = subjects
                how.append("subject:agent")
    if frame in ("verb", "join") and not subjects:
        inverted = _inverted(prepared, match)
        if inverted:
            how.append("subject:inverted")
            return inverted[0], inverted[1], how
    if frame == "verb" and not subjects and _is_clause_final(prepared, match):
        # Verb-final clauses ("dass Russland die Ukraine angegriffen hat", "hat X den
        # Botschafter von Y einbestellt"): the first actors of the clause are the subjects,
        # the actors between them and the verb the objects.
        actors = _clause_actors(prepared, match.start)
        if len(actors) >= 2:
            subjects = coordinated(prepared, actors[0], step=1)
            rest = [unit for unit in actors if unit not in subjects]
            objects = _linked(prepared, rest)
            if objects:
                how.append("object:verb-final")
                return subjects, objects, how
            subjects = ()
    if not subjects:
        nominal = frame in ("noun", "sym")
        left = left_actor(prepared, match.start, nominal=frame == "noun", near=nominal)
        if left is not None:
            subjects = coordinated(prepared, left, step=-1)
        elif not nominal:
            left = left_actor(prepared, match.start, cross=True)
            if left is not None:
                subjects = coordinated(prepared, left, step=-1)
                how.append("subject:matrix")
    skip = {id(unit) for unit in (*agent_units, *subjects)}
    after = max([match.end, *(unit.end for unit in agent_units if unit.start >= match.end)])
    objects = _right_objects(prepared, match, triggers, skip, speaker_units, start=after)
    if objects and objects[0].start < 0:  # nested measure: its subjects are the objects
        how.append("object:nested")
        objects = objects[1:]
    if not objects and frame == "noun" and "subject:agent" in how:
        # "Finland's move drew a warning from the Kremlin": the sentence's first actor is
        # what the agent's warning, criticism or sanctions are aimed at.
        target = _first_actor(prepared, before=match.start)
        if target is not None and target not in subjects:
            objects = (target,)
            how.append("object:sentence-subject")
    if not objects and frame in ("verb", "adj"):
        antecedent = _antecedent(prepared, match.start, skip=subjects)
        if antecedent is not None and antecedent not in subjects:
            objects = (antecedent,)
            how.append("object:relative")
    if not objects and match.trigger.predicate in RECIPIENT_OBJECT:
        # "will send rations, helmets ... and anti-tank weapons to Ukraine"
        recipient = _recipient(prepared, match.end)
        if recipient is not None:
            objects = (recipient,)
            how.append("object:recipient")
    return subjects, objects, how


def memberships(subjects: tuple[Unit, ...], objects: tuple[Unit, ...]) -> list[tuple[Unit, Unit]]:
    """Return (member, topic) for each state joining an organisation: "Ukraine NATO membership"."""
    found = []
    for member in single(subjects):
        for organisation in single(objects):
            if member.entities[0].type != "Country":
                continue
            if organisation.entities[0].type != "Organization":
                continue
            label = f"{member.entities[0].label} {organisation.entities[0].label} membership"
            topic = Entity(id=f"topic:{slugify(label)}", label=label, type="Topic")
            found.append(
                (member, Unit((topic,), member.start, member.end, None, False, "membership"))
            )
    return found


def _first_actor(prepared: Prepared, *, before: int) -> Unit | None:
    """Return the first actor unit of the sentence when it stands before a token."""
    for unit in prepared.units:
        if unit.start >= before:
            return None
        if (
            unit.is_actor
            and not unit.rule.startswith("reference")
            and not _is_dateline(prepared, unit)
        ):
            return unit
    return None


def _is_dateline(prepared: Prepared, unit: Unit) -> bool:
    """Tell whether a unit is a dateline ("BRUSSELS:", "MOSCOW, December 4"), not an actor."""
    if unit.start != 0 or unit.end >= len(prepared.lowers):
        return False
    surface = prepared.sentence.text[
        prepared.spans[unit.start][0] : prepared.spans[unit.end - 1][1]
    ]
    return surface.isupper() and prepared.lowers[unit.end] in {":", ",", "-", "–", "—"}


def _linked(prepared: Prepared, units: list[Unit]) -> tuple[Unit, ...]:
    """Return the first unit and those linked to it by a coordinating word, however far
    ("den deutschen Botschafter ... sowie den Vertreter von Österreich")."""
    if not units:
        return ()
    found = [units[0]]
    for unit in units[1:]:
        between = range(found[-1].end, unit.start)
        if not any(prepared.has_role(index, "coord") for index in between):
            break
        found.append(unit)
    return tuple(found)


def _antecedent(prepared: Prepared, before: int, *, skip: tuple[Unit, ...]) -> Unit | None:
    """Return the actor a relative clause hangs on ("Ukraina, som han planerar att invadera")."""
    index = before - 1
    while index > 0:
        if prepared.has_role(index, "relative"):
            previous = index - 1
            if prepared.lowers[previous] == ",":
                previous -= 1
            unit_index = prepared.unit_at[previous] if previous >= 0 else -1
            if unit_index < 0:
                return None
            unit = prepared.units[unit_index]
            return unit if not unit.is_adjective else None
        unit_index = prepared.unit_at[index]
        if unit_index >= 0:
            unit = prepared.units[unit_index]
            if unit not in skip and not unit.rule.startswith("reference"):
                return None
        if prepared.lowers[index] in {".", ";", ":"}:
            return None
        index -= 1
    return None


def _recipient(prepared: Prepared, start: int) -> Unit | None:
    """Return the first actor after a recipient preposition ("to", "till") in the clause."""
    for index in range(start, min(len(prepared.lowers), start + _MAX_RECIPIENT_DISTANCE)):
        if prepared.is_boundary(index):
            return None
        unit_index = prepared.unit_at[index]
        if unit_index >= 0 and index > 0 and prepared.has_role(index - 1, "recipient"):
            unit = prepared.units[unit_index]
            return unit if unit.is_actor else None
    return None


def _inverted(
    prepared: Prepared, match: TriggerMatch
) -> tuple[tuple[Unit, ...], tuple[Unit, ...]] | None:
    """Return (subjects, objects) when a V2 language puts the subject after the verb.

    "Även om ..., anklagade de två länderna Nato", "Am Montag kritisierte Berlin Moskau": after
    a fronted clause or adverb the verb comes second and its subject right after it.
    """
    before = match.start - 1
    if before < 0 or not prepared.lexicon.roles["v2"]:
        return None
    if not prepared.has_role(before, "v2") and left_actor(prepared, match.start) is not None:
        return None
    index = match.end
    while index < len(prepared.lowers) and prepared.has_role(index, "det"):
        index += 1
    if index >= len(prepared.lowers) or prepared.unit_at[index] < 0:
        return None
    first = prepared.units[prepared.unit_at[index]]
    if not first.is_actor or first.is_adjective:
        return None
    subjects = coordinated(prepared, first, step=1)
    index = subjects[-1].end
    # The rest of a particle verb, and adverbs before it, stand between subject and object:
    # "gick Finland med i Nato", "tog Rumänien tydligt avstånd från Ryssland".
    tail = match.trigger.words
    while index < len(prepared.lowers) and (
        prepared.has_role(index, "det")
        or prepared.lowers[index] in tail
        or (
            prepared.unit_at[index] < 0
            and any(word in tail for word in prepared.lowers[index + 1 : index + 3])
        )
    ):
        index += 1
    if index >= len(prepared.lowers) or prepared.unit_at[index] < 0:
        return None
    objects = coordinated(prepared, prepared.units[prepared.unit_at[index]], step=1)
    return subjects, objects


def _is_clause_final(prepared: Prepared, match: TriggerMatch) -> bool:
    """Tell whether a verb ends its clause in a verb-final language (German)."""
    if not prepared.lexicon.roles["final"] or match.start == 0:
        return False
    if match.end >= len(prepared.lowers):
        return True
    nxt = prepared.lowers[match.end]
    return (
        not nxt[:1].isalnum()
        or prepared.has_role(match.end, "final")
        or prepared.has_role(match.end, "coord")
    )


def _clause_actors(prepared: Prepared, before: int) -> list[Unit]:
    """Return the actor units of the clause that ends at a token, in text order, without places."""
    found: list[Unit] = []
    index = before - 1
    while index >= 0 and not prepared.is_boundary(index) and prepared.lowers[index] != ",":
        unit_index = prepared.unit_at[index]
        if unit_index >= 0:
            unit = prepared.units[unit_index]
            is_place = unit.start > 0 and prepared.has_role(unit.start - 1, "loc")
            if unit.is_actor and not is_place:
                found.append(unit)
            index = unit.start - 1
            continue
        index -= 1
    found.reverse()
    return found


def _agent_before(prepared: Prepared, match: TriggerMatch) -> tuple[Unit, ...]:
    """Return the agent before a verb-final passive ("von Belarus kritisiert")."""
    index = match.start - 1
    while index >= 0 and not prepared.is_boundary(index):
        unit_index = prepared.unit_at[index]
        if unit_index >= 0:
            unit = prepared.units[unit_index]
            before = unit.start - 1
            while before >= 0 and prepared.has_role(before, "det"):
                before -= 1
            if unit.is_actor and before >= 0 and prepared.has_role(before, "agent"):
                return (unit,)
            index = unit.start - 1
            continue
        index -= 1
    return ()


def _right_objects(
    prepared: Prepared,
    match: TriggerMatch,
    triggers: list[TriggerMatch],
    skip: set[int],
    speaker_units: set[int],
    *,
    start: int | None = None,
) -> tuple[Unit, ...]:
    """Return the first mention after the trigger with its coordinated mentions.

    For a criticism whose object is itself a measure ("condemns the sanctions imposed by X"),
    return the measure's subjects, marked by a leading unit with start -1.
    """
    starts = {other.start: other for other in triggers if other.start >= match.end}
    gap = 0
    index = match.end if start is None else start
    while index < len(prepared.lowers) and gap <= _MAX_OBJECT_GAP:
        if prepared.is_boundary(index) or prepared.lowers[index] == ",":
            if match.trigger.predicate in COMPLEMENT_OBJECT and gap <= 1:
                # "demands that Sweden extradite ...": the complement's subject is the object.
                clause = _first_actor_after(prepared, index + 1)
                return (clause,) if clause is not None else ()
            return ()
        nested = starts.get(index)
        if nested is not None and match.trigger.predicate == "CRITICIZES":
            subjects, _, how = find_arguments(prepared, nested, [], speaker_units)
            direct = "subject:agent" in how or "subject:modifier" in how
            if subjects and direct and nested.trigger.frame == "noun":
                marker = Unit(
                    entities=subjects[0].entities,
                    start=-1,
                    end=-1,
                    agent=None,
                    is_adjective=False,
                    rule="nested",
                )
                return (marker, *subjects)
        if (
            nested is not None
            and nested.trigger.frame == "noun"
            and nested.trigger.predicate != match.trigger.predicate
            and prepared.unit_at[index] < 0
        ):
            # "condemn the attack on Israel": Israel is what was attacked, not who is condemned.
            return ()
        unit_index = prepared.unit_at[index]
        if unit_index >= 0:
            unit = prepared.units[unit_index]
            is_place = unit.start > 0 and prepared.has_role(unit.start - 1, "loc")
            before = _before_det(prepared, unit)
            # "tar avstånd från X": a source word that belongs to the trigger introduces its object
            is_source = before >= match.end and prepared.has_role(before, "source")
            if (match.trigger.frame == "sym" and is_place) or is_source:
                index = unit.end  # "met in Oslo", "strikes from Belarus": places, not objects
                continue
            if id(unit) not in skip and unit_index not in speaker_units:
                if match.trigger.predicate in STANCE:
                    unit = _possessed(prepared, unit)
                return coordinated(prepared, unit, step=1)
            index = unit.end
            continue
        if not prepared.has_role(index, "det"):
            gap += 1
        index += 1
    return ()


def _possessed(prepared: Prepared, unit: Unit) -> Unit:
    """Return the topic an actor modifies ("Beijing's One China policy"), else the actor."""
    if not unit.is_actor:
        return unit
    index = unit.end
    while index < min(len(prepared.lowers), unit.end + 3):
        unit_index = prepared.unit_at[index]
        if unit_index >= 0:
            nxt = prepared.units[unit_index]
            return nxt if nxt.entities[0].type == "Topic" else unit
        if not prepared.has_role(index, "det"):
            return unit
        index += 1
    return unit


def _first_actor_after(prepared: Prepared, start: int) -> Unit | None:
    """Return the first actor unit within a few tokens after a clause boundary."""
    for index in range(start, min(len(prepared.lowers), start + 4)):
        unit_index = prepared.unit_at[index]
        if unit_index >= 0:
            unit = prepared.units[unit_index]
            return unit if unit.is_actor and not unit.is_adjective else None
    return None


def left_actor(
    prepared: Prepared,
    before: int,
    *,
    any_type: bool = False,
    skip: tuple[Unit, ...] = (),
    cross: bool = False,
    nominal: bool = False,
    near: bool = False,
) -> Unit | None:
    """Return the nearest actor unit before a token, within the clause; skip place adverbials.

    With ``nominal`` (the arguments of a noun), stop at a comma and at another trigger: in
    "X condemns sanctions against Y" the sanctions are not X's. With ``cross``, look past one
    complement boundary ("denies that it plans to invade",
    "förnekar att han planerar att invadera"): the subject of the main clause.
    """
    fallback = None
    crossed = 0
    index = before - 1
    while index >= 0:
        if nominal and (prepared.lowers[index] == "," or index in prepared.trigger_tokens):
            break
        if (nominal or near) and before - index > _MAX_NOUN_SUBJECT_DISTANCE:
            break
        if prepared.lowers[index] == "," and not nominal and fallback is None and not crossed:
            antecedent = _relative_head(prepared, index)
            if antecedent is not None and antecedent.is_actor and antecedent not in skip:
                return antecedent  # "Russia, which borders Ukraine, opposes ..."
        if prepared.is_boundary(index):
            if not nominal and fallback is None and prepared.has_role(index, "relative"):
                # "Putin, som har skrivit att ..., har krävt": the relative clause hangs on
                # the subject of the main clause.
                head = index - 2 if index >= 2 and prepared.lowers[index - 1] == "," else -1
                if head >= 0 and prepared.unit_at[head] >= 0:
                    unit = prepared.units[prepared.unit_at[head]]
                    if unit.is_actor and unit not in skip:
                        return unit
            if not cross or crossed >= 2 or not prepared.has_role(index, "complement"):
                break
            crossed += 1
        unit_index = prepared.unit_at[index]
        if unit_index >= 0:
            unit = prepared.units[unit_index]
            if (unit.is_actor or any_type) and unit not in skip and (crossed or not cross):
                if unit.start > 0 and prepared.has_role(unit.start - 1, "loc"):
                    fallback = fallback or unit
                else:
                    return unit
            index = unit.start - 1
            continue
        index -= 1
    return fallback


def _genitive_agent(prepared: Prepared, match: TriggerMatch) -> tuple[Unit, ...]:
    """Return X in "los ataques de X contra Y", "les frappes de X sur Y": a genitive followed
    by the noun's object is its agent."""
    index = match.end
    while (
        index < len(prepared.lowers)
        and prepared.has_role(index, "det")
        and not prepared.has_role(index, "genagent")
    ):
        index += 1
    if index >= len(prepared.lowers) or not prepared.has_role(index, "genagent"):
        return ()
    index = _skip_det(prepared, index + 1)
    if index >= len(prepared.lowers) or prepared.unit_at[index] < 0:
        return ()
    agent = prepared.units[prepared.unit_at[index]]
    after = _skip_det(prepared, agent.end)
    if not agent.is_actor or after >= len(prepared.lowers):
        return ()
    if not prepared.has_role(after, "object") or prepared.has_role(after, "genagent"):
        return ()
    target = _skip_det(prepared, after + 1)
    if target < len(prepared.lowers) and prepared.unit_at[target] >= 0:
        return (agent,)
    return ()


def _before_det(prepared: Prepared, unit: Unit) -> int:
    """Return the index of the token before a unit and its articles."""
    index = unit.start - 1
    while index > 0 and prepared.has_role(index, "det"):
        index -= 1
    return index


def _skip_det(prepared: Prepared, index: int) -> int:
    while index < len(prepared.lowers) and prepared.has_role(index, "det"):
        index += 1
    return index


def _relative_head(prepared: Prepared, comma: int) -> Unit | None:
    """Return the actor a relative clause ending at a comma hangs on ("X, som ..., har")."""
    index = comma - 1
    while index > 1 and comma - index <= _MAX_RELATIVE_CLAUSE:
        if prepared.lowers[index] in {".", ";", ":"}:
            return None
        if prepared.has_role(index, "relative") and prepared.lowers[index - 1] == ",":
            unit_index = prepared.unit_at[index - 2]
            return prepared.units[unit_index] if unit_index >= 0 else None
        index -= 1
    return None


def coordinated(prepared: Prepared, unit: Unit, *, step: int) -> tuple[Unit, ...]:
    """Return the unit with the units coordinated with it ("X, Y and Z"), in text order.

    Commas alone do not coordinate ("Ukraine, the government said"): a list needs a
    coordinating word ("and", "och", "und", "et", "y") in one of its links, or a word of
    inclusion (role ``include``: "y compris X", "X inclus").
    """
    found = [unit]
    words: list[bool] = []  # whether each link had a coordinating word
    current = unit
    while True:
        index = current.start - 1 if step < 0 else current.end
        seen_coord = False
        has_word = False
        while 0 <= index < len(prepared.lowers) and prepared.unit_at[index] < 0:
            word = prepared.lowers[index]
            if prepared.has_role(index, "coord") or prepared.has_role(index, "include"):
                seen_coord = has_word = True
            elif word == "," or prepared.has_role(index, "proxy"):
                seen_coord = True
            elif not prepared.has_role(index, "det"):
                break
            index += step
        if not seen_coord or not 0 <= index < len(prepared.lowers):
            break
        unit_index = prepared.unit_at[index]
        if unit_index < 0:
            break
        nxt = prepared.units[unit_index]
        if nxt.is_actor != unit.is_actor:
            break
        found.append(nxt)
        words.append(has_word)
        current = nxt
    after = found[-1].end
    if step > 0 and words and after < len(prepared.lowers) and prepared.has_role(after, "include"):
        words[-1] = True  # "la mer de Chine méridionale, l'atoll Second Thomas inclus"
    if not any(words):
        return (unit,)
    if step > 0:
        found = found[: max(i for i, word in enumerate(words) if word) + 2]
    else:
        found.reverse()
    return tuple(found)


def _modifier(prepared: Prepared, match: TriggerMatch) -> tuple[Unit, ...]:
    """Return an actor right before a noun trigger ("Russian aggression", "Natos krav"), or an
    adjective right after it ("l'invasion russe", "el ataque ruso")."""
    if match.end < len(prepared.lowers) and prepared.unit_at[match.end] >= 0:
        unit = prepared.units[prepared.unit_at[match.end]]
        genitive = prepared.has_role(unit.end - 1, "genitive") or (
            prepared.lexicon.roles["genitive"] and prepared.lowers[unit.end - 1].endswith("s")
        )
        if unit.is_actor and (unit.is_adjective or genitive):
            return (unit,)  # "l'invasion russe", "der Angriff Russlands"
    index = match.start - 1
    gap = 0
    while index >= 0 and gap <= 2:
        unit_index = prepared.unit_at[index]
        if unit_index >= 0:
            unit = prepared.units[unit_index]
            return coordinated(prepared, unit, step=-1) if unit.is_actor else ()
        word = prepared.lowers[index]
        if not (word.isalpha() or word in {"'", "’"}) or prepared.has_role(index, "stop"):
            return ()
        if prepared.has_role(index, "coord") or prepared.is_boundary(index):
            return ()
        if index in prepared.trigger_tokens:
            return ()
        gap += 1
        index -= 1
    return ()


def _agent_phrase(
    prepared: Prepared, match: TriggerMatch, *, role: str = "agent"
) -> tuple[Unit, ...]:
    """Return the actors of an agent phrase after the trigger ("by X and Y"), if any."""
    index = match.end
    limit = min(len(prepared.lowers), match.end + 6)
    while index < limit:
        if prepared.is_boundary(index) or prepared.unit_at[index] >= 0:
            return ()
        if prepared.has_role(index, role):
            nxt = index + 1
            while nxt < len(prepared.lowers) and prepared.has_role(nxt, "det"):
                nxt += 1
            if nxt < len(prepared.lowers) and prepared.unit_at[nxt] >= 0:
                unit = prepared.units[prepared.unit_at[nxt]]
                if unit.is_actor:
                    return coordinated(prepared, unit, step=1)
            return ()
        index += 1
    return ()


def _is_passive(prepared: Prepared, match: TriggerMatch) -> bool:
    for index in range(max(0, match.start - 3), match.start):
        if prepared.has_role(index, "passive") and not _after_reflexive(prepared, index):
            return True
    if prepared.lexicon.lang == "sv" and match.trigger.frame == "verb":
        word = prepared.lowers[match.start]
        return word.endswith("s") and not prepared.lemma(match.start).endswith("s")
    return False


def _after_reflexive(prepared: Prepared, index: int) -> bool:
    """Tell whether an auxiliary follows a reflexive pronoun: "s'est jointe" is no passive."""
    before = index - 1
    if before >= 0 and prepared.lowers[before] in {"'", "’"}:
        before -= 1
    return before >= 0 and prepared.has_role(before, "reflexive")


def symmetric_pairs(
    prepared: Prepared,
    match: TriggerMatch,
    subjects: tuple[Unit, ...],
    objects: tuple[Unit, ...],
) -> list[tuple[Unit, Unit]]:
    actors = [unit for unit in objects if unit.is_actor]
    if subjects and actors:
        return [(s, o) for s in subjects for o in actors]
    members = single(subjects)
    if len(members) < 2:
        members = single(tuple(actors))
    return [(a, b) for i, a in enumerate(members) for b in members[i + 1 :]]


def single(units: tuple[Unit, ...]) -> list[Unit]:
    """Split units that stand for several entities ("the two countries") into one per entity."""
    return [
        unit
        if len(unit.entities) == 1
        else Unit((entity,), unit.start, unit.end, None, False, unit.rule)
        for unit in units
        for entity in unit.entities
    ]


def group_members(prepared: Prepared, match: TriggerMatch) -> list[tuple[Unit, Unit]]:
    """Return (member, organisation) pairs: "the X pact between A and B", "G7, including A"."""
    organisation = None
    for index in range(match.start - 1, max(-1, match.start - 4), -1):
        unit_index = prepared.unit_at[index]
        if unit_index >= 0:
            unit = prepared.units[unit_index]
            if unit.entities[0].type == "Organization":
                organisation = unit
            break
    index = match.end
    while index < len(prepared.lowers) and prepared.unit_at[index] < 0:
        if not (prepared.has_role(index, "det") or prepared.has_role(index, "between")):
            return []
        index += 1
    if index >= len(prepared.lowers):
        return []
    first = prepared.units[prepared.unit_at[index]]
    if not first.is_actor:
        return []
    members = coordinated(prepared, first, step=1)
    if organisation is None:
        after = members[-1].end
        while after < len(prepared.lowers) and prepared.lowers[after] in {"(", ",", "-", "–"}:
            after += 1
        if after < len(prepared.lowers) and prepared.unit_at[after] >= 0:
            unit = prepared.units[prepared.unit_at[after]]
            if unit.entities[0].type == "Organization":
                organisation = unit
    if organisation is None:
        return []
    return [(member, organisation) for member in members if member is not organisation]


def modifies_noun(prepared: Prepared, unit: Unit) -> bool:
    """Tell whether a mention only modifies the common noun after it ("the UN resolution").

    Only in English do names stand before the noun they modify; Swedish and German write such
    compounds as one word (FN-resolutionen, UN-Resolution) and French and Spanish put the name
    after the noun.
    """
    if prepared.lexicon.lang not in _PREMODIFYING_LANGUAGES:
        return False
    index = unit.end
    if index >= len(prepared.lowers) or prepared.unit_at[index] >= 0:
        return False
    word = prepared.lowers[index]
    surface = prepared.sentence.text[prepared.spans[index][0] : prepared.spans[index][1]]
    if not word.isalpha() or not surface[:1].islower() or index in prepared.trigger_tokens:
        return False
    return not any(prepared.has_role(index, role) for role in _NOT_NOUN_ROLES)


def free_topic(prepared: Prepared, match: TriggerMatch, *, start: int | None = None) -> Unit | None:
    """Return a Topic from the noun phrase after a stance trigger that names no known entity.

    With ``start``, the phrase begins at that token, a mention that modifies it included
    ("the UN resolution on Syria").
    """
    index = match.end
    count = len(prepared.lowers)
    while (
        index < count and prepared.has_role(index, "object") and not prepared.has_role(index, "det")
    ):
        index += 1
    label_start = index
    while index < count and (prepared.has_role(index, "object") or prepared.has_role(index, "det")):
        index += 1
    words: list[int] = []
    if start is not None:
        label_start = min(label_start, start)
        unit_end = prepared.units[prepared.unit_at[start]].end
        words.extend(range(start, unit_end))
        index = unit_end
    while index < count and len(words) < _MAX_TOPIC_WORDS:
        word = prepared.lowers[index]
        if word in _QUOTES:
            index += 1
            continue
        if not word.isalpha() or prepared.unit_at[index] >= 0 or prepared.is_boundary(index):
            break
        if prepared.has_role(index, "stop") or prepared.has_role(index, "coord"):
            break
        words.append(index)
        index += 1
    while words and (prepared.has_role(words[-1], "object") or prepared.has_role(words[-1], "det")):
        words.pop()
    if not words or all(prepared.has_role(index, "vague") for index in words):
        return None
    first, last = prepared.spans[words[0]][0], prepared.spans[words[-1]][1]
    # The label is the phrase as written, with its article ("la décision de la cour"); the id
    # is the slug of its head without the article.
    label_first = prepared.spans[label_start][0] if label_start < words[0] else first
    label = prepared.sentence.text[label_first:last].strip(" '’\"«»“”„")
    # The id names the head ("strategic autonomy"), the label the whole phrase ("strategic
    # autonomy of Middle Eastern countries"): the phrase up to its first preposition.
    head = words
    for position, index in enumerate(words):
        if position and prepared.has_role(index, "object"):
            head = words[:position]
            break
    slug = slugify(prepared.sentence.text[first : prepared.spans[head[-1]][1]])
    if not slug:
        return None
    entity = Entity(id=f"topic:{slug}", label=label, type="Topic")
    return Unit(
        entities=(entity,),
        start=words[0],
        end=words[-1] + 1,
        agent=None,
        is_adjective=False,
        rule="phrase",
    )


def topic_phrase(
    prepared: Prepared, match: TriggerMatch, triggers: list[TriggerMatch]
) -> tuple[bool, Unit | None]:
    """Return the noun phrase after a stance trigger as a Topic, where nouns take their
    complements after them: "s'oppose à la formation de blocs fermés dans la région",
    "rechazó las actividades de exploración en aguas disputadas".

    Only languages whose ``function_words.tsv`` has ``phrase_end`` words do this. The label is
    the phrase as written, with its article and the names in it; the id is the slug of its head
    (up to the first preposition that is not a genitive). A light noun is skipped ("le
    renforcement grandissant des liens entre X et Y" is about the links). A topic of the
    gazetteer inside the phrase is the topic, labelled as written ("blocs fermés exclusifs").
    Returns (whether a common noun phrase is the object, its topic): (False, None) when the
    phrase starts with a mention or with a noun that stands for a state ("le gouvernement
    ukrainien": the state is the object); (True, None) when the phrase says nothing on its
    own ("d'éventuelles conséquences") or is a membership ("l'adhésion de X à Y", which the
    MEMBER_OF trigger turns into a stance on the membership).
    """
    if not prepared.lexicon.roles["phrase_end"]:
        return False, None
    count = len(prepared.lowers)
    index = match.end
    seen_preposition = False
    while index < count and prepared.unit_at[index] < 0:
        word = prepared.lowers[index]
        preposition = prepared.has_role(index, "object")
        # "soutient pleinement la Chine", "reconocieron oficialmente el martes al Estado": an
        # adverb before any preposition, and a time ("el martes", "jeudi"), are no object.
        adverb = word.endswith(("ment", "mente")) and len(word) > 6 and not seen_preposition
        time = prepared.has_role(index, "time") or (
            prepared.has_role(index, "det")
            and index + 1 < count
            and prepared.has_role(index + 1, "time")
        )
        if not (preposition or adverb or time or word in _QUOTES or word in _GLUE):
            break
        seen_preposition = seen_preposition or preposition
        index += 1
    label_start = index
    head = _phrase_head(prepared, index)
    while head < count and prepared.has_role(head, "light"):
        after = _after_light(prepared, head)
        if after is None:
            break
        label_start, head = after, _phrase_head(prepared, after)
    if head >= count or prepared.unit_at[head] >= 0 or not prepared.lowers[head].isalpha():
        return False, None
    if prepared.has_role(head, "cause"):
        return True, None  # "preocupación debido a ...": the cause is the object
    if any(prepared.has_role(head, role) for role in _NOT_HEAD_ROLES):
        return False, None
    member_of = {
        i
        for other in triggers
        if other.trigger.predicate == "MEMBER_OF"
        for i in range(other.start, other.end)
    }
    if head in member_of:
        return True, None  # "s'oppose à l'adhésion de l'Ukraine à l'OTAN": a membership stance
    act = next(
        (
            other
            for other in triggers
            if other.trigger.predicate in _HOSTILE_ACTS and other.start <= head < other.end
        ),
        None,
    )
    if match.trigger.predicate == "CONCERNED_ABOUT" and act is not None:
        # "craint une attaque russe", "teme una invasión de Rusia": concerned about the attacker
        agents = _modifier(prepared, act) or _genitive_agent(prepared, act)
        if not agents:
            return True, None
        agent = agents[0]
        return True, Unit(agent.entities, agent.start, agent.end, agent.agent, False, "act-agent")
    words, topic = _phrase_words(prepared, head, triggers)
    if topic is not None:
        surface = _surface(prepared, topic.start, topic.end)
        entity = Entity(id=topic.entities[0].id, label=surface, type="Topic")
        return True, Unit((entity,), topic.start, topic.end, None, False, "noun-phrase:topic")
    content = [
        i
        for i in words
        if prepared.lowers[i].isalpha()
        and not any(prepared.has_role(i, role) for role in _FUNCTION_ROLES)
    ]
    if all(prepared.has_role(i, "vague") for i in content if prepared.unit_at[i] < 0):
        # "la situation au Soudan" is about Sudan; "d'éventuelles conséquences" about nothing
        named = any(prepared.unit_at[i] >= 0 for i in content)
        return not named, None
    core = _phrase_core(prepared, words)
    if len(words) > _MAX_PHRASE_WORDS:
        words, label_start = core, head
    slug = slugify(_surface(prepared, core[0], core[-1] + 1))
    if not slug:
        return True, None
    label = _surface(prepared, min(label_start, words[0]), words[-1] + 1)
    entity = Entity(id=f"topic:{slug}", label=label, type="Topic")
    return True, Unit((entity,), words[0], words[-1] + 1, None, False, "noun-phrase")


def _surface(prepared: Prepared, start: int, end: int) -> str:
    """Return the text of tokens ``start`` up to ``end``, without quotes at either end."""
    text = prepared.sentence.text[prepared.spans[start][0] : prepared.spans[end - 1][1]]
    return text.strip(" '’\"«»“”„")


def _phrase_head(prepared: Prepared, index: int) -> int:
    """Return the first token of a phrase after its articles, adjectives-as-det and quotes."""
    while index < len(prepared.lowers) and prepared.unit_at[index] < 0:
        word = prepared.lowers[index]
        if not (prepared.has_role(index, "det") or word in _QUOTES):
            break
        index += 1
    return index


def _after_light(prepared: Prepared, light: int) -> int | None:
    """Return where the complement of a light noun starts ("renforcement grandissant des |liens"),
    or None when no genitive follows it."""
    index = light + 1
    for _ in range(_MAX_LIGHT_MODIFIERS + 1):
        if index >= len(prepared.lowers) or prepared.unit_at[index] >= 0:
            return None
        if prepared.has_role(index, "genagent"):
            return index + 1
        word = prepared.lowers[index]
        if not word.isalpha() or any(
            prepared.has_role(index, role) for role in ("object", "det", "coord", "phrase_end")
        ):
            return None
        index += 1
    return None


def _phrase_words(
    prepared: Prepared, head: int, triggers: list[TriggerMatch]
) -> tuple[list[int], Unit | None]:
    """Return the tokens of a noun phrase from its head to where it ends, and a gazetteer topic
    in it (the first one), if any."""
    verbs = {
        i
        for other in triggers
        if other.trigger.frame != "noun" and other.start > head
        for i in range(other.start, other.end)
    }
    count = len(prepared.lowers)
    words: list[int] = []
    topic: Unit | None = None
    index = head
    while index < count and len(words) <= _MAX_PHRASE_WORDS:
        word = prepared.lowers[index]
        unit_index = prepared.unit_at[index]
        if unit_index >= 0:
            unit = prepared.units[unit_index]
            if topic is None and unit.entities[0].type == "Topic":
                topic = unit
            words.extend(range(index, unit.end))
            index = unit.end
            continue
        if word in _OPENING_QUOTES or (word == '"' and not words):
            index += 1
            continue
        glued = (
            word in _GLUE
            and 0 < index < count - 1
            and prepared.spans[index][0] == prepared.spans[index - 1][1]
            and prepared.spans[index + 1][0] == prepared.spans[index][1]
        )
        if not (word.isalnum() or glued):
            break
        if prepared.is_boundary(index) or prepared.has_role(index, "phrase_end"):
            break
        if prepared.has_role(index, "coord") and index + 1 < count:
            nxt = index + 1
            preposition = prepared.has_role(nxt, "object") and not prepared.has_role(nxt, "det")
            if preposition or prepared.has_role(nxt, "phrase_end") or nxt in verbs:
                break
        words.append(index)
        index += 1
    while words and any(
        prepared.has_role(words[-1], role) for role in ("det", "object", "coord", "between")
    ):
        words.pop()
    while words and prepared.lowers[words[-1]] in _GLUE:
        words.pop()
    return words, topic


def _phrase_core(prepared: Prepared, words: list[int]) -> list[int]:
    """Return the head of a phrase up to its first preposition that is not a genitive
    ("formation des blocs fermés | dans la région"); a head of one word keeps the next phrase
    ("liens entre l'Otan | et ..."); a name ends it ("la décision de l'Arabie saoudite | de")."""
    core: list[int] = []
    stops = 0
    for index in words:
        genitive = prepared.has_role(index, "genagent")
        stop = prepared.has_role(index, "coord") or (
            not genitive
            and any(prepared.has_role(index, role) for role in ("object", "between", "loc", "stop"))
        )
        if core and prepared.unit_at[core[-1]] >= 0 and prepared.unit_at[index] < 0:
            break  # the owner ends the head: "la décision de l'Arabie saoudite | de rétablir"
        if stop and core:
            stops += 1
            if stops > 1 or len([i for i in core if prepared.lowers[i].isalpha()]) > 1:
                break
        core.append(index)
    while core and any(
        prepared.has_role(core[-1], role) for role in ("det", "object", "coord", "between")
    ):
        core.pop()
    while core and prepared.lowers[core[-1]] in _GLUE:
        core.pop()
    return core or words[:1]


def as_written(prepared: Prepared, unit: Unit) -> Unit:
    """Return a gazetteer topic labelled as the text writes it ("blocs fermés exclusifs").

    The id stays the canonical English slug (GUIDE); the label carries the source-language
    form, so the two together name the topic in both languages (the store keeps every label
    of an entity as an alias).
    """
    entity = unit.entities[0]
    derived = ("phrase", "noun-phrase", "membership", "reference", "nested")
    if entity.type != "Topic" or unit.start < 0 or unit.rule.startswith(derived):
        return unit
    label = _surface(prepared, unit.start, unit.end)
    if not label or label == entity.label:
        return unit
    written = Entity(id=entity.id, label=label, type="Topic")
    return Unit((written,), unit.start, unit.end, unit.agent, unit.is_adjective, unit.rule)


def cause_object(
    prepared: Prepared, match: TriggerMatch, triggers: list[TriggerMatch]
) -> Unit | None:
    """Return the actor named as the cause of a concern ("préoccupées ... en raison des projets
    de l'alliance entre A, B et C (AUKUS)", "debido a las maniobras de China").

    The cause follows a word of role ``cause`` later in the sentence; it is the first actor
    after it that is not a place, or the organisation of a group of members named there.
    """
    count = len(prepared.lowers)
    index = match.end
    while index < count and not prepared.has_role(index, "cause"):
        if prepared.lowers[index] in {";", ".", "!", "?"}:
            return None
        index += 1
    groups = {other.start: other for other in triggers if other.trigger.frame == "members"}
    for position in range(index + 1, min(count, index + 1 + _MAX_CAUSE_DISTANCE)):
        if position in groups:
            pairs = group_members(prepared, groups[position])
            if pairs:
                return pairs[0][1]
        unit_index = prepared.unit_at[position]
        if unit_index >= 0:
            unit = prepared.units[unit_index]
            is_place = unit.start > 0 and prepared.has_role(unit.start - 1, "loc")
            if unit.is_actor and not is_place:
                return unit
        if prepared.lowers[position] in {";", "."}:
            return None
    return None


def blamed_actor(prepared: Prepared, start: int, speaker: Unit) -> Unit | None:
    """Return the actor that reported speech says acted wrongly ("les bateaux philippins ont
    pénétré illégalement", "la ocupación ilegal británica"), if any.

    After ``start`` (where the attribution ends) a word of role ``blame`` must follow an actor
    of the same clause, or be followed by an adjective naming one; places and the speaker
    are not blamed.
    """
    speakers = set(speaker.entities)
    count = len(prepared.lowers)
    for index in range(start, count):
        if not prepared.has_role(index, "blame"):
            continue
        candidates = []
        back = index - 1
        while back >= start and not prepared.is_boundary(back) and prepared.lowers[back] != ",":
            if prepared.unit_at[back] >= 0:
                candidates.append(prepared.units[prepared.unit_at[back]])
                back = prepared.units[prepared.unit_at[back]].start - 1
                continue
            back -= 1
        after = index + 1
        if after < count and prepared.unit_at[after] >= 0:
            unit = prepared.units[prepared.unit_at[after]]
            if unit.is_adjective:
                candidates.insert(0, unit)  # "l'occupation illégale russe"
        for unit in candidates:
            is_place = unit.start > 0 and prepared.has_role(unit.start - 1, "loc")
            if unit.is_actor and not is_place and not speakers & set(unit.entities):
                return unit
    return None
