"""kg query, kg cypher and kg analyze through the CLI, on the fixture graph in the real Neo4j."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from graph_fixture import load_fixture

from kg.catalogue import Catalogue
from kg.cli import cli
from kg.store import Store


@pytest.fixture(scope="module")
def graph(neo4j_settings, neo4j_driver):
    """A Store on the session's Neo4j, holding the fixture graph (loaded once per module)."""
    store = Store(neo4j_driver, neo4j_settings.database, uri=neo4j_settings.uri)
    load_fixture(store)
    return store


@pytest.fixture
def kg(graph, neo4j_settings, tmp_path):
    """Run kg with the test server's settings; return the click Result."""
    env = {
        "NEO4J_URI": neo4j_settings.uri,
        "NEO4J_USER": neo4j_settings.user,
        "NEO4J_PASSWORD": neo4j_settings.password,
        "NEO4J_DATABASE": neo4j_settings.database,
        "KG_CONFIG": str(tmp_path / "config.toml"),
    }

    def invoke(*args, ok=True):
        result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
        if ok:
            assert result.exit_code == 0, result.stderr
        return result

    return invoke


def test_query_list_names_every_query(kg):
    result = kg("query", "list", "--format", "json")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["name"] for row in rows] == Catalogue.load().names
    assert rows[Catalogue.load().names.index("timeline")] == {
        "name": "timeline",
        "title": "Timeline between two actors",
        "params": "a b [since] [until]",
    }


def test_query_show_prints_the_file(kg):
    result = kg("query", "show", "partners")
    assert result.stdout == (Catalogue.load().get("partners").path.read_text(encoding="utf-8"))
    assert result.stderr == "// example: kg query run partners -p actor=RUS -p limit=10\n"


def test_query_run_table(kg):
    result = kg("query", "run", "partners", "-p", "actor=USA")
    assert result.stdout == (
        "partner  name     predicates           claims  articles  sources  last_seen\n"
        "-------  -------  -------------------  ------  --------  -------  ----------\n"
        'FRA      France   ["MEETS"]            1       1         1        2022-03-20\n'
        'UKR      Ukraine  ["COOPERATES_WITH"]  1       1         1        2022-06-01\n'
    )
    assert result.stderr == "2 rows\n"


def test_query_run_json_and_csv(kg):
    result = kg(
        "query", "run", "stance-on-topic", "-p", "topic=topic:nato-expansion", "--format", "json"
    )
    assert [json.loads(line) for line in result.stdout.splitlines()] == [
        {
            "stance": "SUPPORTS",
            "actor": "USA",
            "name": "United States",
            "articles": 1,
            "sources": 1,
            "outlets": ["Gazette"],
            "first_seen": "2022-02-01",
            "last_seen": "2022-02-01",
        },
        {
            "stance": "OPPOSES",
            "actor": "RUS",
            "name": "Russia",
            "articles": 2,
            "sources": 2,
            "outlets": ["Daily Planet", "Gazette"],
            "first_seen": "2022-01-10",
            "last_seen": "2022-02-01",
        },
        {
            "stance": "OPPOSES",
            "actor": "CHN",
            "name": "China",
            "articles": 1,
            "sources": 1,
            "outlets": ["Daily Planet"],
            "first_seen": "2022-01-10",
            "last_seen": "2022-01-10",
        },
    ]
    result = kg("query", "run", "coverage", "--format", "csv")
    assert result.stdout == (
        "source,lang,articles,claims,denials\n"
        "Daily Planet,en,2,6,1\n"
        "Courier,fr,1,4,0\n"
        "Courier,en,1,3,0\n"
        "Gazette,de,1,3,0\n"
        "Gazette,sv,1,3,0\n"
    )


def test_query_run_with_no_rows_prints_the_header(kg):
    result = kg("query", "run", "new-claims", "-p", "since=2030-01-01", "--format", "csv")
    assert result.stdout == "published,subject,predicate,object,polarity,source,article,sentence\n"
    assert result.stderr == "0 rows\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["query", "run", "partners"],
            "Error: missing parameter 'actor' for query 'partners'; pass -p actor=VALUE; "
            "valid: actor (id, required, e.g. RUS), limit (int, default 25, e.g. 10)\n",
        ),
        (
            ["query", "run", "partners", "-p", "actor=RUS", "-p", "top=3"],
            "Error: unknown parameter 'top' for query 'partners'; "
            "valid: actor (id, required, e.g. RUS), limit (int, default 25, e.g. 10)\n",
        ),
        (
            ["query", "run", "partners", "-p", "actor"],
            "Error: -p 'actor': expected KEY=VALUE, e.g. -p actor=CHN\n",
        ),
        (
            ["query", "run", "partner", "-p", "actor=RUS"],
            "Error: unknown query 'partner'; did you mean 'partners'? (kg query list shows all)\n",
        ),
        (
            ["query", "show", "timelines"],
            "Error: unknown query 'timelines'; did you mean 'timeline'? "
            "(kg query list shows all)\n",
        ),
    ],
    ids=["missing", "unknown-param", "malformed", "unknown-query", "show-unknown"],
)
def test_query_errors_are_one_line(kg, args, message):
    result = kg(*args, ok=False)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", message)


