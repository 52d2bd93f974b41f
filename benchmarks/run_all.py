"""Run every benchmark once and compare its figures with the issues' targets (``./run bench``).

One scratch Neo4j of its own (its own home in a temporary folder, free ports, a random password)
serves the load and query benchmarks; it is stopped at the end, also after a failure, Ctrl-C or
SIGTERM. Each benchmark runs as a subprocess with ``--json`` (extract, load, queries, viz, export);
its output goes to stderr as it comes. At the end one table goes to stdout (benchmark, figure,
value, target, met/missed) and everything, with the machine it ran on, to benchmarks/results.json.

    ./run bench                                  # the default sizes: about 15 minutes on 2 cores
    ./run bench --quick                          # a smoke run of tiny sizes (tests/test_bench.py)
    ./run bench --only extract,viz               # some benchmarks only
    NEO4J_PASSWORD=... ./run bench --uri bolt://127.0.0.1:17830   # that server is WIPED
    .venv/bin/python benchmarks/run_all.py --from benchmarks/results.json --markdown

``--markdown`` prints the table as Markdown (the README's Performance section and
docs/scaling.md quote it); with ``--from FILE`` it renders a saved run without running anything.
Exit status: 0 when every benchmark ran (missed targets are figures, not failures), 1 otherwise.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
BENCHMARKS = ("extract", "load", "queries", "viz", "export")
# Sizes of a full run (the issues' sizes, the query graph sized for ~15 minutes on 2 busy cores)
# and of --quick.
SIZES: dict[str, dict[str, Any]] = {
    "full": {
        "extract_articles": 1000,
        "spacy": True,
        "load_articles": 10_000,
        "load_batch_size": 5000,
        "query_claims": 300_000,
        "query_entities": 2000,
        "query_runs": 30,
        "viz_sizes": "100,1000,5000",
        "export_claims": 1_000_000,
        "export_in_memory": 5000,
        "import_claims": 200_000,
    },
    "quick": {
        "extract_articles": 5,
        "spacy": False,
        "load_articles": 20,
        "load_batch_size": 5000,
        "query_claims": 500,
        "query_entities": 100,
        "query_runs": 3,
        "viz_sizes": "20",
        "export_claims": 200,
        "export_in_memory": 20,
        "import_claims": 100,
    },
}
LOOKUP_TARGET_MS = 100.0
# A GDELT-sized stream ("hundreds of thousands of articles a day", issue 8), and how far above
# the day's average rate the busiest hour goes.
STREAM_ARTICLES_PER_DAY = 300_000
PEAK_FACTOR = 3
WIPE = (
    "MATCH ()-[r]->() WITH r LIMIT 20000 DELETE r RETURN count(*) AS n",
    "MATCH (n) WITH n LIMIT 20000 DELETE n RETURN count(*) AS n",
)


@dataclass(frozen=True, slots=True)
class Target:
    """A figure's target: ``op`` is '>=', '<=', '<' or '>'."""

    op: str
    value: float

    def is_met(self, value: float) -> bool:
        return {
            ">=": value >= self.value,
            "<=": value <= self.value,
            "<": value < self.value,
            ">": value > self.value,
        }[self.op]

    def __str__(self) -> str:
        return f"{self.op} {_number(self.value)}"


@dataclass(frozen=True, slots=True)
class Figure:
    """One measured figure; ``headline`` figures make the short table (``--summary``)."""

    benchmark: str
    figure: str
    value: float
    unit: str
    target: str | None = None
    met: bool | None = None
    headline: bool = True


def figure(
    benchmark: str,
    name: str,
    value: float,
    unit: str,
    target: Target | None = None,
    *,
    headline: bool = True,
) -> Figure:
    """Return a Figure, judged against its target when it has one."""
    if target is None:
        return Figure(benchmark, name, value, unit, headline=headline)
    return Figure(benchmark, name, value, unit, str(target), target.is_met(value), headline)


def _number(value: float) -> str:
    if value >= 100 or value == int(value):
        return f"{value:,.0f}"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


# --- one pair of functions a benchmark: its arguments, and its JSON turned into figures --------


def extract_args(sizes: dict[str, Any], neo4j: dict[str, str]) -> list[str]:
    args = ["--articles", str(sizes["extract_articles"])]
    return args if sizes["spacy"] else [*args, "--skip-spacy"]


