"""Benchmark kg export: time and peak memory of RDF exports of many synthetic claims.

The issue asks that exporting 1,000,000 claims stays under 2 GB of memory. N-Triples and N-Quads
are streamed claim by claim (kg.rdf.write_quads), so memory grows with the number of distinct
entities and articles, not claims; so are Turtle and TriG (kg.rdf.write_turtle). The in-memory
formats (JSON-LD as one rdflib Dataset, GraphML as one networkx graph) refuse more than
kg.export.IN_MEMORY_LIMIT claims; they are measured at JSON-LD's limit (--in-memory). "import"
reads an N-Quads export back with kg.ntriples.stream_claims (what kg import uses for .nt/.nq),
without Neo4j. Every export goes through kg.export.export_claims with the gazetteer's Wikidata
links, as kg export does.

Usage (figures are printed; nothing is asserted, see STYLE.md X9):

    .venv/bin/python benchmarks/bench_export.py [--claims 1000000] [--in-memory 40000]
    NEO4J_PASSWORD=... .venv/bin/python benchmarks/bench_export.py --neo4j bolt://127.0.0.1:7687 \
        --neo4j-claims 1000000     # WIPES that database, loads synthetic claims, exports them
    NEO4J_PASSWORD=... .venv/bin/python benchmarks/bench_export.py --neo4j bolt://127.0.0.1:7687 \
        --reuse                    # exports the claims already there (loaded by an earlier run)

Claims are generated deterministically (fixed seed) over about 2,000 entities and one article per
ten claims, and fed to the exporter as a generator, as ``kg export --claims FILE`` does. Each
measurement runs in a fresh subprocess so that peak memory (ru_maxrss) belongs to it alone.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from kg.claims import Article, Claim, Entity, Evidence, Extractor
from kg.schema import Schema

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("Example Wire", "Nordic Daily", "Le Quotidien", "El Diario", "Tageszeitung")
LANGS = ("en", "sv", "fr", "es", "de")


def _entities(schema: Schema) -> dict[str, list[Entity]]:
    """About 2,000 entities, spread over the schema's types, with ids in each type's form."""
    rng = random.Random(7)
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    by_type: dict[str, list[Entity]] = {}
    for name in schema.type_names:
        entities: dict[str, Entity] = {}
        for i in range(340):
            if name == "Country":
                entity_id = "".join(rng.choice(letters) for _ in range(3))
            elif name == "Organization":
                entity_id = "".join(rng.choice(letters) for _ in range(4)) + str(i % 10)
            else:
                entity_id = f"{name.lower()}:synthetic-{i}"
            entities.setdefault(entity_id, Entity(entity_id, f"{name} {i}", name))
        by_type[name] = list(entities.values())
    return by_type


def synthetic_claims(count: int) -> Iterator[Claim]:
    """Yield ``count`` valid claims, ten to an article, deterministically."""
    schema = Schema.load()
    rng = random.Random(42)
    entities = _entities(schema)
    predicates = [schema.predicate(name) for name in schema.predicate_names]
    extractor = Extractor("rules", "1")
    article = None
    for i in range(count):
        if i % 10 == 0:
            n = i // 10
            article = Article(
                id=f"bench-{n:07d}",
                title=f"Synthetic article {n} about relations",
                url=f"https://news.example.org/{n}",
                published=f"20{10 + n % 15}-{1 + n % 12:02d}-{1 + n % 28:02d}",
                source=SOURCES[n % len(SOURCES)],
                lang=LANGS[n % len(LANGS)],
            )
        assert article is not None
        predicate = rng.choice(predicates)
        subject = rng.choice(entities[rng.choice(predicate.subject)])
        obj = rng.choice(entities[rng.choice(predicate.object)])
        start = (i % 10) * 120
        yield Claim(
            subject=subject,
            predicate=predicate.name,
            object=obj,
            evidence=Evidence(
                f'{subject.label} "{predicate.name.lower()}" {obj.label}, officials said.',
                start,
                start + 100,
                article.lang,
            ),
            article=article,
            extractor=extractor,
            polarity="negative" if i % 9 == 0 else "positive",
            confidence=round(0.5 + (i % 50) / 100, 3),
        )


def _store_claims(uri: str) -> Iterator[Claim]:
    """Read every claim back from Neo4j (Store.read_claims pages through them)."""
    from kg.config import load_settings
    from kg.store import Store

    with Store.connect(load_settings({"uri": uri})) as store:
        yield from store.read_claims()


def load_neo4j(uri: str, count: int) -> float:
    """Wipe the database at ``uri`` and load ``count`` synthetic claims; return seconds."""
    from kg.config import load_settings
    from kg.store import Store

    with Store.connect(load_settings({"uri": uri})) as store:
        wipe = "MATCH (n) WITH n LIMIT 20000 DETACH DELETE n RETURN count(*) AS n"
        while store.driver.execute_query(wipe, database_=store.database).records[0]["n"]:
            pass
        began = time.perf_counter()
        store.load_claims(synthetic_claims(count))
        return time.perf_counter() - began


def measure(fmt: str, count: int, neo4j: str | None = None) -> dict[str, float]:
    """Export ``count`` claims in this process as kg export does; return seconds, size, peak RSS."""
    from kg import export, rdf

    vocabulary = rdf.Vocabulary.from_schema(Schema.load())
    wikidata = rdf.read_wikidata(rdf.gazetteer_wikidata_file())
    claims = _store_claims(neo4j) if neo4j else synthetic_claims(count)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"bench.{fmt}"
        began = time.perf_counter()
        written = export.export_claims(
            claims, path, fmt=fmt, vocabulary=vocabulary, wikidata=wikidata
        )
        seconds = time.perf_counter() - began
        size = path.stat().st_size if path.is_file() else (path / "edges.csv").stat().st_size
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"claims": written, "seconds": seconds, "bytes": size, "peak_mib": peak_kib / 1024}


def measure_import(count: int) -> dict[str, float]:
    """Write ``count`` claims as N-Quads, then time reading them back (kg import's parser)."""
    from kg import ntriples, rdf

    vocabulary = rdf.Vocabulary.from_schema(Schema.load())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.nq"
        with path.open("w", encoding="utf-8") as handle:
            rdf.write_quads(synthetic_claims(count), handle, vocabulary, fmt="nq")
        began = time.perf_counter()
        read = sum(1 for _ in ntriples.stream_claims(path, vocabulary))
        seconds = time.perf_counter() - began
        size = path.stat().st_size
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"claims": read, "seconds": seconds, "bytes": size, "peak_mib": peak_kib / 1024}


