"""Find relations between mentions in each sentence: the claims of an article.

For every sentence: tokens are matched against the language's trigger lexicon (lemmas and
multi-word expressions); each trigger's frame says where its arguments are:

- ``verb``: the subject is the nearest actor before the trigger in the clause (with the actors
  coordinated with it), the object the first mention after it; in the passive voice ("was
  criticised by Y") the agent phrase gives the subject and the mention before gives the object.
- ``noun``: as ``verb``, but an adjective or genitive right before the noun ("Russian
  aggression", "Western sanctions") or an agent phrase after it ("sanctions imposed by X") is
  the subject first.
- ``sym``: symmetric relations (meetings, agreements): pairs across or within the group.
- ``join``: "X joined Y in opposing Z": X cooperates with Y, and both are subjects of what follows;
  without a following trigger it is the lexicon's predicate ("Sweden joined NATO": MEMBER_OF).

Around the triggers: attribution ("X said ...": ``attributed_to``, and the speaker is the subject
when the clause has no actor), negation and denial (polarity negative), hedges (lower
confidence), conditionals and questions (skipped), and references ("the two countries", "he")
resolved within the paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import simplemma

from kg.claims import Article, Claim, Entity
from loaders.assemble import Draft, assemble_claim, dedupe_claims
from loaders.mentions import Mention, find_mentions, slugify
from loaders.predicates import (
    CueMatch,
    Lexicon,
    TriggerMatch,
    match_triggers,
    normalize_token,
    tokenize,
)
from loaders.resources import Resources
from loaders.sentences import Sentence

__all__ = ["extract_claims"]

ACTOR_TYPES = frozenset({"Country", "Organization", "Group", "Person"})
STANCE = frozenset({"SUPPORTS", "OPPOSES", "CONCERNED_ABOUT", "DEMANDS"})
# Rules of find_mentions that name a person together with an office ("Russian President Putin").
OFFICE_RULES = frozenset({"title+name"})

_MAX_OBJECT_GAP = 6  # tokens between a trigger and its object
_MAX_TOPIC_WORDS = 6
_MAX_NOUN_SUBJECT_DISTANCE = 8  # tokens between a noun trigger and an actor before it
_QUOTES = frozenset({'"', "«", "»", "“", "”", "„"})
COMPLEMENT_OBJECT = frozenset({"DEMANDS"})
RECIPIENT_OBJECT = frozenset({"AIDS"})
_MAX_RECIPIENT_DISTANCE = 30
_BACKGROUND_BEFORE = 2000  # without a publication date, years before this are background
FREE_TOPIC_PREDICATES = frozenset({"SUPPORTS", "OPPOSES", "CONCERNED_ABOUT"})

HEDGE_FACTOR_DEFAULT = 1.0
REFERENCE_FACTOR = 0.9
SPEAKER_FACTOR = 0.85
FREE_TOPIC_FACTOR = 0.8


@dataclass(frozen=True, slots=True)
class _Unit:
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
class _Paragraph:
    """What references in a paragraph can point back to."""

    index: int = -1
    joint: tuple[Entity, ...] = ()
    pair: tuple[Entity, ...] = ()
    person: Entity | None = None
    state: Entity | None = None
    speaker: Entity | None = None

    def set_joint(self, entities: tuple[Entity, ...]) -> None:
        """Record actors named together; a pair also answers "the two countries" later."""
        unique = tuple(dict.fromkeys(entities))
        if len(unique) >= 2:
            self.joint = unique
        if len(unique) == 2:
            self.pair = unique


@dataclass(slots=True)
class _Sentence:
    """One sentence prepared for matching: tokens, lemmas (lazy), units, cues."""

    sentence: Sentence
    lexicon: Lexicon
    spans: list[tuple[int, int]]
    lowers: list[str]
    lemmas: dict[str, str]
    token_lemmas: list[str] = field(default_factory=list)
    units: list[_Unit] = field(default_factory=list)
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


def extract_claims(
    article: Article, sentences: list[Sentence], resources: Resources
) -> list[Claim]:
    """Return the claims stated in an article's sentences, deduplicated and sorted.

    >>> claims = extract_claims(article, split_sentences(article.text, lang="en"), resources)
    """
    claims: list[Claim] = []
    paragraph = _Paragraph()
    lemmas: dict[str, dict[str, str]] = {}
    for sentence in sentences:
        if sentence.paragraph != paragraph.index:
            # A new paragraph keeps what references can point back to (news paragraphs are
            # often one sentence long) but not the speaker of the previous one.
            paragraph.index, paragraph.speaker = sentence.paragraph, None
        mentions = find_mentions(sentence, resources.gazetteer, date=article.published)
        drafts = _leaders(mentions, resources, article.published)
        lexicon = resources.lexicon(sentence.lang)
        if lexicon is not None:
            prepared = _prepare(sentence, mentions, lexicon, lemmas.setdefault(lexicon.lang, {}))
            if not _is_background(prepared, article.published):
                drafts.extend(_relations(prepared, paragraph))
        for draft in drafts:
            claim = assemble_claim(
                draft, article=article, sentence=sentence, schema=resources.schema
            )
            if claim is not None:
                claims.append(claim)
    return dedupe_claims(claims, schema=resources.schema)


def _leaders(mentions: list[Mention], resources: Resources, date: str | None) -> list[Draft]:
    """Return LEADER_OF for each head named with the office ("President Putin", "Rysslands Putin").

    A person counts when named with a title, or right after the entity they head ("Russia's
    Vladimir Putin", "el presidente mexicano López Obrador"). The office comes from the gazetteer
    on the article's date, else the latest one held; only heads of state, government or
    organisation (``leader_offices.tsv``) count, not every minister.
    """
    drafts = []
    previous: Mention | None = None
    for mention in mentions:
        before, previous = previous, mention
        person = mention.agent
        if person is None and mention.entity.type == "Person":
            person = mention.entity
        if person is None:
            continue
        office = resources.gazetteer.office_on(person.id, date or _today())
        if office is None or office.office not in resources.leader_offices:
            # Out of office on the article's date (often: no date given): the latest head
            # office held, for the entity the mention stands for when it names one.
            held = [
                office
                for office in resources.gazetteer.offices.get(person.id, ())
                if office.office in resources.leader_offices
                and (mention.agent is None or office.entity == mention.entity)
            ]
            office = max(held, key=lambda office: office.start) if held else None
        if office is None:
            continue
        after_entity = (
            before is not None
            and before.entity == office.entity
            and 0 <= mention.start - before.end <= 2
        )
        if mention.rule not in OFFICE_RULES and not after_entity:
            continue
        drafts.append(
            Draft(
                subject=person,
                predicate="LEADER_OF",
                object=office.entity,
                polarity="positive",
                confidence=0.9,
                rules=(f"leader:{mention.rule}", f"office:{office.office}"),
            )
        )
    return drafts


def _prepare(
    sentence: Sentence, mentions: list[Mention], lexicon: Lexicon, lemmas: dict[str, str]
) -> _Sentence:
    tokens = tokenize(sentence.text)
    spans = [(m.start(), m.end()) for m in tokens]
    prepared = _Sentence(
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
                lemma = simplemma.lemmatize(word, lang=lexicon.lang).lower()
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
            _Unit(
                entities=(mention.entity,),
                start=first,
                end=last,
                agent=mention.agent,
                is_adjective=mention.is_adjective,
                rule=mention.rule,
            )
        )
    return prepared


def _relations(prepared: _Sentence, paragraph: _Paragraph) -> list[Draft]:
    """Return the drafts of one sentence and update what the paragraph's references point to."""
    lexicon = prepared.lexicon
    lowers, lemma = prepared.lowers, prepared.token_lemmas.__getitem__
    text = prepared.sentence.text.rstrip(" \"'”’»)")
    if text.endswith("?"):
        return []
    conditional_cues = lexicon.conditionals.find(lowers, lemma)
    for cue in conditional_cues:
        if cue.value == "initial" and _first_word(lowers) == cue.start:
            return []
    _add_references(prepared, paragraph)
    speaker, speaker_units, said = _speaker(prepared)
    if speaker is not None:
        _bind_pronouns(prepared, speaker, after=said)
    _remember(prepared, paragraph, speaker)
    covered = {i for i, unit in enumerate(prepared.unit_at) if unit >= 0}
    triggers = [
        match
        for match in match_triggers(lexicon, lowers, lemma)
        if not any(
            prepared.units[prepared.unit_at[i]].is_actor
            for i in range(match.start, match.end)
            if i in covered
        )
    ]
    negations = lexicon.negation.find(lowers, lemma)
    conditionals = [cue.start for cue in conditional_cues if cue.value == "any"]
    hedge = 1.0
    for cue in lexicon.hedges.find(lowers, lemma):
        hedge = min(hedge, float(cue.value))
    # A trigger inside a negation or attribution cue ("deny", "say") is not a relation.
    cue_tokens = {i for cue in negations for i in range(cue.start, cue.end)}
    triggers = [match for match in triggers if match.start not in cue_tokens]
    prepared.trigger_tokens = {i for match in triggers for i in range(match.start, match.end)}

    drafts: list[Draft] = []
    joint: tuple[_Unit, ...] = ()
    joined: tuple[_Unit, ...] = ()
    demanded: set[int] = set()
    demands: list[TriggerMatch] = []
    demand_subjects: tuple[_Unit, ...] = ()
    demand_start = 1 << 30
    stance: tuple[str, str, tuple[_Unit, ...], int] | None = None
    for index, match in enumerate(triggers):
        if any(start < match.start for start in conditionals):
            continue
        trigger = match.trigger
        polarity = trigger.polarity
        rules = [trigger.name]
        negated_at = _negated_at(prepared, match, negations)
        if negated_at is not None:
            polarity = "negative" if polarity == "positive" else "positive"
            rules.append("negation")
        confidence = trigger.confidence * hedge
        if hedge < 1.0:
            rules.append("hedge")
        frame = trigger.frame
        subjects, objects, how = _arguments(prepared, match, triggers, speaker_units)
        rules.extend(how)
        if trigger.predicate in ("SUPPORTS", "OPPOSES"):
            stance = (trigger.predicate, polarity, subjects, len(drafts))
        if trigger.predicate == "MEMBER_OF" and polarity == "positive" and stance is not None:
            # "hindras från att gå med i Nato", "opposes Ukraine joining the EU": a stance on
            # the membership, not a membership.
            holders = stance[2] or demand_subjects
            memberships = _memberships(subjects, objects)
            if holders and memberships:
                members = {unit.entities[0].id for unit, _ in memberships}
                since = min(stance[3], demand_start)
                drafts[since:] = [d for d in drafts[since:] if d.object.id not in members]
                pairs = [(holder, topic) for holder in holders for _, topic in memberships]
                drafts.extend(
                    _drafts(
                        pairs, stance[0], stance[1], confidence, (*rules, "membership"), speaker
                    )
                )
                continue
        if subjects and all(id(unit) in demanded for unit in subjects):
            continue  # "urged Turkey to ratify the protocol": asked for, not done
        if subjects and any(
            subjects[-1].end <= other.start < match.start for other in demands if other is not match
        ):
            continue  # "X calls on ... to support Y": X asks, does not support
        if trigger.predicate == "DEMANDS":
            demands.append(match)
            demand_subjects = subjects
            demand_start = len(drafts)
        if trigger.predicate == "DEMANDS":
            demanded.update(id(unit) for unit in objects)
        if not subjects and negated_at is not None and _is_denial(prepared, negated_at, match):
            # "Moskau bestreitet, einen Angriff ... zu planen": the denier is the subject.
            denier = _left_actor(prepared, negated_at)
            if denier is not None:
                subjects = _coordinated(prepared, denier, step=-1)
                rules.append("subject:denier")
        if joined and (not subjects or set(subjects) <= set(joined)):
            subjects = joint
            rules.append("subject:joined")
        if not subjects and speaker is not None and frame in ("verb", "adj", "join"):
            subjects = (speaker,)
            confidence *= SPEAKER_FACTOR
            rules.append("subject:speaker")
        if frame == "join" and subjects and objects and index + 1 < len(triggers):
            joint, joined = subjects + objects, objects
            pairs = [(s, o) for s in subjects for o in objects]
            drafts.extend(
                _drafts(pairs, "COOPERATES_WITH", polarity, confidence, (*rules, "join"), speaker)
            )
            continue
        if frame == "members":
            pairs = _members(prepared, match)
            drafts.extend(
                _drafts(pairs, trigger.predicate, polarity, confidence, (*rules, "members"), None)
            )
            continue
        if frame == "sym":
            pairs = _symmetric_pairs(prepared, match, subjects, objects)
        else:
            pairs = [(s, o) for s in subjects for o in objects]
        if any(match.end <= i <= match.end + 2 for i in prepared.reciprocal):
            # "India and Pakistan accused each other": every subject towards every other one.
            each = _single(subjects)
            pairs = [(a, b) for a in each for b in each if a.entities != b.entities]
            rules.append("object:reciprocal")
        if (
            not objects
            and frame != "sym"
            and "passive" not in how
            and trigger.predicate in FREE_TOPIC_PREDICATES
            and subjects
        ):
            topic = _free_topic(prepared, match)
            if topic is not None:
                pairs = [(s, topic) for s in subjects]
                confidence *= FREE_TOPIC_FACTOR
                rules.append("object:phrase")
        drafts.extend(
            _drafts(pairs, trigger.predicate, polarity, confidence, tuple(rules), speaker)
        )
        if len(subjects) >= 2:
            paragraph.set_joint(tuple(e for unit in subjects for e in unit.entities))
        for unit in subjects:
            if unit.agent is not None or unit.entities[0].type == "Person":
                paragraph.person = unit.entities[0]
            if unit.entities[0].type == "Country" and len(unit.entities) == 1:
                paragraph.state = unit.entities[0]
    return drafts


def _drafts(
    pairs: list[tuple[_Unit, _Unit]],
    predicate: str,
    polarity: str,
    confidence: float,
    rules: tuple[str, ...],
    speaker: _Unit | None,
) -> list[Draft]:
    drafts = []
    for subject_unit, object_unit in pairs:
        factor = 1.0
        if subject_unit.rule.startswith("reference") or object_unit.rule.startswith("reference"):
            factor = REFERENCE_FACTOR
        for subject in subject_unit.entities:
            for obj in object_unit.entities:
                drafts.append(
                    Draft(
                        subject=subject,
                        predicate=predicate,
                        object=obj,
                        polarity=polarity,
                        confidence=confidence * factor,
                        rules=(*rules, f"subject:{subject_unit.rule}"),
                        attributed_to=speaker.entities[0] if speaker is not None else None,
                        agent=subject_unit.agent if len(subject_unit.entities) == 1 else None,
                    )
                )
    return drafts


def _arguments(
    prepared: _Sentence,
    match: TriggerMatch,
    triggers: list[TriggerMatch],
    speaker_units: set[int],
) -> tuple[tuple[_Unit, ...], tuple[_Unit, ...], list[str]]:
    """Return (subjects, objects, rule names) for one trigger."""
    how: list[str] = []
    frame = match.trigger.frame
    passive = frame in ("verb", "noun", "join") and _is_passive(prepared, match)
    if passive:
        agent_units = _agent_phrase(prepared, match)
    elif frame in ("noun", "sym"):
        agent_units = _agent_phrase(prepared, match, role="nagent")
    else:
        agent_units = ()
    if passive and not agent_units:
        agent_units = _agent_before(prepared, match)  # verb-final: "von X kritisiert"
    if passive:
        # "was criticised by Y": Y is the subject; without an agent the subject is unknown and
        # the actor before the verb is its object ("Ukraina ska hindras").
        left = _left_actor(prepared, match.start, any_type=True, skip=agent_units)
        how.append("passive")
        return agent_units, (left,) if left else (), how
    subjects: tuple[_Unit, ...] = ()
    if frame in ("noun", "sym") and agent_units:
        subjects = agent_units
        how.append("subject:agent")
    elif frame == "noun":
        subjects = _modifier(prepared, match)
        if subjects:
            how.append("subject:modifier")
    if frame == "verb" and not subjects:
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
            subjects = _coordinated(prepared, actors[0], step=1)
            rest = [unit for unit in actors if unit not in subjects]
            objects = _linked(prepared, rest)
            if objects:
                how.append("object:verb-final")
                return subjects, objects, how
            subjects = ()
    if not subjects:
        nominal = frame in ("noun", "sym")
        left = _left_actor(prepared, match.start, nominal=frame == "noun", near=nominal)
        if left is not None:
            subjects = _coordinated(prepared, left, step=-1)
        elif not nominal:
            left = _left_actor(prepared, match.start, cross=True)
            if left is not None:
                subjects = _coordinated(prepared, left, step=-1)
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


def _memberships(
    subjects: tuple[_Unit, ...], objects: tuple[_Unit, ...]
) -> list[tuple[_Unit, _Unit]]:
    """Return (member, topic) for each state joining an organisation: "Ukraine NATO membership"."""
    found = []
    for member in _single(subjects):
        for organisation in _single(objects):
            if member.entities[0].type != "Country":
                continue
            if organisation.entities[0].type != "Organization":
                continue
            label = f"{member.entities[0].label} {organisation.entities[0].label} membership"
            topic = Entity(id=f"topic:{slugify(label)}", label=label, type="Topic")
            found.append(
                (member, _Unit((topic,), member.start, member.end, None, False, "membership"))
            )
    return found


def _first_actor(prepared: _Sentence, *, before: int) -> _Unit | None:
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


def _is_dateline(prepared: _Sentence, unit: _Unit) -> bool:
    """Tell whether a unit is a dateline ("BRUSSELS:", "MOSCOW, December 4"), not an actor."""
    if unit.start != 0 or unit.end >= len(prepared.lowers):
        return False
    surface = prepared.sentence.text[
        prepared.spans[unit.start][0] : prepared.spans[unit.end - 1][1]
    ]
    return surface.isupper() and prepared.lowers[unit.end] in {":", ",", "-", "–", "—"}


def _linked(prepared: _Sentence, units: list[_Unit]) -> tuple[_Unit, ...]:
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


def _antecedent(prepared: _Sentence, before: int, *, skip: tuple[_Unit, ...]) -> _Unit | None:
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


def _recipient(prepared: _Sentence, start: int) -> _Unit | None:
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
    prepared: _Sentence, match: TriggerMatch
) -> tuple[tuple[_Unit, ...], tuple[_Unit, ...]] | None:
    """Return (subjects, objects) when a V2 language puts the subject after the verb.

    "Även om ..., anklagade de två länderna Nato", "Am Montag kritisierte Berlin Moskau": after
    a fronted clause or adverb the verb comes second and its subject right after it.
    """
    before = match.start - 1
    if before < 0 or not prepared.lexicon.roles["v2"]:
        return None
    if not prepared.has_role(before, "v2") and _left_actor(prepared, match.start) is not None:
        return None
    index = match.end
    while index < len(prepared.lowers) and prepared.has_role(index, "det"):
        index += 1
    if index >= len(prepared.lowers) or prepared.unit_at[index] < 0:
        return None
    first = prepared.units[prepared.unit_at[index]]
    if not first.is_actor or first.is_adjective:
        return None
    subjects = _coordinated(prepared, first, step=1)
    index = subjects[-1].end
    while index < len(prepared.lowers) and prepared.has_role(index, "det"):
        index += 1
    if index >= len(prepared.lowers) or prepared.unit_at[index] < 0:
        return None
    objects = _coordinated(prepared, prepared.units[prepared.unit_at[index]], step=1)
    return subjects, objects