def extract_figures(data: dict[str, Any]) -> list[Figure]:
    one, two = data["extract"]
    n = f"{one['articles']:,} articles"
    result = [
        figure("extract", f"{n}, one process: articles/s", one["articles"] / one["seconds"],
               "articles/s", Target(">=", 100)),
        figure("extract", f"{n}, one process: words/s", one["words"] / one["seconds"],
               "words/s", Target(">=", 60_000)),
        figure("extract", f"{n}, one process: articles per CPU-second",
               one["articles"] / one["cpu_s"], "articles/s"),
        figure("extract", f"{n}, one process: peak memory", one["rss_mb"], "MB",
               Target("<", 500)),
        figure("extract", f"{n}, --jobs 2: articles/s", two["articles"] / two["seconds"],
               "articles/s"),
        figure("extract", "--jobs 2 speed-up over one process (with start-up)",
               one["seconds"] / two["seconds"], "x", Target(">", 1)),
    ]  # fmt: skip
    spacy = data.get("spacy")
    if spacy:
        ratio = spacy["cpu_s"] / one["per_lang_s"]["fr"]
        result.append(
            figure("extract", "spaCy fr_core_news_sm parse CPU / kg fr extraction CPU", ratio,
                   "x", Target(">=", 5))
        )  # fmt: skip
    return result


def load_args(sizes: dict[str, Any], neo4j: dict[str, str]) -> list[str]:
    return [
        *_server_args(neo4j),
        "--wipe-database",
        "--articles",
        str(sizes["load_articles"]),
        "--batch-sizes",
        str(sizes["load_batch_size"]),
    ]


def load_figures(data: dict[str, Any]) -> list[Figure]:
    result = []
    n = f"{data['claims']:,} claims, {data['articles']:,} articles"
    for run in data["runs"]:
        batch = f"batch {run['batch_size']:,}"
        result += [
            figure("load", f"{n}, {batch}: claims/s", data["claims"] / run["first_s"],
                   "claims/s", Target(">=", 10_000)),
            figure("load", f"reload (every article skipped), {batch}: claims/s",
                   data["claims"] / run["reload_s"], "claims/s", headline=False),
        ]  # fmt: skip
    if data.get("floor"):  # absent from results of runs before the floor existed
        floor = data["floor"]
        result.append(
            figure("load", "floor: the claims alone, without summaries or Python: claims/s",
                   floor["claims"] / floor["seconds"], "claims/s", headline=False)
        )  # fmt: skip
    if data.get("warmup"):  # absent from results of runs before the warm-up existed
        warm = data["warmup"]
        result.append(
            figure("load", f"cold server, warm-up load of {warm['claims']:,} claims: claims/s",
                   warm["claims"] / warm["seconds"], "claims/s", headline=False)
        )  # fmt: skip
    return result


def queries_args(sizes: dict[str, Any], neo4j: dict[str, str]) -> list[str]:
    return [
        *_server_args(neo4j),
        "--wipe-database",
        "--claims",
        str(sizes["query_claims"]),
        "--entities",
        str(sizes["query_entities"]),
        "--runs",
        str(sizes["query_runs"]),
    ]


def queries_figures(data: dict[str, Any]) -> list[Figure]:
    n = f"{data['graph']['claims']:,} claims"
    result = []
    if data.get("load"):
        load = data["load"]
        result.append(
            figure("queries", f"bulk load of the {n} graph", load["claims"] / load["seconds"],
                   "claims/s", headline=False)
        )  # fmt: skip
    lookups = [q for q in data["queries"] if q["kind"] == "lookup"]
    reports = [q for q in data["queries"] if q["kind"] == "report"]
    for kind, queries, target in (("lookup", lookups, True), ("report", reports, False)):
        if queries:
            slowest = max(queries, key=lambda q: q["median_ms"])
            result.append(
                figure("queries", f"{n}: slowest {kind} median ({slowest['query']})",
                       slowest["median_ms"], "ms",
                       Target("<", LOOKUP_TARGET_MS) if target else None)
            )  # fmt: skip
    for query in data["queries"]:
        target = Target("<", LOOKUP_TARGET_MS) if query["kind"] == "lookup" else None
        result.append(
            figure("queries", f"{query['query']} ({query['kind']}): median", query["median_ms"],
                   "ms", target, headline=False)
        )  # fmt: skip
    return result


def viz_args(sizes: dict[str, Any], neo4j: dict[str, str]) -> list[str]:
    return ["--sizes", sizes["viz_sizes"], "--keep", neo4j["scratch"]]