def _run(fmt: str, count: int, neo4j: str | None = None) -> dict[str, float]:
    call = f"bench_export.measure({fmt!r}, {count}, {neo4j!r})"
    if fmt == "import":
        call = f"bench_export.measure_import({count})"
    script = f"import json, bench_export; print(json.dumps({call}))"
    output = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(__file__).parent,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return dict(json.loads(output.splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000, help="claims to stream")
    parser.add_argument("--in-memory", type=int, default=40_000, help="claims for jsonld/graphml")
    parser.add_argument("--import-claims", type=int, default=200_000, help="claims to read back")
    parser.add_argument("--neo4j", help="also export from this Neo4j (its database is WIPED)")
    parser.add_argument("--neo4j-claims", type=int, default=200_000, help="claims to load there")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--reuse", action="store_true", help="export what Neo4j holds; no load")
    parser.add_argument("--formats", default="", help="comma-separated formats to run (all)")
    args = parser.parse_args()
    runs: list[tuple[str, int, str | None]] = [
        (fmt, args.claims, None) for fmt in ("nq", "nt", "trig", "ttl")
    ]
    runs += [(fmt, args.in_memory, None) for fmt in ("jsonld", "graphml", "nq")]
    runs += [("import", args.import_claims, None)]
    if args.neo4j:
        if not args.reuse:
            seconds = load_neo4j(args.neo4j, args.neo4j_claims)
            print(f"loaded {args.neo4j_claims:,} synthetic claims in {seconds:.0f} s")
        runs = [(fmt, 0, args.neo4j) for fmt in ("nq", "nt", "trig", "ttl")]
    if args.formats:
        runs = [run for run in runs if run[0] in args.formats.split(",")]
    header = ("format", "claims", "seconds", "claims/s", "MB out", "peak MiB")
    print(f"{header[0]:7} " + " ".join(f"{h:>10}" for h in header[1:]))
    results = []  # for --json (benchmarks/run_all.py)
    for fmt, count, neo4j in runs:
        r = _run(fmt, count, neo4j)
        results.append({"format": fmt, "from_neo4j": bool(neo4j), **r})
        print(
            f"{fmt + ('*' if neo4j else ''):7} {int(r['claims']):>10,} {r['seconds']:>10.1f} "
            f"{r['claims'] / r['seconds']:>10,.0f} {r['bytes'] / 1e6:>10.1f} {r['peak_mib']:>10.0f}"
        )

    if args.neo4j:
        print("* read from Neo4j through Store.read_claims")
    if args.json:
        args.json.write_text(json.dumps({"runs": results}))


if __name__ == "__main__":
    main()
