"""Benchmark the canned queries on a synthetic graph: median and p95 latency per query.

The target database is WIPED and refilled (unless --reuse), so it must be a scratch server,
never the user's:

    .venv/bin/python benchmarks/bench_queries.py --uri bolt://127.0.0.1:17703 \\
        --password devpassword123 --wipe-database                 # 100,000 claims (bounded)
    .venv/bin/python benchmarks/bench_queries.py ... --claims 1000000   # the real run
    .venv/bin/python benchmarks/bench_queries.py ... --reuse --profile  # query again, with plans

The synthetic graph: ~2,000 entities of every type (skewed popularity, so a few hubs have
thousands of claims, as in news), 100 claims an article, 50 sources, five languages, dates over
2020-2024, 5% denials, 10% attributed claims; loaded through Store.load_claims so it has the real
model. Each query runs --runs times with parameters drawn from the data (different actors,
topics and dates each time) after one warm-up run; figures go to stdout. --profile adds the
database hits and the scan operators of each query's plan (PROFILE), to find whole-graph scans.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import neo4j
from synthetic import synthetic_entity

from kg.catalogue import Catalogue, Query
from kg.claims import Article, Claim, Entity, Evidence, Extractor
from kg.schema import Schema
from kg.store import Store

SEED = 20261127
LANGS = ("en", "sv", "de", "fr", "es")
# type -> share of the entities
SHARES = {
    "Country": 0.12,
    "Organization": 0.05,
    "Group": 0.13,
    "Person": 0.2,
    "Topic": 0.45,
    "Region": 0.05,
}
# Parameterised lookups (target: median < 100 ms) versus whole-graph reports.
LOOKUPS = {
    "actor-profile",
    "partners",
    "adversaries",
    "stance-on-topic",
    "alignment",
    "evidence",
    "timeline",
    "path",
    "stance-shifts",
    "new-claims",
}


def make_entities(count: int) -> dict[str, list[Entity]]:
    """Entities with valid, distinct ids, by type."""
    return {
        type_name: [synthetic_entity(type_name, n) for n in range(max(2, int(count * share)))]
        for type_name, share in SHARES.items()
    }


class Picker:
    """Draw entities of given types with a skewed (Zipf-like) popularity."""

    def __init__(self, by_type: dict[str, list[Entity]], rng: random.Random) -> None:
        self.rng = rng
        self.by_type = by_type
        self.weights = {
            t: [1 / (i + 1) ** 0.9 for i in range(len(es))] for t, es in by_type.items()
        }

    def pick(self, types: tuple[str, ...]) -> Entity:
        sizes = [sum(self.weights[t]) for t in types]
        type_name = self.rng.choices(types, weights=sizes)[0]
        return self.rng.choices(self.by_type[type_name], weights=self.weights[type_name])[0]


def make_claims(total: int, by_type: dict[str, list[Entity]], schema: Schema) -> Iterator[Claim]:
    """Yield claims article by article (100 an article)."""
    rng = random.Random(SEED)
    picker = Picker(by_type, rng)
    actors = {t for t in by_type if schema.entity_type(t).is_actor}
    predicates = schema.predicate_names
    # Stances and contacts are most of the news; structural claims are rare.
    weights = [0.3 if p in ("MEMBER_OF", "LEADER_OF", "CLAIMS") else 1.0 for p in predicates]
    extractor = Extractor("synthetic", "1")
    start = dt.date(2020, 1, 1)
    per_article = 100
    for n in range((total + per_article - 1) // per_article):
        article = Article(
            id=f"bench-{n:07d}",
            title=f"Article {n}",
            url=f"https://bench.example/{n}",
            published=(start + dt.timedelta(days=rng.randrange(5 * 365))).isoformat(),
            source=f"Source {rng.randrange(50)}",
            lang=LANGS[n % len(LANGS)],
        )
        for k in range(min(per_article, total - n * per_article)):
            predicate = schema.predicate(rng.choices(predicates, weights=weights)[0])
            subject = picker.pick(tuple(sorted(actors & set(predicate.subject))))
            obj = picker.pick(tuple(sorted(predicate.object)))
            while obj.id == subject.id:
                obj = picker.pick(tuple(sorted(predicate.object)))
            attributed = picker.pick(("Country", "Person")) if rng.random() < 0.1 else None
            sentence = f"Sentence {k} of article {n}: {subject.label} and {obj.label}."
            yield Claim(
                subject=subject,
                predicate=predicate.name,
                object=obj,
                evidence=Evidence(sentence, k * 100, k * 100 + len(sentence), article.lang),
                article=article,
                extractor=extractor,
                polarity="negative" if rng.random() < 0.05 else "positive",
                attributed_to=attributed,
                confidence=round(rng.uniform(0.5, 1.0), 3),
            )


def check_scratch(store: Store) -> None:
    """Refuse to wipe a database that holds anything but this benchmark's own articles."""
    other = store.read(
        "MATCH (a:Article) WHERE NOT a.id STARTS WITH 'bench-' RETURN count(a) AS n"
    ).records[0]["n"]
    if other:
        sys.exit(
            f"error: the database at {store.uri} holds {other} articles that are not this "
            "benchmark's; refusing to wipe it. Point --uri at a scratch server."
        )


