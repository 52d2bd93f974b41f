"""The query catalogue: headers, parameters and errors (no database needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.catalogue import Catalogue, named_parameters, parse_query
from kg.errors import InputError, UnknownQuery
from kg.schema import Schema

SCHEMA = Schema.load()

GOOD = """\
// name: who-opposes
// title: Who opposes a topic
// description: The actors that oppose it,
// description: by articles.
// param: topic id required topic:nato-expansion The topic.
// param: since date null 2022-01-01
// param: limit int 10 5 Rows at most.
// returns: actor, articles
MATCH (t:Entity {id: $topic})<-[:OBJECT]-(c:Claim {predicate: 'OPPOSES'})  // not $this
WHERE $since IS NULL OR c.published >= $since
RETURN c.subject AS actor, count(*) AS articles, "$nor_this" AS x
LIMIT $limit
"""


def write(tmp_path, name, text):
    path = tmp_path / f"{name}.cypher"
    path.write_text(text, encoding="utf-8")
    return path


def test_parse_query_reads_the_header(tmp_path):
    query = parse_query(write(tmp_path, "who-opposes", GOOD))
    assert query.name == "who-opposes"
    assert query.title == "Who opposes a topic"
    assert query.description == "The actors that oppose it, by articles."
    assert [
        (p.name, p.type, p.default, p.example, p.description, p.is_required) for p in query.params
    ] == [
        ("topic", "id", None, "topic:nato-expansion", "The topic.", True),
        ("since", "date", None, "2022-01-01", "", False),
        ("limit", "int", "10", "5", "Rows at most.", False),
    ]
    assert query.returns == ("actor", "articles")
    assert query.example == (
        "kg query run who-opposes -p topic=topic:nato-expansion -p since=2022-01-01 -p limit=5"
    )


def test_named_parameters_skip_comments_strings_and_backticks():
    cypher = "/* $a */ MATCH (n {id: $b}) // $c\nRETURN '$d', \"$e\", n.`$f`, $g, $b"
    assert named_parameters(cypher) == ["b", "g"]


def test_bind_converts_and_fills_defaults(tmp_path):
    query = parse_query(write(tmp_path, "who-opposes", GOOD))
    assert query.bind({"topic": "topic:x"}, schema=SCHEMA) == {
        "topic": "topic:x",
        "since": None,
        "limit": 10,
    }
    assert query.bind({"topic": "RUS", "since": "2022-02-04", "limit": "3"}, schema=SCHEMA) == {
        "topic": "RUS",
        "since": "2022-02-04",
        "limit": 3,
    }


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"topic": "RUS", "limt": "3"},
            "unknown parameter 'limt' for query 'who-opposes'; valid: topic (id, required, "
            "e.g. topic:nato-expansion), since (date, default null, e.g. 2022-01-01), "
            "limit (int, default 10, e.g. 5)",
        ),
        (
            {},
            "missing parameter 'topic' for query 'who-opposes'; pass -p topic=VALUE; valid: "
            "topic (id, required, e.g. topic:nato-expansion), since (date, default null, "
            "e.g. 2022-01-01), limit (int, default 10, e.g. 5)",
        ),
        (
            {"topic": "RUS", "limit": "ten"},
            "parameter 'limit' of query 'who-opposes': bad int 'ten': invalid literal for int() "
            "with base 10: 'ten'; e.g. -p limit=5",
        ),
        (
            {"topic": "RUS", "since": "2022-13-01"},
            "parameter 'since' of query 'who-opposes': bad date '2022-13-01': month must be in "
            "1..12; e.g. -p since=2022-01-01",
        ),
        (
            {"topic": "Russia"},
            "parameter 'topic' of query 'who-opposes': bad id 'Russia': not an entity id "
            "(e.g. RUS, NATO, group:west, topic:nato-expansion); "
            "e.g. -p topic=topic:nato-expansion",
        ),
    ],
    ids=["unknown", "missing", "bad-int", "bad-date", "bad-id"],
)
def test_bind_errors_are_one_line_and_list_the_valid_parameters(tmp_path, values, message):
    query = parse_query(write(tmp_path, "who-opposes", GOOD))
    with pytest.raises(InputError) as info:
        query.bind(values, schema=SCHEMA)
    assert str(info.value) == message


def test_predicate_types_are_checked_against_the_schema(tmp_path):
    text = (
        "// title: T\n// param: p predicate required OPPOSES\n"
        "// param: ps predicates null SUPPORTS,OPPOSES\nRETURN $p, $ps\n"
    )
    query = parse_query(write(tmp_path, "preds", text))
    assert query.bind({"p": "opposes", "ps": "supports, meets"}, schema=SCHEMA) == {
        "p": "OPPOSES",
        "ps": ["SUPPORTS", "MEETS"],
    }
    with pytest.raises(InputError) as info:
        query.bind({"p": "HATES"}, schema=SCHEMA)
    assert str(info.value).startswith(
        "parameter 'p' of query 'preds': bad predicate 'HATES': unknown predicate 'HATES'; "
        "valid: AGREES_WITH, AIDS, ATTACKS,"
    )


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "untitled",
            "// description: no title\nRETURN 1\n",
            "untitled.cypher:1: query has no title; add a line '// title: <one line>'",
        ),
        (
            "renamed",
            "// name: other\n// title: T\nRETURN 1\n",
            "renamed.cypher:1: query name 'other' differs from the file name; "
            "rename the file to other.cypher or fix the name",
        ),
        (
            "Bad_Name",
            "// title: T\nRETURN 1\n",
            "Bad_Name.cypher:1: bad query name 'Bad_Name'; use lower-case words joined by '-'",
        ),
        (
            "short-param",
            "// title: T\n// param: x int\nRETURN $x\n",
            "short-param.cypher:2: malformed param 'x int'; "
            "write '// param: NAME TYPE DEFAULT EXAMPLE [DESCRIPTION]'",
        ),
        (
            "bad-type",
            "// title: T\n\n// param: x number 1 2\nRETURN $x\n",
            "bad-type.cypher:3: unknown parameter type 'number'; "
            "valid: bool, date, float, id, int, list, predicate, predicates, str",
        ),
        (
            "undeclared",
            "// title: T\nRETURN $x\n",
            "undeclared.cypher:1: $x is used but not declared; "
            "add '// param: x TYPE DEFAULT EXAMPLE'",
        ),
        (
            "unused",
            "// title: T\n// param: x int 1 2\nRETURN 1\n",
            "unused.cypher:1: parameter 'x' is declared but never used",
        ),
    ],
    ids=lambda value: value if "\n" not in value and len(value) < 20 else None,
)
def test_bad_query_files_are_refused_with_file_and_line(tmp_path, name, text, message):
    path = write(tmp_path, name, text)
    with pytest.raises(InputError) as info:
        Catalogue.load(tmp_path)
    assert str(info.value) == f"{tmp_path}/{message}"
    assert path.exists()


def test_header_ends_at_the_first_line_of_cypher(tmp_path):
    text = "// title: T\nRETURN 1 AS one\n// param: x int 1 2\n"
    assert parse_query(write(tmp_path, "late", text)).params == ()


def test_adding_a_file_adds_a_query(tmp_path):
    write(tmp_path, "who-opposes", GOOD)
    write(tmp_path, "count-all", "// title: Count all nodes\nMATCH (n) RETURN count(n) AS n\n")
    catalogue = Catalogue.load(tmp_path)
    assert catalogue.names == ["count-all", "who-opposes"]
    assert [q.name for q in catalogue] == ["count-all", "who-opposes"]
    assert len(catalogue) == 2


def test_unknown_query_suggests_the_closest_name():
    catalogue = Catalogue.load()
    with pytest.raises(UnknownQuery) as info:
        catalogue.get("stance-on-topik")
    assert str(info.value) == (
        "unknown query 'stance-on-topik'; did you mean 'stance-on-topic'? (kg query list shows all)"
    )
    with pytest.raises(UnknownQuery) as info:
        catalogue.get("zzz")
    assert str(info.value) == "unknown query 'zzz' (kg query list shows all)"


def test_every_shipped_query_parses_and_its_examples_bind():
    catalogue = Catalogue.load()
    assert len(catalogue) >= 15
    for query in catalogue:
        assert query.title and query.description and query.returns, query.name
        examples = {param.name: param.example for param in query.params}
        bound = query.bind(examples, schema=SCHEMA)
        assert sorted(bound) == sorted(query.param_names)


def test_docs_page_is_generated_from_the_headers():
    docs = Path(__file__).resolve().parent.parent / "docs" / "queries.md"
    catalogue = Catalogue.load()
    assert docs.read_text(encoding="utf-8") == catalogue.markdown(), (
        "docs/queries.md is stale; regenerate it with: kg query docs > docs/queries.md"
    )
    for query in catalogue:
        assert f"\n## {query.name}\n" in catalogue.markdown()
