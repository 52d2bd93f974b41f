"""`./run bench --quick` (benchmarks/run_all.py) runs every benchmark at tiny sizes against the
test Neo4j and writes its figures; the figures are not judged here (STYLE.md X9), their shape is.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUN_ALL = ROOT / "benchmarks" / "run_all.py"
BENCHMARKS = ["extract", "load", "queries", "viz", "export"]
FIGURE_KEYS = ["benchmark", "figure", "value", "unit", "target", "met", "headline"]


def run_all(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(RUN_ALL), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=600,
        check=False,
    )


def test_quick_run_writes_every_benchmark_and_the_table(clean_neo4j, neo4j_settings, tmp_path):
    out = tmp_path / "results.json"
    password = str(neo4j_settings.password)
    env = {"NEO4J_USER": neo4j_settings.user, "NEO4J_PASSWORD": password}
    result = run_all("--quick", "--uri", neo4j_settings.uri, "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr[-3000:]

    results = json.loads(out.read_text(encoding="utf-8"))
    assert list(results) == [
        "date", "quick", "machine", "neo4j", "load_average", "minutes", "sizes",
        "figures", "seconds", "errors", "raw", "output",
    ]  # fmt: skip
    assert results["quick"] is True and results["errors"] == {}
    assert list(results["seconds"]) == BENCHMARKS == list(results["raw"]) == list(results["output"])
    assert set(results["machine"]) == {"cpu", "cores", "ram_gib", "os", "kernel", "python"}
    assert results["machine"]["cores"] == os.cpu_count()
    assert results["neo4j"]["uri"] == neo4j_settings.uri
    assert results["neo4j"]["version"].startswith("5.")
    assert [len(results["load_average"][k]) for k in ("start", "end")] == [3, 3]

    figures = results["figures"]
    assert all(list(f) == FIGURE_KEYS for f in figures)
    assert [b for b in BENCHMARKS if any(f["benchmark"] == b for f in figures)] == BENCHMARKS
    for f in figures:
        assert isinstance(f["value"], int | float) and f["value"] >= 0, f
        assert (f["target"] is None) == (f["met"] is None), f
    # the sizes asked for are the sizes measured
    raw = results["raw"]
    assert [r["articles"] for r in raw["extract"]["extract"]] == [5, 5]
    assert raw["load"]["articles"] == 20
    assert [r["batch_size"] for r in raw["load"]["runs"]] == [5000]
    assert raw["queries"]["graph"] == {"claims": 500, "articles": 5}
    assert [s["entities"] for s in raw["viz"]["sizes"]] == [20]
    exports = [(r["format"], r["claims"]) for r in raw["export"]["runs"]]
    assert exports[:2] == [("nq", 200), ("nt", 200)] and exports[-1] == ("import", 100)
    targets = {f["figure"]: f["target"] for f in figures if f["target"]}
    assert targets["5 articles, one process: articles/s"] == ">= 100"
    assert targets["196 claims, 20 articles, batch 5,000: claims/s"] == ">= 10,000"
    assert targets["N-Quads streamed, 200 claims: peak memory"] == "< 2,048"
    # the password is in no output and not in the results
    assert password not in result.stdout + result.stderr + out.read_text(encoding="utf-8")

    # stdout is the table: a header, then one line a figure, in the JSON's order
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["benchmark", "figure", "value", "target", "met"]
    assert len(lines) == 1 + len(figures)
    for line, f in zip(lines[1:], figures, strict=True):
        assert line.startswith(f"{f['benchmark']:<9}  {f['figure']}")
        verdict = {None: "-", True: "met", False: "MISSED"}[f["met"]]
        assert line.endswith(f"  {verdict}")

    # the saved run renders again as Markdown, the headline figures only with --summary
    md = run_all("--from", str(out), "--markdown", "--summary")
    assert md.returncode == 0, md.stderr
    rows = [line for line in md.stdout.splitlines() if line.startswith("| ")]
    headline = [f for f in figures if f["headline"]]
    assert len(rows) == 1 + len(headline) < 1 + len(figures)
    assert rows[1].startswith(f"| extract | {headline[0]['figure']} | ")
    assert md.stdout.splitlines()[-1].startswith(
        f"Measured {results['date'][:10]} with `./run bench --quick` on "
    )


def test_unknown_benchmark_is_a_usage_error():
    result = run_all("--only", "extract,speed")
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "run_all.py: error: unknown benchmark speed; choose from extract,load,queries,viz,export"
    )


def _run_all_module():
    spec = importlib.util.spec_from_file_location("run_all", RUN_ALL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["run_all"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("page", ["README.md", "docs/scaling.md"])
def test_pages_quote_the_committed_results(page):
    """The tables of README.md and docs/scaling.md are those of benchmarks/results.json; after a
    new run: run_all.py --from benchmarks/results.json --update README.md docs/scaling.md"""
    run_all_module = _run_all_module()
    results = json.loads((ROOT / "benchmarks" / "results.json").read_text(encoding="utf-8"))
    text = (ROOT / page).read_text(encoding="utf-8")
    table = run_all_module.markdown(results, summary=True)
    assert f"<!-- bench:begin -->\n{table}\n<!-- bench:end -->" in text
    if page == "docs/scaling.md":
        capacity = run_all_module.capacity(results)
        assert f"<!-- capacity:begin -->\n{capacity}\n<!-- capacity:end -->" in text
