"""kg viz on the command line: a claims file drawn with no database, filters, one-line errors."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from test_html import CLAIMS, SCHEMA, Page

from kg.claims import write_claims
from kg.cli import cli
from kg.cli.viz import entity_ids
from kg.store import Store


@pytest.fixture
def claims_file(tmp_path):
    path = tmp_path / "claims.jsonl"
    with path.open("w", encoding="utf-8") as stream:
        write_claims(CLAIMS, stream)
    return path


def edges_in(path) -> set[tuple[str, str, str]]:
    data = Page(path.read_text(encoding="utf-8")).data()
    return {(e["from"], e["kg"]["predicate"], e["to"]) for e in data["edges"]}


def test_viz_draws_a_claims_file_without_a_database(claims_file, tmp_path):
    out = tmp_path / "graph.html"
    result = CliRunner().invoke(
        cli, ["viz", "--claims", str(claims_file), "-o", str(out)], catch_exceptions=False
    )
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"wrote {out}: 5 entities, 4 relations, 0.5 MB\n"
    assert edges_in(out) == {
        ("CHN", "MEETS", "USA"),
        ("CHN", "OPPOSES", "topic:nato-expansion"),
        ("SWE", "MEMBER_OF", "NATO"),
        ("USA", "SUPPORTS", "NATO"),
    }


def test_viz_filters_a_claims_file_and_says_so_in_the_caption(claims_file, tmp_path):
    out = tmp_path / "sweden.html"
    args = ["viz", "--claims", str(claims_file), "-o", str(out), "--actor", "SWE", "--depth", "2"]
    result = CliRunner().invoke(cli, [*args, "--title", "Sweden"], catch_exceptions=False)
    assert result.exit_code == 0
    assert edges_in(out) == {("SWE", "MEMBER_OF", "NATO"), ("USA", "SUPPORTS", "NATO")}
    caption = Page(out.read_text(encoding="utf-8")).text["kg-caption"]
    assert caption.startswith(
        "3 entities and 2 relations from 2 claims in 1 article. Filters: within 2 hop(s) of SWE."
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--query", "partners"], "--query runs in Neo4j; drop it or drop --claims"),
        (["-p", "actor=CHN"], "-p sets a parameter of --query; add --query NAME"),
        (["--since", "2030"], "nothing to draw: no relation matches the filters; loosen them"),
        (["--actor", "ATL"], "actor 'ATL' is in no selected claim; check the id (e.g. CHN, NATO)"),
        (["--until", "May"], "until must be a date YYYY, YYYY-MM or YYYY-MM-DD, not 'May'"),
    ],
)
def test_viz_reports_bad_options_in_one_line(claims_file, tmp_path, extra, message):
    args = ["viz", "--claims", str(claims_file), "-o", str(tmp_path / "x.html"), *extra]
    result = CliRunner().invoke(cli, args)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Error: {message}\n")
    assert isinstance(result.exception, SystemExit)
    assert not (tmp_path / "x.html").exists()


def test_viz_names_the_bad_line_of_a_claims_file(claims_file, tmp_path):
    claims_file.write_text(claims_file.read_text(encoding="utf-8") + "{oops\n", encoding="utf-8")
    args = ["viz", "--claims", str(claims_file), "-o", str(tmp_path / "x.html")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {claims_file}:{len(CLAIMS) + 1}: not JSON: Expecting property name enclosed in "
        "double quotes\n"
    )


def test_entity_ids_are_found_anywhere_in_query_rows():
    rows = [
        {"actor": "CHN", "n": 3, "partners": ["USA", "not an id"], "topic": "topic:nato-expansion"},
        {"node": {"id": "NATO", "name": "NATO"}, "note": "China", "when": "2024-01-01"},
    ]
    assert entity_ids(rows, SCHEMA) == {"CHN", "USA", "topic:nato-expansion", "NATO"}


@pytest.fixture
def loaded(clean_neo4j, neo4j_settings):
    """The test claims in the session's Neo4j; returns the options that point kg viz at it."""
    store = Store(clean_neo4j, neo4j_settings.database, uri=neo4j_settings.uri)
    store.load_claims(CLAIMS)
    return [
        *("--uri", neo4j_settings.uri, "--user", neo4j_settings.user),
        *("--password", str(neo4j_settings.password), "--database", neo4j_settings.database),
    ]


def test_viz_draws_claims_from_neo4j_with_filters(loaded, tmp_path):
    out = tmp_path / "graph.html"
    args = ["viz", "-o", str(out), *loaded]
    assert CliRunner().invoke(cli, args, catch_exceptions=False).exit_code == 0
    assert edges_in(out) == {
        ("CHN", "MEETS", "USA"),
        ("CHN", "OPPOSES", "topic:nato-expansion"),
        ("SWE", "MEMBER_OF", "NATO"),
        ("USA", "SUPPORTS", "NATO"),
    }
    args = [*args, "--actor", "NATO", "--since", "2025"]
    assert CliRunner().invoke(cli, args, catch_exceptions=False).exit_code == 0
    assert edges_in(out) == {("SWE", "MEMBER_OF", "NATO"), ("USA", "SUPPORTS", "NATO")}


def test_viz_draws_what_a_canned_query_returns(loaded, tmp_path):
    out = tmp_path / "partners.html"
    args = ["viz", "-o", str(out), "--query", "partners", "-p", "actor=NATO", *loaded]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert (result.exit_code, result.stderr) == (
        0,
        f"wrote {out}: 2 entities, 1 relation, 0.5 MB\n",
    )
    assert edges_in(out) == {("USA", "SUPPORTS", "NATO")}
    caption = Page(out.read_text(encoding="utf-8")).text["kg-caption"]
    assert "Filters: query partners." in caption


def test_viz_sizes_nodes_by_the_drawn_graphs_pagerank(claims_file, tmp_path):
    out = tmp_path / "ranked.html"
    args = ["viz", "--claims", str(claims_file), "-o", str(out), "--size", "pagerank"]
    assert CliRunner().invoke(cli, args, catch_exceptions=False).exit_code == 0
    nodes = {n["id"]: n for n in Page(out.read_text(encoding="utf-8")).data()["nodes"]}
    ranks = {node: n["kg"]["pagerank"] for node, n in nodes.items()}
    assert max(ranks, key=ranks.get) == "NATO"  # two actors point at it
    assert nodes["NATO"]["size"] == 40.0
    assert round(sum(ranks.values()), 3) == 1.0
