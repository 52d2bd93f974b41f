"""Turn a found relation (actors, trigger, sentence) into a schema-checked ``Claim``.

The relation stage decides who did what to whom; this module checks the triple against the
schema (``Schema.allows``), attaches evidence and article metadata, and removes duplicates
within an article.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kg.claims import Article, Claim, Entity, Evidence, claim_sort_key
from kg.schema import Schema
from loaders import EXTRACTOR
from loaders.sentences import Sentence

__all__ = ["Draft", "assemble_claim", "dedupe_claims"]


@dataclass(frozen=True, slots=True)
class Draft:
    """A relation found in one sentence, before the schema check."""

    subject: Entity
    predicate: str
    object: Entity
    polarity: str
    confidence: float
    rules: tuple[str, ...]
    attributed_to: Entity | None = None
    agent: Entity | None = None


def assemble_claim(
    draft: Draft, *, article: Article, sentence: Sentence, schema: Schema
) -> Claim | None:
    """Return the claim for a draft, or None when the schema forbids it or it is reflexive."""
    if draft.subject.id == draft.object.id:
        return None
    if not schema.allows(draft.subject.type, draft.predicate, draft.object.type):
        return None
    return Claim(
        subject=draft.subject,
        predicate=draft.predicate,
        object=draft.object,
        evidence=Evidence(sentence.text, sentence.start, sentence.end, sentence.lang),
        article=Article(
            id=article.id,
            title=article.title,
            url=article.url,
            published=article.published,
            source=article.source,
            lang=article.lang,
        ),
        extractor=EXTRACTOR,
        polarity=draft.polarity,
        attributed_to=draft.attributed_to,
        agent=draft.agent,
        confidence=round(min(max(draft.confidence, 0.0), 1.0), 3),
        rules=draft.rules,
    )


def dedupe_claims(claims: Iterable[Claim], *, schema: Schema) -> list[Claim]:
    """Keep the first claim (in text order) of each triple and polarity; sort the result.

    Symmetric predicates count either direction as the same triple. The kept claim takes the
    highest confidence of its duplicates.
    """
    best: dict[tuple[str, str, str, str], Claim] = {}
    for claim in sorted(claims, key=claim_sort_key):
        ends = (claim.subject.id, claim.object.id)
        if schema.predicates[claim.predicate].symmetric:
            ends = (min(ends), max(ends))
        key = (ends[0], claim.predicate, ends[1], claim.polarity)
        kept = best.get(key)
        if kept is None:
            best[key] = claim
        elif claim.confidence > kept.confidence:
            best[key] = kept.with_confidence(claim.confidence)
    return sorted(best.values(), key=claim_sort_key)
