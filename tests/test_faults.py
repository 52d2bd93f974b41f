"""Faults: the Neo4j server killed in the middle of a load, and a server that is not there.

The kill is real: ``kg load`` runs as a subprocess over a generated corpus into a private Neo4j
(not the session's), and once some articles are stored the server's java process gets SIGKILL.
The load must fail with one line naming the URI, the cause and the spool. After a restart, the
spool is replayed and the load is run again; the graph must then equal the one an uninterrupted
load builds in a wiped database: the same nodes, relationships, claim ids and summaries, nothing
twice. The scenario runs once (a module fixture); each test checks one promise about it. It
takes about 4 minutes on a loaded 2-core machine (two server starts, four loads), hence ``slow``.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import neo4j
import pytest
from click.testing import CliRunner
from conftest import free_ports, make_server, wipe

from kg import server as runtime
from kg.cli import cli
from kg.config import Settings
from loaders import extract_file
from loaders.tsv import data_rows

DATA = Path(__file__).parent / "data" / "faults"
ARTICLES = 300
BATCH = 12  # claims per transaction: many transactions, so that the kill lands mid-way
PASSWORD = "fault-test-pw-9F3k"


def generate_corpus(folder: Path, count: int = ARTICLES) -> list[Path]:
    """Write ``count`` small articles (front matter and three sentences) from the templates."""
    templates: dict[str, list[str]] = {}
    for _, (lang, template) in data_rows(DATA / "templates.tsv", 2):
        templates.setdefault(lang, []).append(template)
    actors: dict[str, list[str]] = {}
    for _, (lang, name) in data_rows(DATA / "actors.tsv", 2):
        actors.setdefault(lang, []).append(name)
    rng = random.Random(8)
    langs = sorted(templates)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        lang = langs[number % len(langs)]
        sentences = []
        for template in rng.sample(templates[lang], k=min(3, len(templates[lang]))):
            a, b = rng.sample(actors[lang], k=2)
            sentences.append(template.format(a=a, b=b))
        path = folder / f"{lang}-{number:04d}.md"
        path.write_text(
            f"---\nid: fault-{number:04d}\ntitle: Report {number}\nsource: Wire {number % 7}\n"
            f"published: 2025-{number % 12 + 1:02d}-{number % 28 + 1:02d}\nlang: {lang}\n---\n"
            + " ".join(sentences)
            + "\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


# ---------------------------------------------------------------- snapshots of the graph


def snapshot(driver: neo4j.Driver) -> dict[str, object]:
    """Everything a load decides, without load times: counts, ids, summaries, articles."""

    def rows(cypher: str) -> list[dict[str, object]]:
        records, _, _ = driver.execute_query(cypher, database_="neo4j")
        return [record.data() for record in records]

    return {
        "nodes": rows(
            "MATCH (n) UNWIND labels(n) AS label WITH n, label ORDER BY label "
            "WITH n, collect(label) AS labels RETURN labels, count(*) AS n ORDER BY labels"
        ),
        "relationships": rows(
            "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY type"
        ),
        "claim_ids": [r["id"] for r in rows("MATCH (c:Claim) RETURN c.id AS id ORDER BY id")],
        "summaries": rows(
            "MATCH (s:Entity)-[r]->(o:Entity) RETURN s.id AS s, type(r) AS t, o.id AS o, "
            "r.claims AS claims, r.articles AS articles, r.sources AS sources, "
            "r.first_seen AS first, r.last_seen AS last, r.confidence AS confidence "
            "ORDER BY s, t, o"
        ),
        "articles": rows(
            "MATCH (a:Article) OPTIONAL MATCH (a)-[:PUBLISHED_BY]->(s:Source) "
            "RETURN a.id AS id, a.title AS title, a.published AS published, a.lang AS lang, "
            "a.claims_digest AS digest, s.name AS source ORDER BY id"
        ),
        "texts": rows("MATCH (a:Article) RETURN a.id AS id, a.text AS text ORDER BY id"),
        "duplicates": rows(
            "MATCH (n) WITH labels(n) AS l, coalesce(n.id, n.name) AS key, count(*) AS n "
            "WHERE n > 1 RETURN l, key, n"
        ),
        "duplicate_relationships": rows(
            "MATCH (a)-[r]->(b) WITH a, type(r) AS t, b, count(*) AS n WHERE n > 1 "
            "RETURN a.id AS a, t, b.id AS b, n"
        ),
    }


# ---------------------------------------------------------------- the scenario


@dataclass
class Scenario:
    settings: Settings
    corpus: Path
    spool: Path
    killed: subprocess.CompletedProcess[str] | None = None
    stored_at_kill: int = 0
    replay: subprocess.CompletedProcess[str] | None = None
    again: subprocess.CompletedProcess[str] | None = None
    before_replay: dict[str, object] = field(default_factory=dict)
    after_replay: dict[str, object] = field(default_factory=dict)
    after_again: dict[str, object] = field(default_factory=dict)
    uninterrupted: dict[str, object] = field(default_factory=dict)


def environment(settings: Settings, tmp: Path) -> dict[str, str]:
    names = ("NEO4J_", "KG_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(names)}
    env.update(
        NEO4J_URI=settings.uri,
        NEO4J_USER=settings.user,
        NEO4J_PASSWORD=settings.password or "",
        NEO4J_DATABASE=settings.database,
        KG_CONFIG=str(tmp / "config.toml"),
        KG_SPOOL_DIR=str(tmp / "spool"),
    )
    return env


def run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)


def count_articles(driver: neo4j.Driver) -> int:
    try:
        records, _, _ = driver.execute_query(
            "MATCH (a:Article) WHERE a.claims_digest IS NOT NULL RETURN count(a) AS n",
            database_="neo4j",
        )
    except neo4j.exceptions.DriverError:
        return 0
    return int(records[0]["n"])


def java_pid(home: Path) -> int:
    pid = int((home / "run" / "neo4j.pid").read_text().strip())
    assert f"-Dkg.home={home}" in Path(f"/proc/{pid}/cmdline").read_bytes().decode()
    return pid


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("faults")
    server = make_server(tmp / "home")
    settings = Settings(uri=server.uri, user="neo4j", password=PASSWORD, database="neo4j")
    corpus = tmp / "corpus"
    generate_corpus(corpus)
    env = environment(settings, tmp)
    spool = tmp / "spool.jsonl"
    result = Scenario(settings, corpus, spool)
    runtime.start(server, settings=settings, timeout=300)
    try:
        with neo4j.GraphDatabase.driver(settings.uri, auth=settings.auth) as driver:
            load = [sys.executable, "-m", "kg", "load", str(corpus), "--batch-size", str(BATCH)]
            process = subprocess.Popen(
                [*load, "--spool", str(spool)],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            deadline = time.monotonic() + 300
            while result.stored_at_kill < 5 and process.poll() is None:
                assert time.monotonic() < deadline, "kg load stored nothing in 300 s"
                time.sleep(0.05)
                result.stored_at_kill = count_articles(driver)  # a lower bound at the kill
            os.kill(java_pid(server.home), signal.SIGKILL)
            stdout, stderr = process.communicate(timeout=600)
            result.killed = subprocess.CompletedProcess(load, process.returncode, stdout, stderr)
        runtime.start(server, settings=settings, timeout=300)  # recovers after the kill
        with neo4j.GraphDatabase.driver(settings.uri, auth=settings.auth) as driver:
            result.before_replay = snapshot(driver)
            result.replay = run([*load[:3], "load", "--claims", str(spool)], env)
            result.after_replay = snapshot(driver)
            result.again = run(load, env)
            result.after_again = snapshot(driver)
            wipe(driver, "neo4j")
            reference = run(load, env)
            assert reference.returncode == 0, reference.stderr
            result.uninterrupted = snapshot(driver)
    finally:
        runtime.stop(server)
    return result


@pytest.mark.slow
def test_the_kill_lands_in_the_middle_of_the_load(scenario):
    assert scenario.killed is not None
    assert 5 <= scenario.stored_at_kill < ARTICLES
    assert scenario.killed.returncode == 1, scenario.killed.stderr


@pytest.mark.slow
def test_killed_load_fails_in_one_line_naming_the_uri_the_cause_and_the_spool(scenario):
    stderr = scenario.killed.stderr
    assert "Traceback" not in stderr and "Traceback" not in scenario.killed.stdout
    assert PASSWORD not in stderr
    last = stderr.splitlines()[-1]
    uri, spool = scenario.settings.uri, scenario.spool
    assert last.startswith(f"Error: cannot reach Neo4j at {uri}: "), last
    assert last.endswith(
        f"claims of the articles not stored were saved to {spool}; "
        f"replay them with: kg load --claims {spool}"
    ), last
    errors = [line for line in stderr.splitlines() if line.startswith("Error")]
    assert errors == [last]


@pytest.mark.slow
def test_spool_holds_whole_articles_that_were_not_stored(scenario):
    spooled = [json.loads(line) for line in scenario.spool.read_text().splitlines()]
    articles = {claim["article"]["id"] for claim in spooled}
    every = {a["id"] for a in scenario.uninterrupted["articles"]}
    stored = {a["id"] for a in scenario.before_replay["articles"] if a["digest"]}
    # Nothing lost: each article is stored or spooled. Only the batch in flight at the kill
    # (committed, but never acknowledged) can be both.
    assert stored | articles == every
    assert len(stored & articles) <= BATCH
    assert len(stored) >= scenario.stored_at_kill
    # Whole articles: the spool holds every claim that extraction gives each of them.
    by_article: dict[str, int] = {}
    for claim in spooled:
        by_article[claim["article"]["id"]] = by_article.get(claim["article"]["id"], 0) + 1
    for article in sorted(articles)[:20]:
        (path,) = scenario.corpus.glob(f"*-{article.removeprefix('fault-')}.md")
        assert by_article[article] == len(extract_file(path)), article


@pytest.mark.slow
def test_replay_after_restart_gives_the_uninterrupted_graph(scenario):
    assert scenario.replay.returncode == 0, scenario.replay.stderr
    after, reference = scenario.after_replay, scenario.uninterrupted
    for key in ("nodes", "relationships", "claim_ids", "summaries", "articles"):
        assert after[key] == reference[key], key
    assert after["duplicates"] == [] and after["duplicate_relationships"] == []
    assert len(reference["claim_ids"]) >= 2 * ARTICLES


@pytest.mark.slow
def test_loading_again_after_the_replay_changes_nothing_and_duplicates_nothing(scenario):
    assert scenario.again.returncode == 0, scenario.again.stderr
    assert scenario.again.stderr.splitlines()[-1].startswith("Loaded 0 articles (0 replaced)")
    after, reference = scenario.after_again, scenario.uninterrupted
    for key in ("nodes", "relationships", "claim_ids", "summaries", "articles"):
        assert after[key] == reference[key], key
    assert after["duplicates"] == [] and after["duplicate_relationships"] == []


@pytest.mark.slow
def test_article_texts_are_complete_after_replay_and_load_again(scenario):
    assert scenario.after_again["texts"] == scenario.uninterrupted["texts"]


# ---------------------------------------------------------------- unreachable from the start


def test_unreachable_server_spools_every_article_and_the_replay_stores_them(
    store, neo4j_settings, tmp_path
):
    corpus = tmp_path / "corpus"
    paths = generate_corpus(corpus, count=12)
    (dead,) = free_ports(1)
    env = {
        "NEO4J_URI": f"bolt://127.0.0.1:{dead}",
        "NEO4J_PASSWORD": PASSWORD,
        "KG_SPOOL_DIR": str(tmp_path / "spool"),
        "KG_CONFIG": str(tmp_path / "config.toml"),
    }
    runner = CliRunner()
    down = runner.invoke(cli, ["load", str(corpus)], env=env)
    assert isinstance(down.exception, SystemExit) and down.exit_code == 1
    assert PASSWORD not in down.stderr + down.stdout
    (spool,) = (tmp_path / "spool").iterdir()
    expected = sorted(c.id for path in paths for c in extract_file(path))
    last = down.stderr.splitlines()[-1]
    assert last.startswith(f"Error: cannot reach Neo4j at bolt://127.0.0.1:{dead}: "), last
    assert last.endswith(
        f"; start it with: kg db start; {len(expected)} claims of the articles not stored were "
        f"saved to {spool}; replay them with: kg load --claims {spool}"
    ), last
    up = {
        "NEO4J_URI": neo4j_settings.uri,
        "NEO4J_USER": neo4j_settings.user,
        "NEO4J_PASSWORD": neo4j_settings.password,
        "KG_CONFIG": str(tmp_path / "config.toml"),
    }
    replay = runner.invoke(cli, ["load", "--claims", str(spool)], env=up, catch_exceptions=False)
    assert replay.stderr.splitlines()[-1].startswith(
        f"Loaded 12 articles (0 replaced), {len(expected)} claims"
    )
    assert sorted(c.id for c in store.read_claims()) == expected
