"""Write claims in every export format: RDF (through kg.rdf), GraphML (networkx) and CSV.

For GraphML and CSV, claims are a property graph: nodes are entities (id, label, type), edges are
claims, one per claim, keyed by the claim id and carrying predicate, polarity, confidence and
provenance. RDF lives in kg.rdf. ``export_claims`` picks the writer for a format: N-Triples,
N-Quads, Turtle, TriG and CSV stream (any number of claims in bounded memory); JSON-LD (rdflib)
and GraphML (networkx) are built in memory, so they refuse more than IN_MEMORY_LIMIT claims.

>>> export_claims(claims, Path("claims.nq"), fmt="nq", vocabulary=vocabulary)  # doctest: +SKIP
>>> write_graphml(claims, Path("graph.graphml"))        # doctest: +SKIP
>>> write_csv(claims, Path("out/"))                      # doctest: +SKIP
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable, Mapping
from itertools import islice
from pathlib import Path
from typing import Any

import networkx as nx

from kg import rdf
from kg.claims import Claim, Entity, claim_sort_key
from kg.errors import InputError

__all__ = [
    "EDGE_COLUMNS",
    "FORMATS",
    "IN_MEMORY_LIMIT",
    "NODE_COLUMNS",
    "STREAMED",
    "export_claims",
    "to_graph",
    "write_csv",
    "write_graphml",
]

FORMATS = (*rdf.FORMATS, "graphml", "csv")
STREAMED = ("nt", "nq", "ttl", "trig", "csv")
# Claims the formats built in memory take while staying under 2 GB (docs/rdf.md): rdflib's
# JSON-LD peaked at 1,824 MiB for 50,000 claims (benchmarks/bench_export.py), networkx's GraphML
# at 130 MiB; beyond these, a streamed format is needed.
IN_MEMORY_LIMIT = {"jsonld": 40_000, "graphml": 500_000}

NODE_COLUMNS = ("id", "label", "type")
EDGE_COLUMNS = (
    "claim",
    "subject",
    "predicate",
    "object",
    "polarity",
    "confidence",
    "attributed_to",
    "agent",
    "sentence",
    "start",
    "end",
    "lang",
    "article",
    "title",
    "url",
    "published",
    "source",
    "extractor",
    "extractor_version",
)


def _edge_row(claim: Claim) -> dict[str, Any]:
    """Return a claim's edge attributes, None where unknown (GraphML leaves those out)."""
    return {
        "claim": claim.id,
        "subject": claim.subject.id,
        "predicate": claim.predicate,
        "object": claim.object.id,
        "polarity": claim.polarity,
        "confidence": round(claim.confidence, 3),
        "attributed_to": claim.attributed_to.id if claim.attributed_to else None,
        "agent": claim.agent.id if claim.agent else None,
        "sentence": claim.evidence.text,
        "start": claim.evidence.start,
        "end": claim.evidence.end,
        "lang": claim.evidence.lang,
        "article": claim.article.id,
        "title": claim.article.title,
        "url": claim.article.url,
        "published": claim.article.published,
        "source": claim.article.source,
        "extractor": claim.extractor.name,
        "extractor_version": claim.extractor.version,
    }


def _entities(claim: Claim) -> Iterable[Entity]:
    return [e for e in (claim.subject, claim.object, claim.attributed_to, claim.agent) if e]


def to_graph(claims: Iterable[Claim]) -> nx.MultiDiGraph:
    """Return a MultiDiGraph: a node per entity, an edge per claim (key: the claim id)."""
    graph = nx.MultiDiGraph()
    for claim in sorted(claims, key=claim_sort_key):
        for entity in _entities(claim):
            if entity.id not in graph:
                graph.add_node(entity.id, label=entity.label, type=entity.type)
        attributes = {k: v for k, v in _edge_row(claim).items() if v is not None}
        del attributes["subject"], attributes["object"]
        graph.add_edge(claim.subject.id, claim.object.id, key=claim.id, **attributes)
    return graph


