"""kg load / delete article / stats / schema through the CLI, against a real Neo4j; two concurrent
kg load processes; spool and replay when the server cannot be reached."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from click.testing import CliRunner

from kg.claims import Article, Claim, Entity, Evidence, Extractor, claim_sort_key, write_claims
from kg.cli import cli

STATES = [Entity(code, code, "Country") for code in ("CHN", "USA", "RUS", "UKR", "FRA", "DEU")]
TOPIC = Entity("topic:arms-control", "arms control", "Topic")
PREDICATES = ("SUPPORTS", "OPPOSES", "MEETS", "CRITICIZES")


def make_claims(numbers: range, sources: int = 1) -> list[Claim]:
    """Claims over a few shared entities: three per article, one of them a denial; the articles
    come from one source ("Wire") or from ``sources`` of them."""
    claims = []
    for n in numbers:
        source = "Wire" if sources == 1 else f"Wire {n % sources}"
        where = Article(id=f"art-{n:03d}", published=f"2024-01-{n % 28 + 1:02d}", source=source)
        subject, obj = STATES[n % 6], STATES[(n + 1) % 6]
        for k, (predicate, target, polarity) in enumerate(
            [
                (PREDICATES[n % 4], obj, "positive"),
                ("OPPOSES", TOPIC, "positive"),
                ("CRITICIZES", obj, "negative"),
            ]
        ):
            evidence = Evidence(f"Sentence {k} of article {n}.", k * 40, k * 40 + 25, "en")
            claims.append(
                Claim(
                    subject,
                    predicate,
                    target,
                    evidence,
                    where,
                    Extractor("rules", "1"),
                    polarity=polarity,
                )
            )
    return sorted(claims, key=claim_sort_key)


def write_file(path, claims):
    with path.open("w", encoding="utf-8") as handle:
        write_claims(claims, handle)
    return path


def test_load_claims_then_again_then_stats(store, env, tmp_path):
    path = write_file(tmp_path / "claims.jsonl", make_claims(range(1, 5)))
    runner = CliRunner()
    result = runner.invoke(cli, ["load", "--claims", str(path)], env=env, catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == (
        "Loaded 4 articles (0 replaced), 12 claims, 6 new entities, 0 skipped, 0 failed"
    )
    again = runner.invoke(cli, ["load", "--claims", str(path), "--batch-size", "2"], env=env)
    assert again.stderr.splitlines()[-1] == (
        "Loaded 0 articles (0 replaced), 0 claims, 0 new entities, 4 skipped, 0 failed"
    )
    stats = runner.invoke(cli, ["stats", "--json"], env=env, catch_exceptions=False)
    document = json.loads(stats.stdout)
    assert document["nodes"]["Claim"] == 12
    assert document["claims"] == [
        {"predicate": "CRITICIZES", "polarity": "negative", "count": 4},
        {"predicate": "CRITICIZES", "polarity": "positive", "count": 1},
        {"predicate": "MEETS", "polarity": "positive", "count": 1},
        {"predicate": "OPPOSES", "polarity": "positive", "count": 5},
        {"predicate": "SUPPORTS", "polarity": "positive", "count": 1},
    ]
    assert document["articles"] == [{"source": "Wire", "lang": "en", "count": 4}]
    assert document["published"] == {"first": "2024-01-02", "last": "2024-01-05"}
    text = runner.invoke(cli, ["stats"], env=env, catch_exceptions=False).stdout
    assert "  Claim                        12\n" in text
    assert text.endswith("Published 2024-01-02 .. 2024-01-05\n")


def test_load_claims_from_stdin(store, env, tmp_path):
    path = write_file(tmp_path / "claims.jsonl", make_claims(range(1, 3)))
    result = CliRunner().invoke(cli, ["load", "--claims", "-"], input=path.read_text(), env=env)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1].startswith("Loaded 2 articles (0 replaced), 6 claims")


def test_delete_article(store, env, tmp_path):
    path = write_file(tmp_path / "claims.jsonl", make_claims(range(1, 3)))
    runner = CliRunner()
    runner.invoke(cli, ["load", "--claims", str(path)], env=env, catch_exceptions=False)
    result = runner.invoke(cli, ["delete", "article", "art-001"], env=env, catch_exceptions=False)
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "Deleted article art-001 and its 3 claims\n"
    missing = runner.invoke(cli, ["delete", "article", "art-001"], env=env)
    assert missing.exit_code == 1
    assert missing.stderr == (
        f"Error: no article 'art-001' in the database at {env['NEO4J_URI']}; "
        "list them with: kg cypher 'MATCH (a:Article) RETURN a.id'\n"
    )


def test_load_needs_input(tmp_path):
    result = CliRunner().invoke(cli, ["load"], env={"KG_CONFIG": str(tmp_path / "c.toml")})
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: give INPUT files or directories, or --claims FILE\n")


def test_bad_claims_file_is_one_line(store, env, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"subject": 1}\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["load", "--claims", str(path)], env=env)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f'Error: {path}:1: missing or malformed object "extractor"'
    )


def test_claim_outside_the_schema_names_file_and_line(store, env, tmp_path):
    claims = make_claims(range(1, 3))
    path = write_file(tmp_path / "claims.jsonl", claims)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[4] = lines[4].replace('"predicate": "OPPOSES"', '"predicate": "ADMIRES"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["load", "--claims", str(path)], env=env)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith(
        f"Error: {path}:5: article 'art-002', claim {claims[4].subject.id} ADMIRES "
        f"{claims[4].object.id}: unknown predicate 'ADMIRES'"
    )


def test_schema_show_and_apply(store, env, tmp_path):
    runner = CliRunner()
    shown = runner.invoke(cli, ["schema", "show"], catch_exceptions=False)
    assert shown.stdout.startswith("Schema version 1\n\nEntity types\n  Country ")
    assert "  MEETS              neutral     symmetric Meeting, talks" in shown.stdout
    cypher = runner.invoke(cli, ["schema", "show", "--cypher"], catch_exceptions=False).stdout
    assert cypher.splitlines()[0] == (
        "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;"
    )
    applied = runner.invoke(cli, ["schema", "apply"], env=env, catch_exceptions=False)
    assert (
        applied.stderr
        == f"Applied {len(cypher.splitlines())} constraints and indexes at {env['NEO4J_URI']}\n"
    )


def test_server_down_spools_everything_and_replay_loads_it(store, env, tmp_path):
    claims = make_claims(range(1, 4))
    path = write_file(tmp_path / "claims.jsonl", claims)
    spool = tmp_path / "spool.jsonl"
    down_env = {**env, "NEO4J_URI": "bolt://127.0.0.1:9"}
    runner = CliRunner()
    down = runner.invoke(cli, ["load", "--claims", str(path), "--spool", str(spool)], env=down_env)
    assert down.exit_code == 1
    last = down.stderr.splitlines()[-1]
    assert last.startswith("Error: cannot reach Neo4j at bolt://127.0.0.1:9: ")
    assert last.endswith(
        f"; start it with: kg db start; 9 claims of the articles not stored were saved to "
        f"{spool}; replay them with: kg load --claims {spool}"
    )
    replay = runner.invoke(cli, ["load", "--claims", str(spool)], env=env, catch_exceptions=False)
    assert replay.stderr.splitlines()[-1].startswith("Loaded 3 articles (0 replaced), 9 claims")
    assert [c.id for c in store.read_claims()] == [c.id for c in claims]


def test_two_concurrent_loads_leave_no_duplicates(store, env, tmp_path):
    first = write_file(tmp_path / "a.jsonl", make_claims(range(0, 80), sources=5))
    second = write_file(tmp_path / "b.jsonl", make_claims(range(40, 120), sources=5))
    process_env = {**os.environ, **env}
    command = [sys.executable, "-m", "kg", "load", "--batch-size", "6", "--claims"]
    processes = [
        subprocess.Popen([*command, str(path)], env=process_env, stderr=subprocess.PIPE, text=True)
        for path in (first, second)
    ]
    outputs = [process.communicate(timeout=300)[1] for process in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    expected = make_claims(range(0, 120))
    assert [c.id for c in store.read_claims()] == [c.id for c in expected]
    duplicates = store.read(
        "MATCH (n) WITH labels(n) AS l, coalesce(n.id, n.name) AS key, count(*) AS n "
        "WHERE n > 1 RETURN l, key, n"
    )
    assert duplicates.data() == []
    rels = store.read(
        "MATCH (a)-[r]->(b) WITH a, type(r) AS t, b, count(*) AS n WHERE n > 1 RETURN t, n"
    )
    assert rels.data() == []
    # Every summary counts exactly the positive claims of its triple, their articles and sources:
    # no update lost between the two loaders, no stale recompute.
    wrong = store.read(
        "MATCH (s:Entity)-[r]->(o:Entity) "
        "CALL (s, r, o) { MATCH (c:Claim {polarity: 'positive', predicate: type(r)}) "
        "  WHERE c.triple = s.id + '|' + type(r) + '|' + o.id "
        "  MATCH (c)-[:STATED_IN]->(a:Article) OPTIONAL MATCH (a)-[:PUBLISHED_BY]->(src) "
        "  RETURN count(c) AS n, count(DISTINCT a) AS articles, count(DISTINCT src) AS sources } "
        "WITH r, n, articles, sources "
        "WHERE r.claims <> n OR r.articles <> articles OR r.sources <> sources "
        "RETURN type(r) AS t, r.claims AS stored, n"
    )
    assert wrong.data() == []
    assert store.read("MATCH (c:Claim) RETURN count(c) AS n").records[0]["n"] == 360


def test_load_inputs_extracts_and_stores_like_kg_extract(store, env, tmp_path):
    from loaders.batch import extract_file

    folder = tmp_path / "articles"
    folder.mkdir()
    first = "France condemned Russia on Tuesday. China and Brazil signed a trade agreement."
    (folder / "one.md").write_text(
        "---\ntitle: Harbour talks\nsource: Test Desk\npublished: 2025-04-02\nlang: en\n---\n"
        f"{first}\n",
        encoding="utf-8",
    )
    (folder / "two.txt").write_text(
        "Germany sanctioned Iran after the talks failed.\n", encoding="utf-8"
    )
    (folder / "notes.csv").write_text("ignored,file\n", encoding="utf-8")
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"title": "no text here"}\n', encoding="utf-8")
    expected = extract_file(folder)
    entities = {
        e.id for c in expected for e in (c.subject, c.object, c.attributed_to, c.agent) if e
    }
    result = CliRunner().invoke(cli, ["load", str(folder), str(broken)], env=env)
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[-1].startswith(f"Error: 1 input(s) failed; the first: {broken}:1: ")
    assert lines[-2] == (
        f"Loaded 2 articles (0 replaced), {len(expected)} claims, "
        f"{len(entities)} new entities, 0 skipped, 1 failed"
    )
    assert sorted(c.id for c in store.read_claims()) == sorted(c.id for c in expected)
    texts = store.read("MATCH (a:Article) RETURN a.text AS text, a.lang AS lang ORDER BY text")
    assert texts.data() == [
        {
            "text": first,
            "lang": "en",
        },
        {"text": "Germany sanctioned Iran after the talks failed.", "lang": "en"},
    ]
