"""Benchmark Store.load_claims: synthetic claims over ~2,000 entities and 10,000 articles.

The target database is WIPED before each run, so it must be a scratch server (never the user's):

    .venv/bin/python benchmarks/bench_load.py --uri bolt://127.0.0.1:17701 \\
        --password devpassword123 --wipe-database [--articles 10000] [--batch-sizes 500,2000]

First a warm-up: the claims of the first --warmup-articles articles (all of them by default) are
loaded and wiped, so that the figures measure a running server, not the Java JIT compiling
Neo4j's code and the first query plans (that cold rate is printed too). Then, for each batch
size, it loads every claim into an empty database (schema applied first), then loads them again
(every article skipped) and prints claims/s for both. Last, a floor: the store's claim statement
alone over the same claims (entities and articles stored first, no summaries, rows ready), what
any load of them costs at least on this server. Figures go to stdout.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import neo4j
from synthetic import synthetic_entity

from kg.claims import Article, Claim, Entity, Evidence, Extractor
from kg.schema import Schema
from kg.store import CREATE_CLAIMS, Store, _BatchWriter

SEED = 20261127


def entities(rng: random.Random, count: int) -> list[Entity]:
    """Countries, organisations, groups, persons and topics with valid, distinct ids."""
    result: list[Entity] = []
    kinds = [("Country", 0.25), ("Organization", 0.1), ("Group", 0.15), ("Person", 0.2)]
    for kind, share in kinds:
        result.extend(synthetic_entity(kind, n) for n in range(int(count * share)))
    while len(result) < count:
        n = len(result)
        result.append(Entity(f"topic:topic-{n}", f"Topic {n}", "Topic"))
    return result


def claims(articles: int, per_article: int, entity_count: int) -> Iterator[Claim]:
    """Yield claims article by article, with a skewed choice of actors (a few hubs)."""
    rng = random.Random(SEED)
    schema = Schema.load()
    pool = entities(rng, entity_count)
    actors = [e for e in pool if schema.entity_type(e.type).is_actor]
    extractor = Extractor("rules", "1")
    sources = [f"Source {n}" for n in range(40)]
    for n in range(articles):
        article = Article(
            id=f"bench-{n:06d}",
            title=f"Article {n}",
            url=f"https://bench.example/{n}",
            published=f"20{15 + n % 10}-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
            source=sources[n % len(sources)],
            lang="en",
        )
        for k in range(per_article):
            subject = actors[min(int(rng.paretovariate(1.2)) - 1, len(actors) - 1)]
            predicate = rng.choice(schema.predicate_names)
            spec = schema.predicate(predicate)
            if subject.type not in spec.subject:
                predicate, spec = "OPPOSES", schema.predicate("OPPOSES")
            candidates = [e for e in rng.sample(pool, 12) if e.type in spec.object]
            if not candidates:
                continue
            sentence = f"Sentence {k} of article {n} about {subject.label}."
            yield Claim(
                subject=subject,
                predicate=predicate,
                object=candidates[0],
                evidence=Evidence(sentence, k * 80, k * 80 + len(sentence), "en"),
                article=article,
                extractor=extractor,
                polarity="negative" if rng.random() < 0.1 else "positive",
                confidence=round(rng.uniform(0.5, 1.0), 3),
            )


def wipe(driver: neo4j.Driver, database: str) -> None:
    """Delete everything in small transactions, relationships first: a hub entity's DETACH DELETE
    would hold its tens of thousands of relationships in one transaction's memory."""
    for statement in (
        "MATCH ()-[r]->() WITH r LIMIT 20000 DELETE r RETURN count(*) AS n",
        "MATCH (n) WITH n LIMIT 20000 DELETE n RETURN count(*) AS n",
    ):
        while driver.execute_query(statement, database_=database).records[0]["n"]:
            pass


def empty_store(driver: neo4j.Driver, database: str, uri: str | None = None) -> Store:
    """Wipe the database and return a Store on it with the schema applied."""
    wipe(driver, database)
    store = Store(driver, database, uri=uri)
    store.ensure_schema()
    return store