def viz_figures(data: dict[str, Any]) -> list[Figure]:
    result = []
    largest = max(size["nodes"] for size in data["sizes"])
    for size in data["sizes"]:
        nodes = f"{size['nodes']:,} nodes"
        headline = size["nodes"] == largest
        result += [
            figure("viz", f"{nodes}: graph + HTML generation", size["graph_s"] + size["html_s"],
                   "s", headline=headline),
            figure("viz", f"{nodes}: page size", size["bytes"] / 1e6, "MB", headline=headline),
            figure("viz", f"{nodes}: settled first render in Chromium", size["settled_ms"], "ms",
                   headline=headline),
        ]  # fmt: skip
    return result


def export_args(sizes: dict[str, Any], neo4j: dict[str, str]) -> list[str]:
    return [
        "--claims",
        str(sizes["export_claims"]),
        "--in-memory",
        str(sizes["export_in_memory"]),
        "--import-claims",
        str(sizes["import_claims"]),
    ]


EXPORT_NAMES = {
    "nq": "N-Quads streamed",
    "nt": "N-Triples streamed",
    "trig": "TriG streamed",
    "ttl": "Turtle streamed",
    "import": "reading N-Quads back (kg import's parser)",
}


def export_figures(data: dict[str, Any]) -> list[Figure]:
    result = []
    seen: set[str] = set()
    for run in data["runs"]:
        if run["format"] in seen:  # nq again at the in-memory size: a comparison, not a figure
            continue
        seen.add(run["format"])
        n = f"{EXPORT_NAMES.get(run['format'], run['format'])}, {run['claims']:,} claims"
        streamed = run["format"] in ("nq", "nt", "trig", "ttl")
        headline = run["format"] in ("nq", "import")
        result += [
            figure("export", f"{n}: claims/s", run["claims"] / run["seconds"], "claims/s",
                   headline=headline),
            figure("export", f"{n}: peak memory", run["peak_mib"], "MiB",
                   Target("<", 2048) if streamed else None, headline=headline),
        ]  # fmt: skip
    return result


STEPS: dict[str, tuple[Callable[..., list[str]], Callable[[dict[str, Any]], list[Figure]]]] = {
    "extract": (extract_args, extract_figures),
    "load": (load_args, load_figures),
    "queries": (queries_args, queries_figures),
    "viz": (viz_args, viz_figures),
    "export": (export_args, export_figures),
}


def _server_args(neo4j: dict[str, str]) -> list[str]:
    return ["--uri", neo4j["uri"], "--user", neo4j["user"], "--password", neo4j["password"]]


# --- running ------------------------------------------------------------------------------------


def run_step(name: str, args: list[str], folder: Path) -> tuple[dict[str, Any], str]:
    """Run benchmarks/bench_NAME.py with --json; echo its output to stderr; return both."""
    target = folder / f"{name}.json"
    command = [sys.executable, str(HERE / f"bench_{name}.py"), *args, "--json", str(target)]
    lines: list[str] = []
    with subprocess.Popen(
        command,
        cwd=HERE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    ) as process:
        assert process.stdout is not None
        try:
            for line in process.stdout:
                lines.append(line)
                print(f"  {line}", end="", file=sys.stderr, flush=True)
        except BaseException:  # Ctrl-C or SIGTERM: the benchmark stops with us
            process.kill()
            raise
        status = process.wait()
    output = "".join(lines)
    if status != 0:
        last = lines[-1].strip() if lines else "no output"
        raise RuntimeError(f"bench_{name}.py exited with status {status}: {last}")
    return json.loads(target.read_text(encoding="utf-8")), output


def run_all(
    names: list[str], sizes: dict[str, Any], neo4j: dict[str, str], folder: Path
) -> dict[str, Any]:
    """Run the benchmarks ``names``; return their figures, raw results, outputs and errors."""
    figures: list[Figure] = []
    raw: dict[str, Any] = {}
    outputs: dict[str, str] = {}
    errors: dict[str, str] = {}
    seconds: dict[str, float] = {}
    for name in names:
        make_args, make_figures = STEPS[name]
        print(f"== {name}", file=sys.stderr, flush=True)
        began = time.perf_counter()
        try:
            raw[name], outputs[name] = run_step(name, make_args(sizes, neo4j), folder)
            figures += make_figures(raw[name])
            if name == "queries" and neo4j.get("home"):  # our own server: its files are ours
                raw[name]["disk"] = disk_usage(Path(neo4j["home"]))
                figures += disk_figures(raw[name]["disk"], raw[name]["graph"]["claims"])
        except (RuntimeError, KeyError, ValueError, ZeroDivisionError) as err:
            errors[name] = str(err)
            print(f"== {name} FAILED: {err}", file=sys.stderr, flush=True)
        seconds[name] = time.perf_counter() - began
    return {
        "figures": [asdict(f) for f in figures],
        "seconds": seconds,
        "errors": errors,
        "raw": raw,
        "output": outputs,
    }