def _is_clause_final(prepared: _Sentence, match: TriggerMatch) -> bool:
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


def _clause_actors(prepared: _Sentence, before: int) -> list[_Unit]:
    """Return the actor units of the clause that ends at a token, in text order, without places."""
    found: list[_Unit] = []
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


def _agent_before(prepared: _Sentence, match: TriggerMatch) -> tuple[_Unit, ...]:
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
    prepared: _Sentence,
    match: TriggerMatch,
    triggers: list[TriggerMatch],
    skip: set[int],
    speaker_units: set[int],
    *,
    start: int | None = None,
) -> tuple[_Unit, ...]:
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
            subjects, _, how = _arguments(prepared, nested, [], speaker_units)
            direct = "subject:agent" in how or "subject:modifier" in how
            if subjects and direct and nested.trigger.frame == "noun":
                marker = _Unit(
                    entities=subjects[0].entities,
                    start=-1,
                    end=-1,
                    agent=None,
                    is_adjective=False,
                    rule="nested",
                )
                return (marker, *subjects)
        unit_index = prepared.unit_at[index]
        if unit_index >= 0:
            unit = prepared.units[unit_index]
            is_place = unit.start > 0 and prepared.has_role(unit.start - 1, "loc")
            if match.trigger.frame == "sym" and is_place:
                index = unit.end
                continue
            if id(unit) not in skip and unit_index not in speaker_units:
                if match.trigger.predicate in STANCE:
                    unit = _possessed(prepared, unit)
                return _coordinated(prepared, unit, step=1)
            index = unit.end
            continue
        if not prepared.has_role(index, "det"):
            gap += 1
        index += 1
    return ()