def floor_load(
    driver: neo4j.Driver, database: str, data: list[Claim], batch_size: int
) -> dict[str, float]:
    """Time the store's claim statement alone on an empty database: what a load of these claims
    costs at least, without locking articles, merging entities, summaries or Python work."""
    store = empty_store(driver, database)
    entities = {e.id: e for c in data for e in (c.subject, c.object)}
    driver.execute_query(
        "UNWIND $rows AS row MERGE (e:Entity {id: row.id}) SET e.name = row.name",
        rows=[{"id": e.id, "name": e.label} for e in entities.values()],
        database_=database,
    )
    driver.execute_query(
        "UNWIND $ids AS id MERGE (:Article {id: id})",
        ids=sorted({c.article.id for c in data}),
        database_=database,
    )
    rows = [_BatchWriter(store, [])._claim_row(c) for c in data]
    now = datetime.now(UTC).isoformat(timespec="seconds")
    started = time.perf_counter()
    for start in range(0, len(rows), batch_size):
        driver.execute_query(
            CREATE_CLAIMS, rows=rows[start : start + batch_size], now=now, database_=database
        )
    return {"claims": len(rows), "seconds": time.perf_counter() - started}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uri", required=True)
    parser.add_argument("--user", default="neo4j")
    parser.add_argument("--password", required=True)
    parser.add_argument("--database", default="neo4j")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--claims-per-article", type=int, default=10)
    parser.add_argument("--entities", type=int, default=2_000)
    parser.add_argument("--batch-sizes", default="500,1000,2000,5000")
    parser.add_argument(
        "--warmup-articles", type=int, help="default: as many as --articles; 0: no warm-up"
    )
    parser.add_argument("--wipe-database", action="store_true", help="required: it is wiped")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    if not args.wipe_database:
        parser.error("the benchmark wipes the database; pass --wipe-database to confirm")
    data = list(claims(args.articles, args.claims_per_article, args.entities))
    print(
        f"{len(data):,} claims, {args.articles:,} articles, {args.entities:,} entities; "
        f"Neo4j at {args.uri}"
    )
    runs = []  # for --json (benchmarks/run_all.py)
    warmup: dict[str, float] = {}
    with neo4j.GraphDatabase.driver(args.uri, auth=(args.user, args.password)) as driver:
        warmup_articles = args.articles if args.warmup_articles is None else args.warmup_articles
        if warmup_articles:
            first_ids = {f"bench-{n:06d}" for n in range(warmup_articles)}
            sample = [c for c in data if c.article.id in first_ids]
            store = empty_store(driver, args.database, uri=args.uri)
            started = time.perf_counter()
            store.load_claims(sample, batch_size=int(args.batch_sizes.split(",")[-1]))
            seconds = time.perf_counter() - started
            warmup = {"claims": len(sample), "seconds": seconds}
            print(
                f"warm-up (cold server): {len(sample):,} claims in {seconds:.1f} s, "
                f"{len(sample) / seconds:,.0f} claims/s; wiped"
            )
        print(
            f"{'batch':>6} {'first load s':>13} {'claims/s':>10} {'reload s':>9} {'claims/s':>10}"
        )
        for batch_size in (int(x) for x in args.batch_sizes.split(",")):
            store = empty_store(driver, args.database, uri=args.uri)
            started = time.perf_counter()
            report = store.load_claims(data, batch_size=batch_size)
            first = time.perf_counter() - started
            started = time.perf_counter()
            again = store.load_claims(data, batch_size=batch_size)
            second = time.perf_counter() - started
            assert report.claims == len(data) and again.skipped == args.articles, (report, again)
            print(
                f"{batch_size:>6} {first:>13.1f} {len(data) / first:>10,.0f} "
                f"{second:>9.1f} {len(data) / second:>10,.0f}"
            )
            sys.stdout.flush()
            runs.append({"batch_size": batch_size, "first_s": first, "reload_s": second})
        floor = floor_load(driver, args.database, data, max(r["batch_size"] for r in runs))
        print(
            f"floor, the claims alone (kg's CREATE_CLAIMS, rows ready, entities and articles "
            f"stored first, no summaries): {floor['seconds']:.1f} s, "
            f"{floor['claims'] / floor['seconds']:,.0f} claims/s"
        )
        wipe(driver, args.database)  # leave the scratch database empty for whoever uses it next
    if args.json:
        figures = {
            "claims": len(data),
            "articles": args.articles,
            "runs": runs,
            "warmup": warmup,
            "floor": floor,
        }
        args.json.write_text(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