def wipe(store: Store) -> None:
    """Delete everything in small transactions: relationships first, so that deleting a hub
    entity never holds its tens of thousands of relationships in one transaction's memory."""
    check_scratch(store)
    for statement in (
        "MATCH ()-[r]->() WITH r LIMIT 20000 DELETE r RETURN count(*) AS n",
        "MATCH (n) WITH n LIMIT 20000 DELETE n RETURN count(*) AS n",
    ):
        while store.write(statement).records[0]["n"]:
            pass


def load(store: Store, claims: Iterator[Claim], *, bulk: bool) -> dict[str, Any]:
    """Load through Store.load_claims, or (bulk) write the same model with plain CREATEs;
    return the number of claims, the seconds and the loader."""
    wipe(store)
    store.ensure_schema()
    started = time.perf_counter()
    if bulk:
        count = bulk_load(store, claims)
        summary = f"{count:,} claims (bulk)"
    else:
        report = store.load_claims(claims)
        count, summary = report.claims, report.summary()
    seconds = time.perf_counter() - started
    print(f"loaded: {summary} in {seconds:.0f} s ({count / seconds:,.0f} claims/s)", flush=True)
    return {"claims": count, "seconds": seconds, "loader": "bulk" if bulk else "store"}


# The bulk path writes the model of kg/store.py without its per-batch bookkeeping (locks,
# digests, summary recomputation after every batch), which makes a 1,000,000-claim graph a
# matter of minutes on a shared 2-core machine. --check-model proves that both paths give the
# same graph. Claim properties come from the store's own row builder.
BULK_ENTITIES = """
UNWIND $rows AS row
CREATE (n:Entity {id: row.id, name: row.name, aliases: []})
SET n:`{label}`
"""
BULK_ARTICLES = """
UNWIND $rows AS row
MERGE (s:Source {name: row.source})
CREATE (a:Article {id: row.id})
SET a += row.props, a.loaded_at = $now
CREATE (a)-[:PUBLISHED_BY]->(s)
"""
BULK_CLAIMS = """
UNWIND $rows AS row
MATCH (a:Article {id: row.article})
MATCH (s:Entity {id: row.subject})
MATCH (o:Entity {id: row.object})
CREATE (c:Claim {id: row.id})
SET c += row.props, c.extracted_at = $now
CREATE (c)-[:SUBJECT]->(s)
CREATE (c)-[:OBJECT]->(o)
CREATE (c)-[:STATED_IN]->(a)
FOREACH (t_id IN CASE WHEN row.attributed_to IS NULL THEN [] ELSE [row.attributed_to] END |
  MERGE (t:Entity {id: t_id})
  CREATE (c)-[:ATTRIBUTED_TO]->(t))
"""
# The same aggregation as the store's RECOMPUTE_SUMMARIES, for every triple of one predicate.
BULK_SUMMARIES = """
MATCH (c:Claim {{predicate: $predicate}})-[:STATED_IN]->(a:Article)
WHERE c.polarity = 'positive'
OPTIONAL MATCH (a)-[:PUBLISHED_BY]->(src:Source)
WITH c.triple AS triple, a, src, count(c) AS n, max(c.confidence) AS best
WITH triple, sum(n) AS claims, count(a) AS articles, count(DISTINCT src) AS sources,
     min(a.published) AS first_seen, max(a.published) AS last_seen,
     1.0 - reduce(p = 1.0, x IN collect(best) | p * (1.0 - x)) AS confidence
WITH split(triple, '|') AS t, claims, articles, sources, first_seen, last_seen, confidence
MATCH (s:Entity {{id: t[0]}})
MATCH (o:Entity {{id: t[2]}})
CALL (s, o, claims, articles, sources, first_seen, last_seen, confidence) {{
  CREATE (s)-[r:`{type}`]->(o)
  SET r.claims = claims, r.articles = articles, r.sources = sources,
      r.first_seen = first_seen, r.last_seen = last_seen, r.confidence = round(confidence, 3)
}} IN TRANSACTIONS OF 10000 ROWS
"""


