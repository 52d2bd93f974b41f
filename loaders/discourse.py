"""What a sentence's references point to: speakers, pronouns and "the two countries".

``Discourse`` remembers, across the sentences of an article, the actors last named together
(for "the two countries", "beide Länder", "they"), the last person or state that acted (for
"he", "landet"), the last organisation named (for "ce partenariat", "esta alianza") and the
current speaker; ``add_references`` turns reference phrases into units,
``find_speaker`` finds who voices a sentence ("X said", "according to X") and ``bind_pronouns``
resolves pronouns in reported speech to that speaker.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.claims import Entity
from loaders.arguments import Prepared, Unit, coordinated

__all__ = [
    "Discourse",
    "add_references",
    "bind_pronouns",
    "clitic_object",
    "find_clitic",
    "find_speaker",
    "remember",
]


@dataclass(slots=True)
class Discourse:
    """What references in a paragraph can point back to."""

    index: int = -1
    joint: tuple[Entity, ...] = ()
    pair: tuple[Entity, ...] = ()
    person: Entity | None = None
    state: Entity | None = None
    speaker: Entity | None = None
    organization: Entity | None = None
    actor: Entity | None = None  # the last person or state that acted ("il", "elle")
    subjects: tuple[Entity, ...] = ()
    previous: tuple[Entity, ...] = ()  # the actors of the sentence before
    current: tuple[Entity, ...] = ()

    def set_joint(self, entities: tuple[Entity, ...]) -> None:
        """Record actors named together; a pair also answers "the two countries" later."""
        unique = tuple(dict.fromkeys(entities))
        if len(unique) >= 2:
            self.joint = unique
        if len(unique) == 2:
            self.pair = unique


def find_speaker(prepared: Prepared) -> tuple[Unit | None, set[int], int]:
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
                if unit.is_actor and (not unit.is_adjective or _after_proxy(prepared, unit)):
                    chain = coordinated(prepared, unit, step=-1 if index < cue.start else 1)
                    indices = {prepared.unit_at[member.start] for member in chain}
                    if len(chain) > 1:
                        unit = Unit(
                            entities=tuple(e for member in chain for e in member.entities),
                            start=chain[0].start,
                            end=chain[-1].end,
                            agent=None,
                            is_adjective=False,
                            rule="coordinated",
                        )
                    return unit, indices, max(cue.end, unit.end)
    return None, set(), len(prepared.lowers)


def add_references(prepared: Prepared, paragraph: Discourse) -> None:
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
        elif cue.value == "actor" and paragraph.actor is not None:
            entities = (paragraph.actor,)
        elif cue.value == "person" and paragraph.person is not None:
            entities = (paragraph.person,)
        elif cue.value == "state":
            # "Det är Ryssland som ... för dess aggression": the state just named, else the
            # paragraph's
            state = _state_before(prepared, cue.start) or paragraph.state
            entities = (state,) if state is not None else ()
        elif cue.value == "speaker" and paragraph.speaker is not None:
            entities = (paragraph.speaker,)
        elif cue.value == "organization" and paragraph.organization is not None:
            entities = (paragraph.organization,)
        if not entities:
            continue
        prepared.unit_at[cue.start : cue.end] = [len(prepared.units)] * (cue.end - cue.start)
        prepared.units.append(
            Unit(
                entities=entities,
                start=cue.start,
                end=cue.end,
                agent=None,
                is_adjective=False,
                rule=f"reference:{cue.value}",
            )
        )


def bind_pronouns(prepared: Prepared, speaker: Unit, *, after: int) -> None:
    """Resolve pronouns in reported speech to the speaker: "X said they would ...", and "we"
    anywhere in the sentence ("'We condemn ...', X said")."""
    for cue in prepared.references:
        if cue.end - cue.start != 1:
            continue
        reported = cue.start >= after and cue.value in ("person", "actor", "group")
        if not reported and cue.value != "speaker":
            continue
        unit = Unit(
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
        if reported:
            return


def remember(prepared: Prepared, paragraph: Discourse, speaker: Unit | None) -> None:
    """Record coordinated actors and persons for the references of later sentences."""
    paragraph.previous = paragraph.current
    paragraph.current = tuple(
        dict.fromkeys(
            e for unit in prepared.units if _is_named_actor(prepared, unit) for e in unit.entities
        )
    )
    first = next((unit for unit in prepared.units if _is_named_actor(prepared, unit)), None)
    if (
        first is not None
        and first.start <= 2
        and not first.is_adjective
        and len(first.entities) == 1
        and first.entities[0].type == "Country"
    ):
        # A sentence that opens with a state is about it ("Argentina recordó ... La nación
        # sudamericana criticó ..."), whether or not a trigger follows.
        paragraph.state = paragraph.actor = first.entities[0]
    if speaker is not None:
        paragraph.speaker = speaker.entities[0]
        if speaker.agent is not None or speaker.entities[0].type == "Person":
            paragraph.person = speaker.entities[0]
    for unit in prepared.units:
        if unit.rule.startswith("reference") or not unit.is_actor or unit.is_adjective:
            continue
        if unit.rule == "demonym":
            continue  # "ryssar och ukrainare": peoples, not the states that act
        if unit.entities[0].type == "Organization":
            paragraph.organization = unit.entities[0]  # for "ce partenariat", "esta alianza"
        group = coordinated(prepared, unit, step=1)
        if len(group) >= 2:
            paragraph.set_joint(tuple(e for member in group for e in member.entities))


def _state_before(prepared: Prepared, index: int) -> Entity | None:
    """Return the nearest state named before a token of the sentence, not as an adjective."""
    for unit in reversed(prepared.units):
        if unit.end > index or unit.is_adjective or len(unit.entities) != 1:
            continue
        if unit.entities[0].type == "Country" and not unit.rule.startswith("reference"):
            return unit.entities[0]
    return None


def _after_proxy(prepared: Prepared, unit: Unit) -> bool:
    """Tell whether an adjective follows a noun standing for its state ("le ministre français")."""
    return unit.start > 0 and prepared.has_role(unit.start - 1, "proxy")


def _is_named_actor(prepared: Prepared, unit: Unit) -> bool:
    """Tell whether a unit names an actor that a pronoun can point back to (not a place)."""
    if not unit.is_actor or unit.rule.startswith("reference"):
        return False
    return unit.start == 0 or not prepared.has_role(unit.start - 1, "loc")


def find_clitic(prepared: Prepared, start: int) -> int | None:
    """Return the index of an object clitic right before a verb or its auxiliary ("l'a", "lo")."""
    index = start - 1
    if index >= 0 and prepared.has_role(index, "stop") and prepared.lowers[index].isalpha():
        index -= 1
    if index >= 0 and prepared.lowers[index] in {"'", "’"}:
        index -= 1
    if index < 0 or not prepared.has_role(index, "clitic") or prepared.unit_at[index] >= 0:
        return None
    return index


def clitic_object(
    prepared: Prepared, paragraph: Discourse, index: int, subjects: tuple[Unit, ...]
) -> Unit | None:
    """Return the actor the object clitic at ``index`` stands for ("l'a critiqué", "lo acusó").

    Gender and number are not checked, so it is resolved only when one actor other than the
    subjects was named in the sentence before or earlier in this one; else it stays unresolved.
    """
    excluded = {e.id for unit in subjects for e in unit.entities}
    here = [
        e
        for unit in prepared.units
        if unit.end <= index and _is_named_actor(prepared, unit)
        for e in unit.entities
    ]
    candidates = {e.id: e for e in (*paragraph.previous, *here) if e.id not in excluded}
    if len(candidates) != 1:
        return None
    (entity,) = candidates.values()
    return Unit((entity,), index, index + 1, None, False, "reference:clitic")