def test_cypher_reads_with_driver_parameters(kg):
    # The value is never pasted into the text: a quote in it is data, not Cypher.
    tricky = "x'}) DETACH DELETE (n) //"
    result = kg(
        "cypher",
        "RETURN $text AS text, $n + 1 AS n, $ids AS ids",
        "-p",
        f"text={tricky}",
        "-p",
        "n=41",
        "-p",
        'ids=["RUS", "CHN"]',
        "--format",
        "json",
    )
    assert json.loads(result.stdout) == {"text": tricky, "n": 42, "ids": ["RUS", "CHN"]}


def test_cypher_renders_nodes_as_property_maps(kg):
    result = kg("cypher", "MATCH (e:Entity {id: $id}) RETURN e", "-p", "id=CHN", "--format", "json")
    assert json.loads(result.stdout) == {
        "e": {
            "labels": ["Country", "Entity"],
            "id": "CHN",
            "name": "China",
            "aliases": [],
            "wikidata": "Q148",
        }
    }


def test_cypher_is_read_only_unless_write(kg, graph):
    result = kg("cypher", "CREATE (n:Scratch {id: 'tmp'}) RETURN n.id AS id", ok=False)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: the query tries to write, but runs read-only: ")
    assert result.stderr.endswith("; add --write to let kg cypher write\n")
    assert result.stderr.count("\n") == 1
    assert graph.read("MATCH (n:Scratch) RETURN count(n) AS n").records[0]["n"] == 0
    result = kg(
        "cypher", "CREATE (n:Scratch {id: 'tmp'}) RETURN n.id AS id", "--write", "--format", "csv"
    )
    assert result.stdout == "id\ntmp\n"
    kg("cypher", "MATCH (n:Scratch) DELETE n", "--write")
    assert graph.read("MATCH (n:Scratch) RETURN count(n) AS n").records[0]["n"] == 0


def test_cypher_syntax_error_is_one_line_with_the_position(kg):
    result = kg("cypher", "MATCH (n) RETRN n", ok=False)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: Neo4j at ")
    assert "Invalid input 'RETRN'" in result.stderr
    assert "(line 1, column 11 (offset: 10))" in result.stderr
    assert result.stderr.count("\n") == 1


def test_cypher_timeout_stops_a_long_query(kg):
    result = kg(
        "cypher", "UNWIND range(1, 2000000000) AS x RETURN sum(x)", "--timeout", "0.1", ok=False
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: the query ran out of time at ")
    assert result.stderr.count("\n") == 1


ENTITY_METRICS = (
    "MATCH (e:Entity) RETURN e.id AS id, e.degree AS degree, e.bloc AS bloc, "
    "e.similar_to AS similar_to, e.pagerank IS NOT NULL AS ranked ORDER BY id"
)


def test_analyze_writes_metrics_back_and_clears_stale_ones(kg, graph):
    result = kg("analyze", "--top", "3", "--format", "csv")
    lines = result.stdout.splitlines()
    assert lines[0] == "id,name,type,degree,pagerank,bloc,similar_to,similarity"
    assert [line.split(",")[0] for line in lines[1:]] == ["USA", "RUS", "topic:nato-expansion"]
    assert result.stderr == "7 entities, 15 relations, 3 blocs; metrics written to Neo4j\n"
    # Blocs: RUS and CHN cooperate; USA aids and cooperates with UKR, which RUS attacks; FRA has
    # only a hostile tie (to RUS) and a neutral one (MEETS USA), so it stands alone.
    assert [tuple(r.values()) for r in graph.read(ENTITY_METRICS)] == [
        ("CHN", 2, 1, "RUS", True),
        ("FRA", 3, 3, "USA", True),
        ("RUS", 6, 1, "CHN", True),
        ("UKR", 2, 2, None, True),
        ("USA", 5, 2, "FRA", True),
        ("topic:grain-deal", 3, None, None, True),
        ("topic:nato-expansion", 3, None, None, True),
    ]
    total = graph.read("MATCH (e:Entity) RETURN sum(e.pagerank) AS total").records[0]["total"]
    assert total == pytest.approx(1.0, abs=1e-5)
    # A narrower analysis leaves no stale value on the entities it leaves out.
    result = kg("analyze", "--predicates", "COOPERATES_WITH", "--since", "2022-01-01")
    assert result.stderr == "4 entities, 2 relations, 2 blocs; metrics written to Neo4j\n"
    assert [tuple(r.values()) for r in graph.read(ENTITY_METRICS)] == [
        ("CHN", 1, 1, None, True),
        ("FRA", None, None, None, False),
        ("RUS", 1, 1, None, True),
        ("UKR", 1, 2, None, True),
        ("USA", 1, 2, None, True),
        ("topic:grain-deal", None, None, None, False),
        ("topic:nato-expansion", None, None, None, False),
    ]


def test_analyze_no_write_and_bad_filters(kg, graph):
    kg("cypher", "MATCH (e:Entity) REMOVE e.pagerank", "--write")
    kg("analyze", "--no-write")
    assert (
        graph.read("MATCH (e:Entity) WHERE e.pagerank IS NOT NULL RETURN count(e) AS n").records[0][
            "n"
        ]
        == 0
    )
    result = kg("analyze", "--since", "last week", ok=False)
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: Invalid value for '--since': 'last week' does not match the format '%Y-%m-%d'.\n"
    )
    result = kg("analyze", "--predicates", "SUPPORTS,HATES", ok=False)
    assert (result.exit_code, result.stderr.split(";")[0]) == (
        1,
        "Error: parameter 'predicates' of query 'network-edges': bad predicates "
        "'SUPPORTS,HATES': unknown predicate 'HATES'",
    )
