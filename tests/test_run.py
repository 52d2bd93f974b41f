"""The top-level ./run script: the README's `./run demo` works on its own server, and a wrong
subcommand is a usage error. (`./run test` is what .ci/run runs.)"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import make_server

from kg import server as runtime
from kg.server import neo4j_version

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, environ: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ROOT / "run"), *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **(environ or {})},
        check=False,
    )


def test_unknown_subcommand_prints_usage():
    result = run("nope")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "usage: ./run demo | test [PYTEST ARGS] | lint\n"


@pytest.mark.slow
def test_demo_starts_neo4j_and_reports_its_status(tmp_path):
    server = make_server(tmp_path / "home")
    environ = {
        "KG_CONFIG": str(tmp_path / "config.toml"),
        "KG_HOME": str(server.home),
        "KG_NEO4J_PORT": str(server.port),
        "KG_NEO4J_HTTP_PORT": str(server.http_port),
        "KG_NEO4J_HEAP": "512m",
        "KG_NEO4J_PAGECACHE": "128m",
    }
    try:
        result = run("demo", environ=environ)
        assert result.returncode == 0, result.stderr
        lines = result.stdout.splitlines()
        assert lines[0].startswith(f"Neo4j {neo4j_version()} started at {server.uri} in ")
        assert lines[1:4] == [
            "state     running",
            f"version   {neo4j_version()}",
            f"uri       {server.uri}",
        ]
        assert (tmp_path / "config.toml").is_file()
        # the example job: load, three canned queries, analyze, graph.html
        headings = [line for line in lines if line.startswith("== ")]
        assert [h.split("  ")[0] for h in headings] == [
            "== kg load examples/",
            "== kg query run most-active",
            "== kg query run adversaries -p actor=RUS",
            "== kg query run partners -p actor=CHN",
            "== kg analyze",
            "== kg viz -o graph.html",
        ]
        assert "6 articles" in result.stderr
        assert "wrote graph.html" in result.stderr
        assert (ROOT / "graph.html").is_file()
    finally:
        runtime.stop(server)
