"""Scale beyond one process (issue 8): the driver's routing through neo4j:// URIs, and --jobs.

A Neo4j cluster or Aura is reached through a ``neo4j://`` or ``neo4j+s://`` URI: the driver
fetches a routing table and sends reads to readers and writes to the leader. The session's single
server answers the same protocol (its routing table names itself), so ``kg load`` and ``kg query
run`` through its ``neo4j://`` URI exercise the routing driver for real.

``kg extract --jobs N`` spreads articles over N processes; its output must be byte-identical for
any N (checked here with real ``kg`` processes over a folder of many files and over stdin).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
KG = str(Path(sys.executable).with_name("kg"))


def routing_uri(uri: str) -> str:
    """Return the routing (neo4j://) form of a bolt:// URI; a routing URI is returned as is."""
    scheme, rest = uri.split("://", 1)
    routed = {"bolt": "neo4j", "bolt+s": "neo4j+s", "bolt+ssc": "neo4j+ssc"}
    return f"{routed.get(scheme, scheme)}://{rest}"


def test_routing_uri():
    assert routing_uri("bolt://127.0.0.1:7687") == "neo4j://127.0.0.1:7687"
    assert routing_uri("bolt+s://db.example.org") == "neo4j+s://db.example.org"
    assert routing_uri("neo4j+s://x.databases.neo4j.io") == "neo4j+s://x.databases.neo4j.io"


def invoke(args: list[str], env: dict[str, str]) -> str:
    result = CliRunner().invoke(cli, args, env=env, catch_exceptions=False)
    assert result.exit_code == 0, (args, result.stderr)
    return result.stdout


def test_load_and_query_through_the_routing_driver(env, neo4j_settings):
    routed = ["--uri", routing_uri(neo4j_settings.uri)]
    assert routed[1].startswith("neo4j")
    result = CliRunner().invoke(cli, ["load", str(EXAMPLES), *routed], env=env)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1].startswith("Loaded 6 articles (0 replaced), ")
    # What was written through the routing driver reads back the same through plain bolt.
    stats_routed = json.loads(invoke(["stats", "--json", *routed], env))
    stats_bolt = json.loads(invoke(["stats", "--json"], env))
    assert stats_routed == stats_bolt
    assert stats_bolt["nodes"]["Article"] == 6
    query = ["query", "run", "stance-on-topic", "-p", "topic=topic:two-state-solution"]
    routed_rows = invoke([*query, "--format", "json", *routed], env)
    assert routed_rows == invoke([*query, "--format", "json"], env)
    assert [(row["stance"], row["actor"]) for row in map(json.loads, routed_rows.splitlines())] == [
        ("SUPPORTS", "ESP")
    ]
    cypher = ["cypher", "MATCH (a:Article) RETURN count(a) AS n", "--format", "csv"]
    assert invoke([*cypher, *routed], env) == "n\n6\n"


def test_a_second_load_through_the_routing_driver_changes_nothing(env, neo4j_settings):
    invoke(["load", str(EXAMPLES)], env)
    before = json.loads(invoke(["stats", "--json"], env))
    routed = ["--uri", routing_uri(neo4j_settings.uri)]
    result = CliRunner().invoke(cli, ["load", str(EXAMPLES), *routed], env=env)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1] == (
        "Loaded 0 articles (0 replaced), 0 claims, 0 new entities, 6 skipped, 0 failed"
    )
    assert json.loads(invoke(["stats", "--json"], env)) == before


def test_read_only_cypher_stays_read_only_through_the_routing_driver(env, neo4j_settings):
    routed = ["--uri", routing_uri(neo4j_settings.uri)]
    result = CliRunner().invoke(cli, ["cypher", "CREATE (:Probe) RETURN 1", *routed], env=env)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert len(result.stderr.splitlines()) == 1
    assert invoke(["cypher", "MATCH (p:Probe) RETURN count(p) AS n", "--format", "csv"], env) == (
        "n\n0\n"
    )


# ---------------------------------------------------------------- --jobs


def kg_process(
    args: list[str], cwd: Path, stdin: bytes | None = None
) -> subprocess.CompletedProcess:
    """Run the installed kg script as a real process (the timeout is a watchdog, not a check)."""
    environment = {**os.environ, "PYTHONHASHSEED": "random"}  # no reliance on one hash order
    return subprocess.run(
        [KG, *args], cwd=cwd, input=stdin, capture_output=True, timeout=600, env=environment
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A folder of 30 articles in five languages: .md with front matter, .txt and one .jsonl."""
    folder = tmp_path_factory.mktemp("corpus")
    lines = []
    for path in sorted(EXAMPLES.glob("*.md")):
        meta, body = path.read_text(encoding="utf-8").split("---\n", 2)[1:]
        (folder / f"{path.stem}.txt").write_text(body, encoding="utf-8")
        for copy in range(2):
            # A distinct id per copy, so that every copy is its own article.
            (folder / f"{copy}-{path.name}").write_text(
                f"---\nid: {path.stem}-{copy}\n{meta}---\n{body}", encoding="utf-8"
            )
            lines.append(json.dumps({"id": f"{path.stem}-jsonl-{copy}", "text": body}))
    (folder / "more.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def one_job(corpus, tmp_path_factory) -> subprocess.CompletedProcess:
    """kg extract over the corpus in one process: the reference output."""
    done = kg_process(["extract", str(corpus)], tmp_path_factory.mktemp("one-job"))
    assert done.returncode == 0, done.stderr.decode()
    assert done.stderr.decode().splitlines()[-1].startswith("30 articles, ")
    return done


def test_jobs_give_byte_identical_output(corpus, one_job, tmp_path):
    out = tmp_path / "claims.jsonl"
    done = kg_process(["extract", str(corpus), "--jobs", "2", "-o", str(out)], tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    assert out.read_bytes() == one_job.stdout
    assert done.stderr == one_job.stderr  # the per-article summary too, in input order


def test_jobs_give_byte_identical_json_documents(corpus, tmp_path):
    outputs = []
    for jobs in ("1", "3"):
        done = kg_process(["extract", str(corpus), "--jobs", jobs, "--format", "json"], tmp_path)
        assert done.returncode == 0, done.stderr.decode()
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert len(json.loads(outputs[0])) == 30


def test_jobs_over_stdin_give_the_claims_of_the_same_articles_in_files(corpus, one_job, tmp_path):
    piped = kg_process(
        ["extract", "-", "--jobs", "2"], tmp_path, stdin=(corpus / "more.jsonl").read_bytes()
    )
    assert piped.returncode == 0, piped.stderr.decode()
    expected = [
        line
        for line in one_job.stdout.splitlines(keepends=True)
        if "-jsonl-" in json.loads(line)["article"]["id"]
    ]
    assert piped.stdout.splitlines(keepends=True) == expected
    articles = {json.loads(line)["article"]["id"] for line in expected}
    assert len(articles) == 12  # every copy of every example article gave claims
