"""Turn claims into the graph that ``kg viz`` draws (pure: no Neo4j, no HTML).

One node per entity and one edge per (subject, predicate, object), aggregating every positive claim
that states it with its evidence. A denial (negative polarity) never draws an edge, as it never
creates a direct relationship in the store (issue 4); ``DrawableGraph.denials`` counts them.
Symmetric predicates are drawn once, in the canonical direction (smaller id first).

>>> drawable = graph_from_claims(claims, schema=Schema.load())
>>> drawable.graph.edges["CHN", "topic:nato-expansion", "OPPOSES"]["claims"]
2
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from kg.claims import Claim, Entity, claim_sort_key
from kg.errors import InputError
from kg.schema import Schema

__all__ = ["MAX_EVIDENCE", "ClaimSelection", "DrawableGraph", "graph_from_claims", "select_claims"]

# An edge keeps at most this many evidence records (newest first), so that a much-repeated relation
# does not bloat the file; its "claims" count stays exact.
MAX_EVIDENCE = 25


@dataclass(frozen=True, slots=True)
class ClaimSelection:
    """Which claims to draw: the same filters as ``kg viz`` applies in Neo4j, for claim files."""

    actor: str | None = None
    depth: int = 1
    predicates: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    min_evidence: int = 1
    source: str | None = None
    lang: str | None = None

    def describe(self) -> str:
        """Return the active filters as one line for the caption ("" when none)."""
        parts = []
        if self.actor:
            parts.append(f"within {self.depth} hop(s) of {self.actor}")
        if self.predicates:
            parts.append("predicates " + ", ".join(self.predicates))
        if self.since or self.until:
            parts.append(f"dated {self.since or '…'} to {self.until or '…'}")
        if self.min_evidence > 1:
            parts.append(f"triples stated in at least {self.min_evidence} articles")
        if self.source:
            parts.append(f"source {self.source}")
        if self.lang:
            parts.append(f"language {self.lang}")
        return "; ".join(parts)


@dataclass(frozen=True, slots=True)
class DrawableGraph:
    """A MultiDiGraph keyed by predicate, plus what the caption reports about its making."""

    graph: nx.MultiDiGraph
    claims: int
    articles: int
    denials: int
    filters: str = ""
    notes: tuple[str, ...] = field(default=())


_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def _date(claim: Claim) -> str:
    return (claim.article.published or "")[:10]


def _matches(claim: Claim, selection: ClaimSelection) -> bool:
    date = _date(claim)
    since, until = selection.since, selection.until
    return not (
        (selection.predicates and claim.predicate not in selection.predicates)
        or (since and (not date or date[: len(since)] < since))
        or (until and (not date or date[: len(until)] > until))
        or (selection.source and claim.article.source != selection.source)
        or (selection.lang and claim.article.lang != selection.lang)
    )


def _neighbourhood(claims: list[Claim], actor: str, depth: int) -> set[str]:
    """Return the entities less than ``depth`` hops from the actor (as kg.store does)."""
    adjacency: dict[str, set[str]] = {}
    for claim in claims:
        adjacency.setdefault(claim.subject.id, set()).add(claim.object.id)
        adjacency.setdefault(claim.object.id, set()).add(claim.subject.id)
    if actor not in adjacency:
        raise InputError(f"actor {actor!r} is in no selected claim; check the id (e.g. CHN, NATO)")
    reached, frontier = {actor}, {actor}
    for _ in range(depth - 1):
        frontier = {n for node in frontier for n in adjacency[node]} - reached
        reached |= frontier
    return reached


def _check(selection: ClaimSelection) -> None:
    if selection.depth < 1 or selection.min_evidence < 1:
        raise InputError("depth and min_evidence must be at least 1")
    for name, value in (("since", selection.since), ("until", selection.until)):
        if value is not None and not _DATE.fullmatch(value):
            raise InputError(f"{name} must be a date YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")


def select_claims(
    claims: Iterable[Claim], selection: ClaimSelection, *, schema: Schema
) -> list[Claim]:
    """Keep the claims that pass the selection, in claim order; the same rules as kg.store.

    ``actor``/``depth``: claims touching an entity less than ``depth`` hops from the actor (depth
    1: the actor's own claims). ``min_evidence``: triples stated in at least that many articles.
    ``since``/``until``: YYYY, YYYY-MM or YYYY-MM-DD on the publication date, both inclusive.
    """
    _check(selection)
    kept = sorted((c for c in claims if _matches(c, selection)), key=claim_sort_key)
    if selection.actor:
        near = _neighbourhood(kept, selection.actor, selection.depth)
        kept = [c for c in kept if c.subject.id in near or c.object.id in near]
    if selection.min_evidence > 1:
        articles: dict[tuple[str, str, str, str], set[str]] = {}
        for c in kept:
            articles.setdefault(_triple(c, schema), set()).add(c.article.id)
        kept = [c for c in kept if len(articles[_triple(c, schema)]) >= selection.min_evidence]
    return kept


def _triple(claim: Claim, schema: Schema) -> tuple[str, str, str, str]:
    """Return the claim's triple and polarity, a symmetric predicate's ends in canonical order."""
    source, target = claim.subject.id, claim.object.id
    if schema.predicate(claim.predicate).symmetric and target < source:
        source, target = target, source
    return (source, claim.predicate, target, claim.polarity)


def _evidence(claim: Claim) -> dict[str, Any]:
    return {
        "sentence": claim.evidence.text,
        "title": claim.article.title,
        "source": claim.article.source,
        "date": _date(claim) or None,
        "url": claim.article.url,
        "article": claim.article.id,
        "confidence": round(claim.confidence, 3),
        "attributed_to": claim.attributed_to.label if claim.attributed_to else None,
    }


def _add_node(graph: nx.MultiDiGraph, entity: Entity) -> None:
    if entity.id not in graph:
        graph.add_node(entity.id, label=entity.label, type=entity.type, evidence=0)


def _add_claim(graph: nx.MultiDiGraph, claim: Claim, schema: Schema) -> None:
    predicate = schema.predicate(claim.predicate)
    source, _, target, _ = _triple(claim, schema)
    if not graph.has_edge(source, target, key=predicate.name):
        graph.add_edge(
            source,
            target,
            key=predicate.name,
            predicate=predicate.name,
            family=predicate.family,
            symmetric=predicate.symmetric,
            claims=0,
            confidence_sum=0.0,
            evidence=[],
        )
    data = graph.edges[source, target, predicate.name]
    data["claims"] += 1
    data["confidence_sum"] += claim.confidence
    data["evidence"].append(_evidence(claim))


def _finish_edges(graph: nx.MultiDiGraph) -> set[str]:
    """Summarise each relation's claims; return the ids of the articles drawn."""
    articles: set[str] = set()
    for source, target, data in graph.edges(data=True):
        data["confidence"] = round(data.pop("confidence_sum") / data["claims"], 3)
        ordered = sorted(data["evidence"], key=lambda e: (e["date"] or "", e["article"]))
        data["evidence"] = ordered[::-1][:MAX_EVIDENCE]
        dates = [e["date"] for e in ordered if e["date"]]
        data["first_seen"], data["last_seen"] = (dates[0], dates[-1]) if dates else (None, None)
        data["articles"] = len({e["article"] for e in ordered})
        articles |= {e["article"] for e in ordered}
        graph.nodes[source]["evidence"] += data["claims"]
        if target != source:
            graph.nodes[target]["evidence"] += data["claims"]
    return articles


def graph_from_claims(
    claims: Iterable[Claim],
    *,
    schema: Schema,
    filters: str = "",
) -> DrawableGraph:
    """Aggregate claims into a drawable graph; raise SchemaError on a predicate outside the schema.

    Nodes carry ``label``, ``type`` and ``evidence`` (claims that name them); edges, keyed by
    predicate, carry ``family``, ``symmetric``, ``claims``, ``articles``, mean ``confidence``,
    ``first_seen``, ``last_seen`` and ``evidence`` (newest first, at most MAX_EVIDENCE).
    """
    graph = nx.MultiDiGraph()
    ordered = sorted(claims, key=claim_sort_key)
    positive = [c for c in ordered if c.polarity == "positive"]
    for claim in positive:
        _add_node(graph, claim.subject)
        _add_node(graph, claim.object)
        _add_claim(graph, claim, schema)
    articles = _finish_edges(graph)
    return DrawableGraph(
        graph=graph,
        claims=sum(data["claims"] for _, _, data in graph.edges(data=True)),
        articles=len(articles),
        denials=len(ordered) - len(positive),
        filters=filters,
    )