def bulk_load(store: Store, claims: Iterator[Claim], batch: int = 5_000) -> int:
    from kg.store import _BatchWriter  # the store's own claim row builder (same properties)

    writer = _BatchWriter(store, [])
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    seen_entities: set[str] = set()
    seen_articles: set[str] = set()
    count = 0
    pending: list[Claim] = []

    def flush() -> None:
        entities: dict[str, list[dict[str, str]]] = {}
        articles = []
        for claim in pending:
            for entity in (claim.subject, claim.object, claim.attributed_to):
                if entity is not None and entity.id not in seen_entities:
                    seen_entities.add(entity.id)
                    entities.setdefault(entity.type, []).append(
                        {"id": entity.id, "name": entity.label}
                    )
            article = claim.article
            if article.id not in seen_articles:
                seen_articles.add(article.id)
                props = {
                    "url": article.url,
                    "title": article.title,
                    "published": article.published,
                    "lang": article.lang,
                    "extractor": claim.extractor.name,
                    "extractor_version": claim.extractor.version,
                }
                articles.append({"id": article.id, "source": article.source, "props": props})
        for type_name, entity_rows in sorted(entities.items()):
            label = store.schema.entity_type(type_name).label
            store.write(BULK_ENTITIES.replace("{label}", label), {"rows": entity_rows})
        store.write(BULK_ARTICLES, {"rows": articles, "now": now})
        claim_rows = [writer._claim_row(claim) for claim in pending]
        store.write(BULK_CLAIMS, {"rows": claim_rows, "now": now})
        pending.clear()

    for claim in claims:
        pending.append(claim)
        count += 1
        if len(pending) >= batch:
            flush()
            if count % 100_000 == 0:
                print(f"  written {count:,} claims", file=sys.stderr, flush=True)
    if pending:
        flush()
    for predicate in store.schema.predicate_names:
        with store.driver.session(database=store.database) as session:
            session.run(
                BULK_SUMMARIES.format(type=store.schema.predicate(predicate).name),
                predicate=predicate,
            ).consume()
    return count


SNAPSHOT = (
    "MATCH (n) RETURN 'node' AS kind, labels(n) AS what, count(*) AS n ORDER BY what",
    "MATCH ()-[r]->() RETURN 'rel' AS kind, type(r) AS what, count(*) AS n ORDER BY what",
    "MATCH (s:Entity)-[r]->(o:Entity) RETURN s.id AS s, type(r) AS p, o.id AS o, "
    "r {.claims, .articles, .sources, .first_seen, .last_seen, .confidence} AS summary "
    "ORDER BY s, p, o",
    "MATCH (c:Claim) RETURN c.id AS id, c {.*, extracted_at: null} AS claim ORDER BY id",
    "MATCH (e:Entity) RETURN e {.*} AS e, labels(e) AS labels ORDER BY e.id",
)


