"""Benchmark kg viz: generation time, file size and time to a settled first render in Chromium.

For each size, synthetic claims (fixed seed, about two claims per entity, predicates and types
drawn from the schema) become a drawable graph and a page; the page is then opened in headless
Debian chromium (selenium + /usr/bin/chromedriver, network emulated offline) and timed until the
page reports its settled first render (physics stabilised and stopped, or, above 500 nodes, the
first frame with the layout computed in Python).

Usage (figures are printed; nothing is asserted, see STYLE.md X9):

    .venv/bin/python benchmarks/bench_viz.py [--sizes 100,1000,5000] [--keep DIR]
    .venv/bin/python benchmarks/bench_viz.py --screenshot docs/graph.png --claims claims.jsonl

``--screenshot`` draws a claims file (e.g. ``kg extract examples/ -o claims.jsonl``) and saves a
screenshot of the settled page: the README's docs/graph.png.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from kg.claims import Article, Claim, Entity, Evidence, Extractor, read_claims
from kg.drawable import graph_from_claims
from kg.html import render
from kg.schema import Schema

FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--proxy-server=http://127.0.0.1:9",
    "--window-size=1400,900",
]
ID_FORMS = {
    "Country": lambda i: "".join(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[(i // 26**k) % 26] for k in (2, 1, 0)
    ),
    "Organization": lambda i: f"O{i}",
    "Group": lambda i: f"group:g-{i}",
    "Person": lambda i: f"person:p-{i}",
    "Topic": lambda i: f"topic:t-{i}",
    "Region": lambda i: f"region:r-{i}",
}


def synthetic_claims(nodes: int, schema: Schema, *, seed: int = 11) -> list[Claim]:
    """About two claims per entity, every entity in at least one; partners drawn with Zipf weights,
    so that, as in the news, a few actors take part in most relations."""
    rng = random.Random(seed)
    types = sorted(ID_FORMS)
    kinds = [rng.choice(types) for _ in range(nodes)]
    entities = [Entity(ID_FORMS[t](i), f"{t} {i}", t) for i, t in enumerate(kinds)]
    actors = [e for e in entities if schema.entity_types[e.type].is_actor]
    weights = [1 / (rank + 1) for rank in range(len(actors))]
    tool = Extractor("bench", "1")
    claims = []
    for i, entity in enumerate(entities * 2):
        partner = rng.choices(actors, weights)[0]
        subject, obj = (entity, partner) if entity in actors and i % 2 else (partner, entity)
        allowed = [p for p in schema.predicate_names if schema.allows(subject.type, p, obj.type)]
        if subject == obj or not allowed:
            continue
        article = Article(
            f"art-{i // 5}",
            title=f"Article {i // 5}",
            url=f"https://news.example/{i}",
            published=f"202{i % 5}-0{1 + i % 9}-1{i % 10}",
            source="Wire",
            lang="en",
        )
        sentence = f"Synthetic sentence {i}."
        claims.append(Claim(subject, rng.choice(allowed), obj, Evidence(sentence, 0, len(sentence)),
                            article, tool, confidence=rng.choice((0.4, 0.7, 0.9))))  # fmt: skip
    return claims


@contextmanager
def chromium() -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    with tempfile.TemporaryDirectory() as profile:
        for flag in [*FLAGS, f"--user-data-dir={profile}"]:
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        driver.execute_cdp_cmd(
            "Network.emulateNetworkConditions",
            {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
        )
        try:
            yield driver
        finally:
            driver.quit()


def settle(driver: webdriver.Chrome, path: Path, *, timeout: float = 300.0) -> float:
    """Open the page; return milliseconds from navigation start to its settled first render."""
    driver.get("about:blank")
    driver.get(path.resolve().as_uri())
    deadline = time.monotonic() + timeout
    while not driver.execute_script("return window.kgReady === true"):
        if time.monotonic() > deadline:
            raise SystemExit(f"{path}: no settled render within {timeout:.0f} s")
        time.sleep(0.05)
    return float(driver.execute_script("return window.kgRenderMs"))


def bench(sizes: list[int], keep: Path | None) -> list[dict[str, float]]:
    """Draw, render and open a page of each size; print a table, return the same figures."""
    schema = Schema.load()
    results: list[dict[str, float]] = []
    folder = keep or Path(tempfile.mkdtemp(prefix="bench-viz-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"{'nodes':>6} {'edges':>6} {'claims':>6} {'graph s':>8} {'html s':>7} {'size MB':>8} "
          f"{'settled ms':>10}")  # fmt: skip
    with chromium() as driver:
        for size in sizes:
            claims = synthetic_claims(size, schema)
            start = time.perf_counter()
            drawable = graph_from_claims(claims, schema=schema)
            built = time.perf_counter()
            page = render(drawable, schema=schema, title=f"{size} entities")
            rendered = time.perf_counter()
            path = folder / f"graph-{size}.html"
            path.write_text(page, encoding="utf-8")
            settled = settle(driver, path)
            graph = drawable.graph
            result = {
                "entities": size,
                "nodes": graph.number_of_nodes(),
                "edges": graph.number_of_edges(),
                "claims": len(claims),
                "graph_s": built - start,
                "html_s": rendered - built,
                "bytes": len(page.encode()),
                "settled_ms": settled,
            }
            results.append(result)
            print(f"{result['nodes']:>6} {result['edges']:>6} {len(claims):>6} "
                  f"{built - start:>8.2f} {rendered - built:>7.2f} "
                  f"{result['bytes'] / 1e6:>8.2f} {settled:>10.0f}", flush=True)  # fmt: skip
    print(f"pages in {folder}", file=sys.stderr)
    return results


def screenshot(claims_file: Path, target: Path) -> None:
    schema = Schema.load()
    drawable = graph_from_claims(read_claims(claims_file), schema=schema)
    with tempfile.TemporaryDirectory() as folder, chromium() as driver:
        page = Path(folder) / "graph.html"
        page.write_text(render(drawable, schema=schema, title="kg: the example articles"), "utf-8")
        settle(driver, page)
        target.parent.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(target))
    print(f"wrote {target}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,1000,5000", help="Entity counts, comma-separated.")
    parser.add_argument("--keep", type=Path, help="Keep the generated pages in this folder.")
    parser.add_argument("--screenshot", type=Path, help="Save a screenshot of --claims here.")
    parser.add_argument("--claims", type=Path, help="A claims JSONL file for --screenshot.")
    parser.add_argument("--json", type=Path, help="Also write the figures to this JSON file.")
    args = parser.parse_args()
    if args.screenshot:
        if not args.claims:
            parser.error("--screenshot needs --claims FILE")
        screenshot(args.claims, args.screenshot)
    else:
        results = bench([int(s) for s in args.sizes.split(",")], args.keep)
        if args.json:  # read by benchmarks/run_all.py
            args.json.write_text(json.dumps({"sizes": results}), encoding="utf-8")


if __name__ == "__main__":
    main()