def write_graphml(claims: Iterable[Claim], path: Path) -> int:
    """Write claims as GraphML; return the number of edges (claims) written."""
    graph = to_graph(claims)
    try:
        nx.write_graphml(graph, str(path), encoding="utf-8")
    except OSError as err:
        raise InputError(f"{path}: cannot write: {err.strerror}") from err
    return int(graph.number_of_edges())


def write_csv(claims: Iterable[Claim], folder: Path) -> int:
    """Write folder/nodes.csv and folder/edges.csv (edges streamed); return claims written."""
    entities: dict[str, Entity] = {}
    count = 0
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / "edges.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=EDGE_COLUMNS)
            writer.writeheader()
            for claim in claims:
                writer.writerow({k: "" if v is None else v for k, v in _edge_row(claim).items()})
                for entity in _entities(claim):
                    entities.setdefault(entity.id, entity)
                count += 1
        with (folder / "nodes.csv").open("w", encoding="utf-8", newline="") as handle:
            nodes = csv.writer(handle)
            nodes.writerow(NODE_COLUMNS)
            for entity_id in sorted(entities):
                entity = entities[entity_id]
                nodes.writerow([entity.id, entity.label, entity.type])
    except OSError as err:
        raise InputError(f"{folder}: cannot write: {err.strerror}") from err
    return count


def _export_rdf(
    claims: Iterable[Claim],
    path: Path,
    *,
    fmt: str,
    vocabulary: rdf.Vocabulary,
    wikidata: Mapping[str, str] | None,
) -> int:
    if fmt in STREAMED:
        write = rdf.write_quads if fmt in ("nt", "nq") else rdf.write_turtle
        if str(path) == "-":
            return write(claims, sys.stdout, vocabulary, fmt=fmt, wikidata=wikidata)
        with path.open("w", encoding="utf-8", newline="\n") as handle:
            return write(claims, handle, vocabulary, fmt=fmt, wikidata=wikidata)
    claims = list(claims)  # export_claims has bounded their number
    dataset = rdf.to_dataset(claims, vocabulary, wikidata=wikidata)
    if str(path) == "-":
        rdf.write_dataset(dataset, sys.stdout.buffer, fmt=fmt)
    else:
        with path.open("wb") as handle:
            rdf.write_dataset(dataset, handle, fmt=fmt)
    return len(claims)


def _at_most(claims: Iterable[Claim], fmt: str, limit: int) -> list[Claim]:
    """Return the claims as a list, or refuse (before anything is written) when over ``limit``."""
    held = list(islice(claims, limit + 1))
    if len(held) > limit:
        raise InputError(
            f"{fmt} is built in memory and takes at most {limit:,} claims; export more with "
            "--format nq, trig, ttl or nt (streamed, any number), or select fewer with the filters"
        )
    return held


def export_claims(
    claims: Iterable[Claim],
    path: Path,
    *,
    fmt: str,
    vocabulary: rdf.Vocabulary,
    wikidata: Mapping[str, str] | None = None,
    in_memory_limit: int | None = None,
) -> int:
    """Write claims to ``path`` in a format of FORMATS (``-`` is stdout for RDF); return the count.

    CSV writes ``path/nodes.csv`` and ``path/edges.csv``. Formats outside STREAMED refuse more
    than ``in_memory_limit`` claims (default: theirs in IN_MEMORY_LIMIT) with an InputError,
    before writing anything.
    """
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    if str(path) == "-" and fmt in ("graphml", "csv"):
        raise InputError(f"{fmt} is written to a file or folder, not stdout; give -o PATH")
    if fmt not in STREAMED:
        claims = _at_most(claims, fmt, in_memory_limit or IN_MEMORY_LIMIT[fmt])
    try:
        if fmt == "graphml":
            return write_graphml(claims, path)
        if fmt == "csv":
            return write_csv(claims, path)
        return _export_rdf(claims, path, fmt=fmt, vocabulary=vocabulary, wikidata=wikidata)
    except OSError as err:
        raise InputError(f"{path}: cannot write: {err.strerror}") from err