def check_model(store: Store, args: argparse.Namespace) -> bool:
    """Load a sample both ways and compare the graphs; print the verdict."""
    snapshots = []
    for bulk in (False, True):
        by_type = make_entities(args.entities)
        load(store, make_claims(args.claims, by_type, store.schema), bulk=bulk)
        snapshots.append([store.read(q).data() for q in SNAPSHOT])
    same = snapshots[0] == snapshots[1]
    print(f"model check on {args.claims:,} claims: bulk graph == Store.load_claims graph: {same}")
    return same


class Params:
    """Parameters for each query, drawn from what is in the graph."""

    def __init__(self, store: Store, rng: random.Random) -> None:
        self.rng = rng
        rows = store.read(
            "MATCH (e:Entity) RETURN e.id AS id, [x IN labels(e) WHERE x <> 'Entity'][0] AS type,"
            " COUNT { (e)<-[:SUBJECT|OBJECT]-() } AS claims"
        )
        self.entities: dict[str, list[str]] = {}
        for row in rows:
            self.entities.setdefault(row["type"], []).append(row["id"])
        self.hub = max(rows, key=lambda r: r["claims"])
        self.triples = [
            (r["s"], r["p"], r["o"])
            for r in store.read(
                "MATCH (s:Entity)-[r]->(o:Entity) WITH s, r, o LIMIT 20000 "
                "RETURN s.id AS s, type(r) AS p, o.id AS o"
            )
        ]
        dates = store.read("MATCH (a:Article) RETURN max(a.published) AS last").records[0]
        self.last = dt.date.fromisoformat(dates["last"])

    def actor(self) -> str:
        return self.rng.choice(self.entities["Country"] + self.entities["Organization"])

    def topic(self) -> str:
        return self.rng.choice(self.entities["Topic"])

    def date(self) -> str:
        return (self.last - dt.timedelta(days=self.rng.randrange(1, 5 * 365))).isoformat()

    def recent(self) -> str:
        return (self.last - dt.timedelta(days=self.rng.randrange(1, 14))).isoformat()

    def for_query(self, name: str) -> dict[str, str]:
        a, b = self.actor(), self.actor()
        s, p, o = self.rng.choice(self.triples)
        month = self.date()
        until = (dt.date.fromisoformat(month) + dt.timedelta(days=30)).isoformat()
        choices: dict[str, Callable[[], dict[str, str]]] = {
            "actor-profile": lambda: {"actor": a},
            "partners": lambda: {"actor": a},
            "adversaries": lambda: {"actor": a},
            "stance-on-topic": lambda: {"topic": self.topic()},
            "alignment": lambda: {"a": a, "b": b},
            "evidence": lambda: {"subject": s, "predicate": p, "object": o},
            "timeline": lambda: {"a": a, "b": b},
            "path": lambda: {"a": a, "b": b},
            "stance-shifts": lambda: {"at": month, "actor": a},
            "new-claims": lambda: {"since": self.recent()},
            "most-active": lambda: {"since": month, "until": until},
            "network-edges": lambda: {"since": month, "until": until},
        }
        return choices.get(name, dict)()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def profile(store: Store, query: Query, params: dict[str, Any]) -> tuple[int, list[str]]:
    """Return the database hits of one run and the scan operators in its plan."""
    with store.driver.session(database=store.database) as session:
        result = session.run("PROFILE " + query.cypher, params)
        list(result)  # the profile is complete only once every row is read
        summary = result.consume()
    scans: list[str] = []
    hits = 0
    stack = [summary.profile] if summary.profile else []
    while stack:
        node = stack.pop()
        hits += int(node.get("dbHits", 0))
        operator = str(node.get("operatorType", "")).split("@")[0]
        if "Scan" in operator:
            detail = node.get("args", {}).get("Details", "")
            scans.append(f"{operator}({detail})")
        stack.extend(node.get("children", []))
    return hits, sorted(set(scans))


