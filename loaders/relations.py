"""Find relations between mentions in each sentence: the claims of an article.

For every sentence: tokens are matched against the language's trigger lexicon (lemmas,
multi-word expressions, stems and separable verbs); each trigger's frame says where its
arguments are (``loaders.arguments``):

- ``verb``: the subject is the nearest actor before the trigger in the clause (with the actors
  coordinated with it), the object the first mention after it; in the passive voice ("was
  criticised by Y") the agent phrase gives the subject and the mention before gives the object;
  verb-final and V2 clauses (German, Swedish) and relative clauses are handled.
- ``adj``: a predicative adjective ("concerned about"), as ``verb`` but never passive.
- ``noun``: as ``verb``, but an adjective or genitive next to the noun ("Russian aggression",
  "der Angriff Russlands") or an agent phrase ("sanctions imposed by X") is the subject first.
- ``sym``: symmetric relations (meetings, agreements): pairs across or within the group.
- ``join``: "X joined Y in opposing Z": X cooperates with Y, and both are subjects of what follows;
  without a following trigger it is the lexicon's predicate ("Sweden joined NATO": MEMBER_OF).
- ``members``: "the pact between A, B and C", "the G7, including A": each is MEMBER_OF.

Around the triggers: attribution ("X said ...": ``attributed_to``, and the speaker is the subject
when the clause has no actor), references ("the two countries", "he", "we"; ``loaders.discourse``),
negation, refusal and denial (polarity negative), hedges (lower confidence), and what is not
news: questions, conditionals, what is only demanded of others, and background dated years
before the article. Claims are checked against the schema and deduplicated (``loaders.assemble``).
"""

from __future__ import annotations

import re
from datetime import date

from kg.claims import Article, Claim, Entity
from kg.schema import Schema
from loaders.arguments import (
    Prepared,
    Unit,
    as_written,
    blamed_actor,
    cause_object,
    coordinated,
    find_arguments,
    free_topic,
    group_members,
    left_actor,
    memberships,
    modifies_noun,
    prepare,
    single,
    symmetric_pairs,
    topic_phrase,
)
from loaders.assemble import Draft, assemble_claim, dedupe_claims
from loaders.discourse import (
    Discourse,
    add_references,
    bind_pronouns,
    clitic_object,
    find_clitic,
    find_speaker,
    remember,
)
from loaders.mentions import Mention, Named, find_mentions
from loaders.predicates import CueMatch, TriggerMatch, match_triggers, normalize_token
from loaders.resources import Resources
from loaders.sentences import Sentence

__all__ = ["extract_claims"]

# Rules of find_mentions that name a person together with an office ("Russian President Putin").
OFFICE_RULES = frozenset({"title+name"})
FREE_TOPIC_PREDICATES = frozenset({"SUPPORTS", "OPPOSES", "CONCERNED_ABOUT"})
BLAME_CONFIDENCE = 0.6
CAUSE_PREDICATES = frozenset({"CONCERNED_ABOUT"})  # "worried ... because of X": X
REFERENCE_FACTOR = 0.9
SPEAKER_FACTOR = 0.85
FREE_TOPIC_FACTOR = 0.8
# Languages that drop subject pronouns ("condenó la invasión"): a verb without a subject takes
# the subject of the last relation in the paragraph.
NULL_SUBJECT_LANGUAGES = frozenset({"es"})
_WORD = re.compile(r"\w+")
_MAX_JOIN_GAP = 3  # tokens between "joined Y" and what they do together ("in", "för att")
_BACKGROUND_BEFORE = 2000  # without a publication date, years before this are background


def extract_claims(
    article: Article, sentences: list[Sentence], resources: Resources
) -> list[Claim]:
    """Return the claims stated in an article's sentences, deduplicated and sorted.

    >>> claims = extract_claims(article, split_sentences(article.text, lang="en"), resources)
    """
    claims: list[Claim] = []
    paragraph = Discourse()
    named = Named()  # persons named in full so far: later bare surnames resolve to them
    lemmas: dict[str, dict[str, str]] = {}
    titled: dict[str, Entity] = {}
    for sentence in sentences:
        if sentence.paragraph != paragraph.index:
            # A new paragraph keeps what references can point back to (news paragraphs are
            # often one sentence long) but not the speaker of the previous one.
            paragraph.index, paragraph.speaker = sentence.paragraph, None
        mentions = find_mentions(sentence, resources.gazetteer, date=article.published, named=named)
        lexicon = resources.lexicon(sentence.lang)
        heads = lexicon.role("heads") if lexicon is not None else frozenset()
        drafts = _leaders(mentions, resources, article.published, sentence=sentence, heads=heads)
        if lexicon is not None:
            prepared = prepare(sentence, mentions, lexicon, lemmas.setdefault(lexicon.lang, {}))
            if article.published is None:
                _resolve_titled(prepared, resources, titled)
            if not _is_background(prepared, article.published):
                drafts.extend(_relations(prepared, paragraph, schema=resources.schema))
            else:
                remember(prepared, paragraph, None)  # background still names who comes next
        for draft in drafts:
            claim = assemble_claim(
                draft, article=article, sentence=sentence, schema=resources.schema
            )
            if claim is not None:
                claims.append(claim)
    return dedupe_claims(claims, schema=resources.schema)