def _possessed(prepared: _Sentence, unit: _Unit) -> _Unit:
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


def _first_actor_after(prepared: _Sentence, start: int) -> _Unit | None:
    """Return the first actor unit within a few tokens after a clause boundary."""
    for index in range(start, min(len(prepared.lowers), start + 4)):
        unit_index = prepared.unit_at[index]
        if unit_index >= 0:
            unit = prepared.units[unit_index]
            return unit if unit.is_actor and not unit.is_adjective else None
    return None


def _left_actor(
    prepared: _Sentence,
    before: int,
    *,
    any_type: bool = False,
    skip: tuple[_Unit, ...] = (),
    cross: bool = False,
    nominal: bool = False,
    near: bool = False,
) -> _Unit | None:
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


def _coordinated(prepared: _Sentence, unit: _Unit, *, step: int) -> tuple[_Unit, ...]:
    """Return the unit with the units coordinated with it ("X, Y and Z"), in text order.

    Commas alone do not coordinate ("Ukraine, the government said"): a list needs a
    coordinating word ("and", "och", "und", "et", "y") in one of its links.
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
            if prepared.has_role(index, "coord"):
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
    if not any(words):
        return (unit,)
    if step > 0:
        found = found[: max(i for i, word in enumerate(words) if word) + 2]
    else:
        found.reverse()
    return tuple(found)


def _modifier(prepared: _Sentence, match: TriggerMatch) -> tuple[_Unit, ...]:
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
            return _coordinated(prepared, unit, step=-1) if unit.is_actor else ()
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
    prepared: _Sentence, match: TriggerMatch, *, role: str = "agent"
) -> tuple[_Unit, ...]:
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
                    return _coordinated(prepared, unit, step=1)
            return ()
        index += 1
    return ()


def _is_passive(prepared: _Sentence, match: TriggerMatch) -> bool:
    for index in range(max(0, match.start - 3), match.start):
        if prepared.has_role(index, "passive"):
            return True
    if prepared.lexicon.lang == "sv" and match.trigger.frame == "verb":
        word = prepared.lowers[match.start]
        return word.endswith("s") and not prepared.lemma(match.start).endswith("s")
    return False


def _is_denial(prepared: _Sentence, start: int, match: TriggerMatch) -> bool:
    """Tell whether a denial cue governs a trigger: no other trigger stands between them."""
    if prepared.lexicon.negation.entries.get(prepared.lowers[start]) is None:
        cues = prepared.lexicon.negation.entries.get(prepared.lemma(start), ())
    else:
        cues = prepared.lexicon.negation.entries[prepared.lowers[start]]
    if not any(value == "denial" for _, value in cues):
        return False
    return not any(start < index < match.start for index in prepared.trigger_tokens)


def _negated_at(prepared: _Sentence, match: TriggerMatch, negations: list[CueMatch]) -> int | None:
    """Return where the negation or denial of a trigger starts, or None when it has none."""
    for cue in negations:
        if cue.value == "denial" and cue.end <= match.start:
            return cue.start
        if cue.value == "negation" and match.start - 3 <= cue.start < match.end + 2:
            if cue.start < match.start:
                between = range(cue.end, match.start)
            else:
                between = range(match.end, cue.start)
            if not any(prepared.unit_at[i] >= 0 for i in between):
                return cue.start
    return None


def _symmetric_pairs(
    prepared: _Sentence,
    match: TriggerMatch,
    subjects: tuple[_Unit, ...],
    objects: tuple[_Unit, ...],
) -> list[tuple[_Unit, _Unit]]:
    actors = [unit for unit in objects if unit.is_actor]
    if subjects and actors:
        return [(s, o) for s in subjects for o in actors]
    members = _single(subjects)
    if len(members) < 2:
        members = _single(tuple(actors))
    return [(a, b) for i, a in enumerate(members) for b in members[i + 1 :]]


def _single(units: tuple[_Unit, ...]) -> list[_Unit]:
    """Split units that stand for several entities ("the two countries") into one per entity."""
    return [
        unit
        if len(unit.entities) == 1
        else _Unit((entity,), unit.start, unit.end, None, False, unit.rule)
        for unit in units
        for entity in unit.entities
    ]


def _members(prepared: _Sentence, match: TriggerMatch) -> list[tuple[_Unit, _Unit]]:
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
    members = _coordinated(prepared, first, step=1)
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


def _free_topic(prepared: _Sentence, match: TriggerMatch) -> _Unit | None:
    """Return a Topic from the noun phrase after a stance trigger that names no known entity."""
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
    return _Unit(
        entities=(entity,),
        start=words[0],
        end=words[-1] + 1,
        agent=None,
        is_adjective=False,
        rule="phrase",
    )


def _speaker(prepared: _Sentence) -> tuple[_Unit | None, set[int], int]:
    """Return the actor who voices the sentence ("X said", "according to X") and its unit index."""
    for cue in prepared.lexicon.attribution.find(
        prepared.lowers, prepared.token_lemmas.__getitem__
    ):
        if any(prepared.unit_at[i] >= 0 for i in range(cue.start, cue.end)):
            continue  # "United States" is no "state"
        candidates: list[int] = []
        if cue.value == "prep":
            candidates = [cue.end, cue.end + 1]
        else:
            candidates = [cue.start - 1, cue.end, cue.start - 2, cue.end + 1]
        for index in candidates:
            if 0 <= index < len(prepared.lowers) and prepared.unit_at[index] >= 0:
                unit_index = prepared.unit_at[index]
                unit = prepared.units[unit_index]
                if unit.is_actor and not unit.is_adjective:
                    chain = _coordinated(prepared, unit, step=-1 if index < cue.start else 1)
                    indices = {prepared.unit_at[member.start] for member in chain}
                    if len(chain) > 1:
                        unit = _Unit(
                            entities=tuple(e for member in chain for e in member.entities),
                            start=chain[0].start,
                            end=chain[-1].end,
                            agent=None,
                            is_adjective=False,
                            rule="coordinated",
                        )
                    return unit, indices, max(cue.end, unit.end)
    return None, set(), len(prepared.lowers)


def _add_references(prepared: _Sentence, paragraph: _Paragraph) -> None:
    """Add units for references ("the two countries", "he") resolved within the paragraph."""
    prepared.references = prepared.lexicon.references.find(
        prepared.lowers, prepared.token_lemmas.__getitem__
    )
    for cue in prepared.references:
        if cue.value == "reciprocal":
            prepared.reciprocal.update(range(cue.start, cue.end))
            continue
        if any(prepared.unit_at[i] >= 0 for i in range(cue.start, cue.end)):
            continue
        entities: tuple[Entity, ...] = ()
        if cue.value == "pair" and paragraph.pair:
            entities = paragraph.pair
        elif cue.value in ("pair", "group") and len(paragraph.joint) >= 2:
            entities = paragraph.joint
        elif cue.value == "person" and paragraph.person is not None:
            entities = (paragraph.person,)
        elif cue.value == "state" and paragraph.state is not None:
            entities = (paragraph.state,)
        elif cue.value == "speaker" and paragraph.speaker is not None:
            entities = (paragraph.speaker,)
        if not entities:
            continue
        prepared.unit_at[cue.start : cue.end] = [len(prepared.units)] * (cue.end - cue.start)
        prepared.units.append(
            _Unit(
                entities=entities,
                start=cue.start,
                end=cue.end,
                agent=None,
                is_adjective=False,
                rule=f"reference:{cue.value}",
            )
        )


def _bind_pronouns(prepared: _Sentence, speaker: _Unit, *, after: int) -> None:
    """Resolve pronouns in reported speech to the speaker ("X said they would ...")."""
    for cue in prepared.references:
        if cue.start < after or cue.end - cue.start != 1 or cue.value not in ("person", "group"):
            continue
        unit = _Unit(
            entities=speaker.entities,
            start=cue.start,
            end=cue.end,
            agent=speaker.agent,
            is_adjective=False,
            rule="reference:speaker",
        )
        current = prepared.unit_at[cue.start]
        if current >= 0:
            if not prepared.units[current].rule.startswith("reference"):
                continue
            prepared.units[current] = unit
        else:
            prepared.unit_at[cue.start] = len(prepared.units)
            prepared.units.append(unit)
        return


def _remember(prepared: _Sentence, paragraph: _Paragraph, speaker: _Unit | None) -> None:
    """Record coordinated actors and persons for the references of later sentences."""
    if speaker is not None:
        paragraph.speaker = speaker.entities[0]
        if speaker.agent is not None or speaker.entities[0].type == "Person":
            paragraph.person = speaker.entities[0]
    for unit in prepared.units:
        if unit.rule.startswith("reference") or not unit.is_actor or unit.is_adjective:
            continue
        group = _coordinated(prepared, unit, step=1)
        if len(group) >= 2:
            paragraph.set_joint(tuple(e for member in group for e in member.entities))


def _is_background(prepared: _Sentence, published: str | None) -> bool:
    """Tell whether a sentence is dated years before the article ("in 2014", "i 1939").

    Historical background is not news (GUIDE: non-core); without a publication date only
    events before ``_BACKGROUND_BEFORE`` count as background.
    """
    limit = _BACKGROUND_BEFORE
    if published and published[:4].isdigit():
        limit = int(published[:4]) - 1
    lowers = prepared.lowers
    for index in range(1, len(lowers)):
        word = lowers[index]
        is_year = len(word) == 4 and word.isdigit() and 1800 <= int(word) < limit
        if is_year and (
            prepared.has_role(index - 1, "loc") or prepared.has_role(index - 1, "since")
        ):
            return True
    return False


def _today() -> str:
    return date.today().isoformat()


def _first_word(lowers: list[str]) -> int:
    for index, word in enumerate(lowers):
        if word[:1].isalnum():
            return index
    return -1