def disk_usage(home: Path) -> dict[str, int]:
    """Bytes of the scratch server's store files and transaction logs (database neo4j)."""
    data = home / "data"
    folders = {"store": data / "databases" / "neo4j", "tx_logs": data / "transactions" / "neo4j"}
    return {
        name: sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
        for name, folder in folders.items()
    }


def disk_figures(disk: dict[str, int], claims: int) -> list[Figure]:
    n = f"{claims:,} claims"
    return [
        figure("queries", f"{n}: Neo4j store files per claim", disk["store"] / claims, "bytes"),
        figure("queries", f"{n}: transaction logs per claim", disk["tx_logs"] / claims, "bytes",
               headline=False),
    ]  # fmt: skip


def _free_ports(count: int) -> list[int]:
    with ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(count)]
        for probe in sockets:
            probe.bind(("127.0.0.1", 0))
        return [probe.getsockname()[1] for probe in sockets]


@contextmanager
def scratch_neo4j(folder: Path) -> Iterator[dict[str, str]]:
    """Start a Neo4j of our own in ``folder``; stop it on the way out, whatever happened."""
    from kg import server as runtime
    from kg.config import ServerSettings, Settings, load_server_settings

    bolt, http = _free_ports(2)
    cache = load_server_settings().cache
    server = ServerSettings(folder / "neo4j", bolt, http, heap="1g", pagecache="512m", cache=cache)
    settings = Settings(uri=server.uri, user="neo4j", password=secrets.token_urlsafe(16),
                        database="neo4j")  # fmt: skip
    print(f"== starting a scratch Neo4j at {server.uri} in {server.home}", file=sys.stderr)
    try:
        started = runtime.start(server, settings=settings, timeout=300)
        print(f"   started in {started.seconds:.0f} s", file=sys.stderr, flush=True)
        yield {"uri": server.uri, "user": "neo4j", "password": str(settings.password),
               "database": "neo4j", "version": runtime.neo4j_version(),
               "home": str(server.home)}  # fmt: skip
    finally:
        stopped = runtime.stop(server)
        if stopped.was_running:
            print(f"== stopped the scratch Neo4j ({stopped.seconds:.0f} s)", file=sys.stderr)


@contextmanager
def given_neo4j(uri: str) -> Iterator[dict[str, str]]:
    """Use a server that runs already (NEO4J_USER, NEO4J_PASSWORD); its database is WIPED."""
    import neo4j

    user = os.environ.get("NEO4J_USER") or "neo4j"
    password = os.environ.get("NEO4J_PASSWORD")
    if not password:
        raise SystemExit("error: --uri needs NEO4J_PASSWORD in the environment")
    with neo4j.GraphDatabase.driver(uri, auth=(user, password)) as driver:
        records = driver.execute_query("CALL dbms.components() YIELD versions").records
        # Relationships first, in small transactions: deleting a hub entity with its tens of
        # thousands of relationships at once exceeds the server's transaction memory.
        for statement in WIPE:
            while driver.execute_query(statement).records[0]["n"]:
                pass
    yield {"uri": uri, "user": user, "password": password, "database": "neo4j",
           "version": records[0]["versions"][0]}  # fmt: skip


def machine() -> dict[str, Any]:
    """The machine the figures belong to."""
    cpu = platform.processor() or platform.machine()
    meminfo: dict[str, str] = {}
    with ExitStack() as stack:
        try:
            for line in stack.enter_context(open("/proc/cpuinfo", encoding="utf-8")):
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
            for line in stack.enter_context(open("/proc/meminfo", encoding="utf-8")):
                key, _, value = line.partition(":")
                meminfo[key] = value.strip()
        except OSError:  # not Linux: platform's answer stands
            pass
    ram_kib = int(meminfo.get("MemTotal", "0 kB").split()[0])
    try:
        release = platform.freedesktop_os_release()
    except OSError:
        release = {}
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gib": round(ram_kib / 1024**2, 1),
        "os": release.get("PRETTY_NAME", platform.platform()),
        "kernel": platform.release(),
        "python": platform.python_version(),
    }


def load_average() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


# --- rendering ----------------------------------------------------------------------------------