def _follows_head_verb(sentence: Sentence, mention: Mention, heads: frozenset[str]) -> bool:
    """Tell whether a mention follows a verb of heading ("que preside X", "dirigé par X")."""
    before = sentence.text[
        max(0, mention.start - sentence.start - 40) : mention.start - sentence.start
    ]
    words = [normalize_token(word) for word in _WORD.findall(before)][-2:]
    return any(word in heads for word in words)


def _resolve_titled(prepared: Prepared, resources: Resources, titled: dict[str, Entity]) -> None:
    """Let a person named with an office speak for its state in an undated article.

    Offices are resolved on the article's date, today when it has none, so an undated article
    about a former minister keeps the person ("Su canciller Alicia Bárcena"). The title says
    the office was held when the article was written: the person acts for the entity of the
    latest office held, here and wherever the article names them again.
    """
    for index, unit in enumerate(prepared.units):
        person = unit.entities[0]
        if person.type != "Person" or len(unit.entities) != 1:
            continue
        if unit.rule in OFFICE_RULES and person.id not in titled:
            held = resources.gazetteer.offices.get(person.id, ())
            if held:
                titled[person.id] = max(held, key=lambda office: office.start).entity
        entity = titled.get(person.id)
        if entity is not None:
            prepared.units[index] = Unit(
                (entity,), unit.start, unit.end, person, unit.is_adjective, unit.rule
            )