def bench(store: Store, args: argparse.Namespace) -> dict[str, Any]:
    """Time every canned query (or --only those); print a table, return the same figures."""
    rng = random.Random(SEED)
    params = Params(store, rng)
    counts = store.read(
        "MATCH (c:Claim) WITH count(c) AS claims MATCH (a:Article) "
        "RETURN claims, count(a) AS articles"
    ).records[0]
    print(
        f"graph: {counts['claims']:,} claims, {counts['articles']:,} articles; "
        f"busiest entity {params.hub['id']} with {params.hub['claims']:,} claims"
    )
    header = f"{'query':<16} {'kind':<7} {'runs':>4} {'median ms':>10} {'p95 ms':>8} {'rows':>6}"
    print(header + ("  db hits  scans" if args.profile else ""))
    results: list[dict[str, Any]] = []
    for query in Catalogue.load():
        if args.only and query.name not in args.only.split(","):
            continue
        kind = "lookup" if query.name in LOOKUPS else "report"
        runs = args.runs if kind == "lookup" else max(3, args.runs // 5)
        bound = [query.bind(params.for_query(query.name)) for _ in range(runs + 1)]
        store.read(query.cypher, bound[0])  # warm-up
        times, rows = [], []
        for values in bound[1:]:
            started = time.perf_counter()
            result = store.read(query.cypher, values)
            times.append((time.perf_counter() - started) * 1000)
            rows.append(len(result))
        result: dict[str, Any] = {
            "query": query.name,
            "kind": kind,
            "runs": runs,
            "median_ms": statistics.median(times),
            "p95_ms": percentile(times, 0.95),
            "rows": statistics.mean(rows),
        }
        line = (
            f"{query.name:<16} {kind:<7} {runs:>4} {result['median_ms']:>10.1f} "
            f"{result['p95_ms']:>8.1f} {result['rows']:>6.0f}"
        )
        if args.profile:
            result["db_hits"], result["scans"] = profile(store, query, bound[0])
            line += f"  {result['db_hits']:>8,}  {', '.join(result['scans']) or '-'}"
        print(line, flush=True)
        results.append(result)
    return {
        "graph": {"claims": counts["claims"], "articles": counts["articles"]},
        "hub": {"id": params.hub["id"], "claims": params.hub["claims"]},
        "queries": results,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uri", required=True)
    parser.add_argument("--user", default="neo4j")
    parser.add_argument("--password", required=True)
    parser.add_argument("--database", default="neo4j")
    parser.add_argument("--claims", type=int, default=100_000, help="1000000 for the real run")
    parser.add_argument("--entities", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=30, help="timed runs per lookup query")
    parser.add_argument("--only", help="comma-separated query names (default: all)")
    parser.add_argument("--reuse", action="store_true", help="query the graph already loaded")
    parser.add_argument("--profile", action="store_true", help="add db hits and scans (PROFILE)")
    parser.add_argument("--wipe-database", action="store_true", help="required unless --reuse")
    parser.add_argument(
        "--loader", choices=("bulk", "store"), default="bulk", help="how to fill the database"
    )
    parser.add_argument(
        "--check-model", action="store_true", help="load --claims both ways and compare graphs"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    if (args.check_model or not args.reuse) and not args.wipe_database:
        parser.error("the benchmark wipes the database; pass --wipe-database (or --reuse)")
    driver = neo4j.GraphDatabase.driver(args.uri, auth=(args.user, args.password))
    with Store(driver, args.database, uri=args.uri) as store:
        if args.check_model:
            return 0 if check_model(store, args) else 1
        loaded = None
        if not args.reuse:
            claims = make_claims(args.claims, make_entities(args.entities), store.schema)
            loaded = load(store, claims, bulk=args.loader == "bulk")
        figures = bench(store, args)
    if args.json:  # read by benchmarks/run_all.py
        args.json.write_text(json.dumps({"load": loaded, **figures}), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