def _verdict(row: dict[str, Any]) -> str:
    return "-" if row["met"] is None else ("met" if row["met"] else "MISSED")


def _row_cells(row: dict[str, Any]) -> list[str]:
    value = f"{_number(row['value'])} {row['unit']}".strip()
    return [row["benchmark"], row["figure"], value, row["target"] or "-", _verdict(row)]


def _rows(results: dict[str, Any], *, summary: bool) -> list[dict[str, Any]]:
    return [row for row in results["figures"] if row.get("headline", True) or not summary]


def table(results: dict[str, Any], *, summary: bool = False) -> str:
    """The figures as a plain text table (``summary``: the headline figures only)."""
    header = ["benchmark", "figure", "value", "target", "met"]
    rows = [header] + [_row_cells(row) for row in _rows(results, summary=summary)]
    rows += [[name, "(did not run)", "FAILED", "", ""] for name in results["errors"]]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(w) if i < 2 else cell.rjust(w) for i, (cell, w) in
                  enumerate(zip(row, widths, strict=True))).rstrip()
        for row in rows
    ]  # fmt: skip
    lines += [f"{name} failed: {error}" for name, error in results["errors"].items()]
    return "\n".join(lines)


def markdown(results: dict[str, Any], *, summary: bool = False) -> str:
    """The figures as a Markdown table, with the machine and date under it."""
    lines = ["| benchmark | figure | value | target | met |", "|---|---|---:|---:|---|"]
    rows = _rows(results, summary=summary)
    for row in rows:
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in _row_cells(row)) + " |")
    lines += [f"| {name} | (did not run) | FAILED | | |" for name in results["errors"]]
    m = results["machine"]
    command = "./run bench --quick" if results["quick"] else "./run bench"
    server = " (heap 1g) on the same machine" if results["neo4j"]["uri"] == "scratch" else ""
    lines.append("")
    lines.append(
        f"Measured {results['date'][:10]} with `{command}`"
        f" on {m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB RAM, {m['os']}, "
        f"Python {m['python']}, Neo4j {results['neo4j']['version']}{server};"
        f" load average {results['load_average']['start'][0]} at the start, "
        f"{results['load_average']['end'][0]} at the end; {results['minutes']:.0f} minutes."
    )
    return "\n".join(lines)


def capacity(results: dict[str, Any], *, articles_per_day: int = STREAM_ARTICLES_PER_DAY) -> str:
    """What a stream of ``articles_per_day`` needs, by arithmetic from the measured figures."""
    raw = results["raw"]
    if not {"extract", "load"} <= set(raw):
        return "(needs a run with the extract and load benchmarks)"
    one = raw["extract"]["extract"][0]
    per_cpu_s = one["articles"] / one["cpu_s"]
    claims_per_article = one["claims"] / one["articles"]
    load = raw["load"]
    claims_per_s = max(load["claims"] / run["first_s"] for run in load["runs"])
    per_second = articles_per_day / 86_400
    claims_per_day = articles_per_day * claims_per_article
    cores = articles_per_day / per_cpu_s / 86_400
    load_hours = claims_per_day / claims_per_s / 3600
    workers = int(cores * PEAK_FACTOR) + 1
    lines = [
        f"For {articles_per_day:,} articles a day ({per_second:.1f} a second on average):",
        "",
        f"* **Extraction**: {per_cpu_s:,.0f} articles per CPU-second (one process) is "
        f"{articles_per_day / per_cpu_s / 3600:,.1f} CPU-hours a day, {cores:.2f} of a core on "
        f"average; {workers} worker process{'es' if workers > 1 else ''} "
        f"cover{'' if workers > 1 else 's'} a {PEAK_FACTOR}x peak.",
        f"* **Claims**: the benchmark corpus gives {claims_per_article:.1f} claims an article, so "
        f"about {claims_per_day / 1e6:,.1f} million claims a day "
        f"({claims_per_day / 86_400:,.0f} a second on average).",
        f"* **Loading**: at {claims_per_s:,.0f} claims/s into one Neo4j that is "
        f"{load_hours:,.1f} hours of loading a day ({load_hours / 24:.0%} of the day).",
    ]
    disk = raw.get("queries", {}).get("disk")
    if disk:
        per_claim = disk["store"] / raw["queries"]["graph"]["claims"]
        day = claims_per_day * per_claim
        lines.append(
            f"* **Storage**: {per_claim:,.0f} bytes of Neo4j store files a claim is "
            f"{day / 1e9:,.1f} GB a day, {day * 365 / 1e12:,.2f} TB a year (transaction logs "
            "come on top until they rotate)."
        )
    export = [r for r in raw.get("export", {}).get("runs", []) if r["format"] == "nq"]
    if export:
        per_claim = export[0]["bytes"] / export[0]["claims"]
        lines.append(
            f"* **Archive**: N-Quads take {per_claim:,.0f} bytes a claim, "
            f"{claims_per_day * per_claim / 1e9:,.1f} GB a day uncompressed."
        )
    return "\n".join(lines)