def _leaders(
    mentions: list[Mention],
    resources: Resources,
    date: str | None,
    *,
    sentence: Sentence,
    heads: frozenset[str],
) -> list[Draft]:
    """Return LEADER_OF for each head named with the office ("President Putin", "Rysslands Putin").

    A person counts when named with a title, right after the entity they head ("Russia's
    Vladimir Putin", "el presidente mexicano López Obrador"), or as the one who heads it ("el
    Ejecutivo que preside Daniel Ortega", "présidé par": words of role ``heads``). The office
    comes from the gazetteer on the article's date, else the latest one held; only heads of
    state, government or organisation (``leader_offices.tsv``) count, not every minister.
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
        if (
            mention.rule not in OFFICE_RULES
            and not after_entity
            and not _follows_head_verb(sentence, mention, heads)
        ):
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


def _relations(prepared: Prepared, paragraph: Discourse, *, schema: Schema) -> list[Draft]:
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
    add_references(prepared, paragraph)
    speaker, speaker_units, said = find_speaker(prepared)
    if speaker is not None:
        bind_pronouns(prepared, speaker, after=said)
    remember(prepared, paragraph, speaker)
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
    joint: tuple[Unit, ...] = ()
    joined: tuple[Unit, ...] = ()
    demanded: set[int] = set()
    demands: list[TriggerMatch] = []
    demand_subjects: tuple[Unit, ...] = ()
    demand_start = 1 << 30
    stance: tuple[str, str, tuple[Unit, ...], int] | None = None
    previous: tuple[tuple[Unit, ...], tuple[Unit, ...]] = ((), ())
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
        subjects, objects, how = find_arguments(prepared, match, triggers, speaker_units)
        rules.extend(how)
        if trigger.predicate in ("SUPPORTS", "OPPOSES"):
            stance = (trigger.predicate, polarity, subjects, len(drafts))
        if trigger.predicate == "MEMBER_OF" and polarity == "positive" and stance is not None:
            # "hindras från att gå med i Nato", "opposes Ukraine joining the EU": a stance on
            # the membership, not a membership.
            holders = stance[2] or demand_subjects
            joining = memberships(subjects, objects)
            if holders and joining:
                members = {unit.entities[0].id for unit, _ in joining}
                since = min(stance[3], demand_start)
                drafts[since:] = [
                    d
                    for d in drafts[since:]
                    if d.object.id not in members and "object:phrase" not in d.rules
                ]
                pairs = [(holder, topic) for holder in holders for _, topic in joining]
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
            denier = left_actor(prepared, negated_at)
            if denier is not None:
                subjects = coordinated(prepared, denier, step=-1)
                rules.append("subject:denier")
        if joined and (not subjects or set(subjects) <= set(joined)):
            subjects = joint
            rules.append("subject:joined")
        if not subjects and speaker is not None and frame in ("verb", "adj", "join"):
            subjects = (speaker,)
            confidence *= SPEAKER_FACTOR
            rules.append("subject:speaker")
        if (
            not subjects
            and frame in ("verb", "adj")
            and lexicon.lang in NULL_SUBJECT_LANGUAGES
            and paragraph.subjects
            and negated_at is None
        ):
            # Spanish drops subject pronouns: "Bárcena convocó ..., para lo cual pidió
            # garantías a Ecuador"; the subject is the last one that acted.
            subjects = (_reference_unit(paragraph.subjects, match.start, "null-subject"),)
            rules.append("subject:null")
        clitic = find_clitic(prepared, match.start) if frame == "verb" else None
        if clitic is not None and not objects and "passive" not in how:
            if clitic > 0 and prepared.has_role(clitic - 1, "coord") and previous[1]:
                # "Pékin a convoqué l'ambassadeur américain et l'a accusé": the same subject,
                # and the clitic is the object of the verb before.
                subjects, objects = previous
                rules.append("object:clitic-coordinated")
            elif subjects:
                unit = clitic_object(prepared, paragraph, clitic, subjects)
                if unit is not None:
                    objects = (unit,)
                    rules.append("object:clitic")
        if frame == "join" and subjects and objects and _joins_in(triggers, index, objects):
            joint, joined = subjects + objects, objects
            pairs = [(s, o) for s in subjects for o in objects]
            drafts.extend(
                _drafts(pairs, "COOPERATES_WITH", polarity, confidence, (*rules, "join"), speaker)
            )
            continue
        if frame == "members":
            pairs = group_members(prepared, match)
            drafts.extend(
                _drafts(pairs, trigger.predicate, polarity, confidence, (*rules, "members"), None)
            )
            continue
        if subjects:
            previous = (subjects, objects)
        if frame == "sym":
            pairs = symmetric_pairs(prepared, match, subjects, objects)
        else:
            pairs = [(s, o) for s in subjects for o in objects]
        if any(match.end <= i <= match.end + 2 for i in prepared.reciprocal):
            # "India and Pakistan accused each other": every subject towards every other one.
            each = single(subjects)
            pairs = [(a, b) for a in each for b in each if a.entities != b.entities]
            rules.append("object:reciprocal")
        topical = (
            frame != "sym"
            and "passive" not in how
            and trigger.predicate in FREE_TOPIC_PREDICATES
            and bool(subjects)
        )
        is_phrase, phrase = topic_phrase(prepared, match, triggers) if topical else (False, None)
        if is_phrase:
            # "s'oppose à la formation de blocs fermés", "preocupado por las actividades de X";
            # a phrase that says nothing on its own gives no claim.
            pairs = [(s, phrase) for s in subjects] if phrase is not None else []
            confidence *= FREE_TOPIC_FACTOR
            rules.append(f"object:{phrase.rule if phrase is not None else 'vague'}")
        elif topical and objects:
            # "vetoed the UN resolution", "worried about the situation in Gaza": the mention
            # only modifies the object, or the schema does not allow it as one.
            allowed = schema.predicates[trigger.predicate].object
            head = objects[0]
            if not head.is_adjective and modifies_noun(prepared, head):
                topic = free_topic(prepared, match, start=head.start)
            elif head.entities[0].type not in allowed:
                topic = free_topic(prepared, match)
            else:
                topic = None
            if topic is not None:
                pairs = [(s, topic) for s in subjects]
                confidence *= FREE_TOPIC_FACTOR
                rules.append("object:compound")
        elif topical and not objects:
            topic = free_topic(prepared, match)
            if topic is not None:
                pairs = [(s, topic) for s in subjects]
                confidence *= FREE_TOPIC_FACTOR
                rules.append("object:phrase")
        if not pairs and subjects and trigger.predicate in CAUSE_PREDICATES:
            cause = cause_object(prepared, match, triggers)
            if cause is not None:
                pairs = [(s, cause) for s in subjects]
                rules.append("object:cause")
        pairs = [(s, as_written(prepared, o)) for s, o in pairs]
        drafts.extend(
            _drafts(pairs, trigger.predicate, polarity, confidence, tuple(rules), speaker)
        )
        if len(subjects) >= 2:
            paragraph.set_joint(tuple(e for unit in subjects for e in unit.entities))
        if subjects and frame in ("verb", "adj", "sym") and "passive" not in how:
            paragraph.subjects = tuple(
                dict.fromkeys(e for unit in subjects for e in unit.entities if e.type != "Topic")
            )
        for unit in subjects:
            if unit.agent is not None or unit.entities[0].type == "Person":
                paragraph.person = unit.entities[0]
            if unit.entities[0].type == "Country" and len(unit.entities) == 1:
                paragraph.state = unit.entities[0]
            if len(unit.entities) == 1 and unit.entities[0].type in ("Country", "Person"):
                paragraph.actor = unit.entities[0]
    if speaker is not None:
        blamed = blamed_actor(prepared, 0, speaker)
        if blamed is not None and not any(
            d.predicate == "CRITICIZES" and d.object in blamed.entities for d in drafts
        ):
            # "les garde-côtes chinois ont déclaré que les bateaux philippins ont pénétré
            # illégalement ...": saying that someone acted illegally accuses them.
            pairs = [(speaker, blamed)]
            blame = ("blame", "object:blamed")
            drafts.extend(
                _drafts(pairs, "CRITICIZES", "positive", BLAME_CONFIDENCE, blame, speaker)
            )
    return drafts


def _reference_unit(entities: tuple[Entity, ...], at: int, kind: str) -> Unit:
    """Return a unit standing for entities named earlier, placed at a token (no text of its own)."""
    return Unit(entities, at, at, None, False, f"reference:{kind}")


def _drafts(
    pairs: list[tuple[Unit, Unit]],
    predicate: str,
    polarity: str,
    confidence: float,
    rules: tuple[str, ...],
    speaker: Unit | None,
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


def _joins_in(triggers: list[TriggerMatch], index: int, objects: tuple[Unit, ...]) -> bool:
    """Tell whether "X joined Y" goes on to what they do together: "joined Y in opposing Z",
    "har anslutit sig till Ryssland för att motsätta sig": the next trigger follows the
    object within a few tokens and is no membership ("gick med i Nato som ... medlem")."""
    if index + 1 >= len(triggers):
        return False
    nxt = triggers[index + 1]
    gap = nxt.start - max(unit.end for unit in objects)
    return 0 <= gap <= _MAX_JOIN_GAP and nxt.trigger.predicate != "MEMBER_OF"


def _is_denial(prepared: Prepared, start: int, match: TriggerMatch) -> bool:
    """Tell whether a denial cue governs a trigger: no other trigger stands between them."""
    if prepared.lexicon.negation.entries.get(prepared.lowers[start]) is None:
        cues = prepared.lexicon.negation.entries.get(prepared.lemma(start), ())
    else:
        cues = prepared.lexicon.negation.entries[prepared.lowers[start]]
    if not any(value == "denial" for _, value in cues):
        return False
    return not any(start < index < match.start for index in prepared.trigger_tokens)


def _negated_at(prepared: Prepared, match: TriggerMatch, negations: list[CueMatch]) -> int | None:
    """Return where the negation or denial of a trigger starts, or None when it has none.

    A separable verb ("lehnte ... nicht ab") is negated anywhere before its particle, a trigger
    with a short gap by a negation inside it ("sagte der Ukraine keine Hilfe zu", "stellte Polen
    keine Waffen zur Verfügung").
    """
    clause_end = len(prepared.lowers)
    if "_" in match.trigger.words:
        clause_end = next(
            (i for i in range(match.end, len(prepared.lowers)) if prepared.lowers[i] in ",.;:"),
            clause_end,
        )
    for cue in negations:
        if cue.value == "denial" and cue.end <= match.start:
            return cue.start
        if cue.value == "negation" and match.end <= cue.start < clause_end < len(prepared.lowers):
            return cue.start
        if cue.value == "negation" and match.end <= cue.start and cue.end <= match.last:
            return cue.start
        if cue.value == "negation" and match.start - 3 <= cue.start < match.end + 2:
            if cue.start < match.start:
                between = range(cue.end, match.start)
            else:
                between = range(match.end, cue.start)
            if not any(prepared.unit_at[i] >= 0 for i in between):
                return cue.start
    return None


def _is_background(prepared: Prepared, published: str | None) -> bool:
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