def render(results: dict[str, Any], args: argparse.Namespace) -> str:
    if args.markdown:
        return markdown(results, summary=args.summary)
    return table(results, summary=args.summary)


def update(path: Path, results: dict[str, Any]) -> None:
    """Replace the generated blocks of a Markdown file: the summary table and the capacity."""
    text = path.read_text(encoding="utf-8")
    blocks = {"bench": markdown(results, summary=True), "capacity": capacity(results)}
    found = False
    for name, body in blocks.items():
        begin, end = f"<!-- {name}:begin -->\n", f"<!-- {name}:end -->"
        if begin in text and end in text:
            head, rest = text.split(begin, 1)
            text = head + begin + body + "\n" + end + rest.split(end, 1)[1]
            found = True
    if not found:
        raise SystemExit(f"error: {path} has no <!-- bench:begin --> ... <!-- bench:end --> block")
    path.write_text(text, encoding="utf-8")


# --- command line -------------------------------------------------------------------------------


def _interrupt_on_sigterm() -> None:
    """Turn SIGTERM into KeyboardInterrupt so that the finally blocks stop the scratch Neo4j."""

    def handler(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a smoke run")
    parser.add_argument("--only", help=f"comma-separated, of: {','.join(BENCHMARKS)}")
    parser.add_argument("--out", type=Path, default=HERE / "results.json", help="results JSON")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--summary", action="store_true", help="only the headline figures")
    parser.add_argument("--from", dest="source", type=Path, help="render this results JSON only")
    parser.add_argument(
        "--update",
        type=Path,
        nargs="+",
        help="rewrite the generated blocks of these Markdown files (README.md docs/scaling.md)",
    )
    parser.add_argument("--uri", help="use this running Neo4j (NEO4J_PASSWORD); it is WIPED")
    parser.add_argument("--query-claims", type=int, help="size of the query benchmark's graph")
    args = parser.parse_args(argv)
    names = args.only.split(",") if args.only else list(BENCHMARKS)
    unknown = sorted(set(names) - set(BENCHMARKS))
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {','.join(BENCHMARKS)}")
    args.names = [name for name in BENCHMARKS if name in names]
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        return run(args)
    except KeyboardInterrupt:
        print("interrupted (the scratch Neo4j, if any, was stopped)", file=sys.stderr)
        return 130


def run(args: argparse.Namespace) -> int:
    """Render a saved run, or run the benchmarks and save and render their figures."""
    if args.source:
        results = json.loads(args.source.read_text(encoding="utf-8"))
        for path in args.update or []:
            update(path, results)
            print(f"updated {path}", file=sys.stderr)
        if not args.update:
            print(render(results, args))
        return 0
    sizes = dict(SIZES["quick" if args.quick else "full"])
    if args.query_claims:
        sizes["query_claims"] = args.query_claims
    _interrupt_on_sigterm()
    began, start_load = time.monotonic(), load_average()
    date = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    needs_server = bool({"load", "queries"} & set(args.names))
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as temp:
        folder = Path(temp)
        with ExitStack() as stack:
            if not needs_server:
                neo4j = {"uri": "", "user": "", "password": "", "version": "(not used)"}
            elif args.uri:
                neo4j = stack.enter_context(given_neo4j(args.uri))
            else:
                neo4j = stack.enter_context(scratch_neo4j(folder))
            scratch = folder / "scratch"
            scratch.mkdir()
            ran = run_all(args.names, sizes, {**neo4j, "scratch": str(scratch)}, folder)
    results = {
        "date": date,
        "quick": args.quick,
        "machine": machine(),
        "neo4j": {"version": neo4j["version"], "uri": neo4j["uri"] if args.uri else "scratch"},
        "load_average": {"start": start_load, "end": load_average()},
        "minutes": (time.monotonic() - began) / 60,
        "sizes": sizes,
        **ran,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(render(results, args))
    print(f"results in {args.out}", file=sys.stderr)
    return 1 if results["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
