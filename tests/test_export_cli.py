"""kg export, kg validate, kg import and kg schema export: files, and a real Neo4j round trip."""

from __future__ import annotations

import csv
from dataclasses import replace

import networkx as nx
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, RDF
from test_rdf import CLAIMS, ENTITY, KGO, VOCABULARY

from kg.claims import Article, Evidence, claim_sort_key, read_claims, write_claims
from kg.cli import cli
from kg.errors import InputError
from kg.export import export_claims
from kg.ontology import ontology, shapes
from kg.rdf import FORMATS, read_rdf, to_claims, union_graph
from kg.store import Store

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")

SORTED = sorted(CLAIMS, key=claim_sort_key)
ARTICLE_GRAPH = URIRef("https://kg-ir.example.org/article/t-001")


@pytest.fixture
def store(clean_neo4j, neo4j_settings):
    """A Store on the wiped test database, schema applied (conftest's store section may replace
    this once the store helper fills it)."""
    store = Store(clean_neo4j, neo4j_settings.database, uri=neo4j_settings.uri)
    store.ensure_schema()
    return store


@pytest.fixture
def db_args(neo4j_settings):
    """The --uri/--user/--password/--database options that point kg at the test database."""
    return [
        *("--uri", neo4j_settings.uri, "--user", neo4j_settings.user),
        *("--password", str(neo4j_settings.password), "--database", neo4j_settings.database),
    ]


@pytest.fixture
def claims_file(tmp_path):
    path = tmp_path / "claims.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        write_claims(CLAIMS, handle)
    return path


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_claims_file_to_rdf(runner, tmp_path, claims_file, fmt):
    out = tmp_path / f"out{FORMATS[fmt][1]}"
    args = ["export", "--format", fmt, "--claims", str(claims_file), "-o", str(out)]
    result = runner.invoke(cli, args, catch_exceptions=False)
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == f"exported {len(CLAIMS)} claims as {fmt} to {out}\n"
    # The JSONL contract carries no article language, so compare with the file's claims.
    assert to_claims(read_rdf(out), VOCABULARY) == sorted(
        read_claims(claims_file), key=claim_sort_key
    )


def test_export_to_stdout(runner, claims_file):
    args = ["export", "--format", "nq", "--claims", str(claims_file), "-o", "-"]
    result = runner.invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert f"<{ARTICLE_GRAPH}> ." in lines[-1]
    assert len(lines) == len(set(lines))


def test_export_graphml(runner, tmp_path, claims_file):
    out = tmp_path / "g.graphml"
    args = ["export", "--format", "graphml", "--claims", str(claims_file), "-o", str(out)]
    result = runner.invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0
    graph = nx.read_graphml(out, force_multigraph=True)
    assert set(graph.nodes) == {"SWE", "OSCE", "group:west", "person:ada-example",
                                "topic:arctic-shipping", "region:baltic-sea"}  # fmt: skip
    assert graph.nodes["SWE"] == {"label": "Sweden", "type": "Country"}
    assert graph.number_of_edges() == len(CLAIMS)
    claim = SORTED[0]
    edge = graph.edges[claim.subject.id, claim.object.id, claim.id]
    assert (edge["predicate"], edge["polarity"], edge["start"], edge["title"]) == (
        claim.predicate,
        claim.polarity,
        claim.evidence.start,
        'A "test" article',
    )


def test_export_csv_writes_nodes_and_edges(runner, tmp_path, claims_file):
    out = tmp_path / "csv"
    args = ["export", "--format", "csv", "--claims", str(claims_file), "-o", str(out)]
    assert runner.invoke(cli, args, catch_exceptions=False).exit_code == 0
    with (out / "nodes.csv").open(encoding="utf-8", newline="") as handle:
        nodes = list(csv.reader(handle))
    assert nodes[:3] == [["id", "label", "type"], ["OSCE", "OSCE", "Organization"],
                         ["SWE", "Sweden", "Country"]]  # fmt: skip
    assert len(nodes) == 7
    with (out / "edges.csv").open(encoding="utf-8", newline="") as handle:
        edges = list(csv.DictReader(handle))
    first = CLAIMS[0]
    assert len(edges) == len(CLAIMS)
    assert (edges[0]["claim"], edges[0]["sentence"], edges[0]["attributed_to"]) == (
        first.id,
        first.evidence.text,
        "",
    )


def test_export_rejects_filters_with_a_claims_file(runner, tmp_path, claims_file):
    out = str(tmp_path / "x.ttl")
    args = ["export", "--format", "ttl", "--claims", str(claims_file), "-o", out, "--actor", "SWE"]
    result = runner.invoke(cli, args)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "Error: the filters select claims in Neo4j; drop them or drop --claims\n"
    )


def test_export_reports_a_bad_wikidata_file(runner, tmp_path, claims_file):
    mapping = tmp_path / "wd.tsv"
    mapping.write_text("id\twikidata\nSWE\tQ34\nOSCE\tosce\n", encoding="utf-8")
    out = str(tmp_path / "x.ttl")
    args = ["export", "--format", "ttl", "--claims", str(claims_file), "-o", out]
    args += ["--wikidata", str(mapping)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {mapping}:3: expected an entity id, a tab and a QID like Q159; fix the line\n"
    )


def test_validate_accepts_an_export(runner, tmp_path, claims_file):
    out = tmp_path / "x.trig"
    runner.invoke(cli, ["export", "--format", "trig", "--claims", str(claims_file), "-o", str(out)])
    result = runner.invoke(cli, ["validate", str(out)], catch_exceptions=False)
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == f"{out}: conforms to the kg shapes\n"


def test_validate_lists_violations_and_exits_1(runner, tmp_path):
    claim = SORTED[0]
    graph = Graph()
    graph.parse(data=read_rdf_text(claim), format="nquads")
    node = VOCABULARY.claim[claim.id]
    graph.remove((node, VOCABULARY.term("start"), None))
    graph.set((node, RDF.predicate, URIRef(KGO + "LEADER_OF")))
    path = tmp_path / "bad.ttl"
    graph.serialize(str(path), format="turtle")
    result = runner.invoke(cli, ["validate", str(path)])
    rule = "LEADER_OF needs a subject of type Person and an object of type Country or Organization"
    assert result.exit_code == 1
    assert result.stdout == (
        f"claim:{claim.id}: {rule}\n"
        f"claim:{claim.id} kgo:start: Less than 1 values on <{node}>->kgo:start\n"
    )
    assert result.stderr == f"Error: {path}: 2 violations of the kg shapes (listed above)\n"


def read_rdf_text(claim):
    import io

    from kg.rdf import write_quads

    stream = io.StringIO()
    write_quads([claim], stream, VOCABULARY, fmt="nt")
    return stream.getvalue()


def test_schema_export_writes_the_ontology_and_the_shapes(runner):
    result = runner.invoke(cli, ["schema", "export", "--format", "ttl"], catch_exceptions=False)
    assert result.exit_code == 0
    assert isomorphic(Graph().parse(data=result.stdout, format="turtle"), ontology(VOCABULARY))
    result = runner.invoke(cli, ["schema", "export", "--shapes"], catch_exceptions=False)
    # isomorphic() is slow on the shapes' many blank nodes: compare the named part and the size.
    got, expected = Graph().parse(data=result.stdout, format="turtle"), shapes(VOCABULARY)
    assert len(got) == len(expected)
    assert named_triples(got) == named_triples(expected)


def named_triples(graph):
    return {t for t in graph if not any(isinstance(term, BNode) for term in t)}


def test_commands_have_help_with_an_example(runner):
    for args in (["export"], ["validate"], ["import"]):
        result = runner.invoke(cli, [*args, "--help"], catch_exceptions=False)
        assert result.exit_code == 0
        assert f"kg {args[0]} " in result.stdout


# ---------------------------------------------------------------- with Neo4j


# A second article from another source, with only an id and a source: claims in two named graphs.
OTHER = Article("t-002", source="Other Wire", published="2023-11")
ROUND_TRIP = [
    *CLAIMS,
    replace(CLAIMS[0], article=OTHER, evidence=Evidence("Another sentence.", 0, 17, "en")),
    replace(CLAIMS[1], article=OTHER, evidence=Evidence("A third one.", 20, 32, None)),
]
OTHER_GRAPH = URIRef("https://kg-ir.example.org/article/t-002")


def _kg(runner, *args):
    result = runner.invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0
    return result.stderr


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_neo4j_to_rdf_to_fresh_neo4j_to_rdf_is_isomorphic(runner, store, db_args, tmp_path, fmt):
    store.load_claims(ROUND_TRIP)
    first, second = tmp_path / f"first{FORMATS[fmt][1]}", tmp_path / f"second{FORMATS[fmt][1]}"
    stderr = _kg(runner, "export", "--format", fmt, "-o", str(first), *db_args)
    assert stderr == f"exported {len(ROUND_TRIP)} claims as {fmt} to {first}\n"
    store.driver.execute_query("MATCH (n) DETACH DELETE n")
    assert list(store.read_claims()) == []
    stderr = _kg(runner, "import", str(first), *db_args)
    assert stderr.startswith(f"2 articles (0 replaced), {len(ROUND_TRIP)} claims")
    _kg(runner, "export", "--format", fmt, "-o", str(second), *db_args)
    before, after = read_rdf(first), read_rdf(second)
    assert isomorphic(union_graph(before), union_graph(after))
    if fmt in ("nq", "trig", "jsonld"):
        for name in (ARTICLE_GRAPH, OTHER_GRAPH):
            assert isomorphic(before.graph(name), after.graph(name))
        assert isomorphic(before.default_graph, after.default_graph)
    claims = to_claims(after, VOCABULARY)
    assert claims == to_claims(before, VOCABULARY)
    # The store fills in what the claims leave open (an article's language), nothing else.
    assert [c.id for c in claims] == [c.id for c in sorted(ROUND_TRIP, key=claim_sort_key)]
    # What the round trip carried: both sources, attribution, agents, denials, Wikidata links.
    union, term = union_graph(after), VOCABULARY.term
    assert set(union.objects(None, DCTERMS.publisher)) == {
        Literal("Example News"),
        Literal("Other Wire"),
    }
    assert len(set(union.subjects(term("attributedTo"), None))) == sum(
        1 for c in ROUND_TRIP if c.attributed_to
    )
    assert len(set(union.subjects(term("agent"), None))) == sum(1 for c in ROUND_TRIP if c.agent)
    assert len(set(union.subjects(term("polarity"), Literal("negative")))) == sum(
        1 for c in ROUND_TRIP if c.polarity == "negative"
    )
    assert set(union.subject_objects(OWL.sameAs)) == {
        (URIRef(ENTITY + "SWE"), URIRef("http://www.wikidata.org/entity/Q34")),
        (URIRef(ENTITY + "OSCE"), URIRef("http://www.wikidata.org/entity/Q81299")),
    }


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_export_from_neo4j_validates(runner, store, db_args, tmp_path, fmt):
    store.load_claims(CLAIMS[:60])
    out = tmp_path / f"x{FORMATS[fmt][1]}"
    runner.invoke(cli, ["export", "--format", fmt, "-o", str(out), *db_args],
                  catch_exceptions=False)  # fmt: skip
    result = runner.invoke(cli, ["validate", str(out)], catch_exceptions=False)
    assert (result.exit_code, result.stdout) == (0, "")


def test_export_filters_select_claims_in_neo4j(runner, store, db_args, tmp_path):
    store.load_claims(CLAIMS)
    out = tmp_path / "x.ttl"
    args = ["export", "--format", "ttl", "-o", str(out), "--predicates", "MEETS,LEADER_OF"]
    runner.invoke(cli, [*args, *db_args], catch_exceptions=False)
    got = to_claims(read_rdf(out), VOCABULARY)
    assert got == [c for c in SORTED if c.predicate in ("MEETS", "LEADER_OF")]
    assert {c.predicate for c in got} == {"MEETS", "LEADER_OF"}
    assert len(got) < len(CLAIMS)


def test_import_refuses_a_file_with_a_claim_outside_the_schema(runner, store, db_args, tmp_path):
    graph = Graph().parse(data=read_rdf_text(SORTED[0]), format="nt")
    graph.set((VOCABULARY.claim[SORTED[0].id], RDF.predicate, URIRef(KGO + "LIKES")))
    path = tmp_path / "bad.nt"
    graph.serialize(str(path), format="nt", encoding="utf-8")
    result = runner.invoke(cli, ["import", str(path), *db_args])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {path}: <https://kg-ir.example.org/claim/{SORTED[0].id}>: unknown predicate "
        f"<{KGO}LIKES>; export it again with kg export\n"
    )
    assert list(store.read_claims()) == []


def test_export_csv_to_stdout_is_refused(runner, claims_file):
    args = ["export", "--format", "csv", "--claims", str(claims_file), "-o", "-"]
    result = runner.invoke(cli, args)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "Error: csv is written to a file or folder, not stdout; give -o PATH\n"


def test_export_base_and_wikidata_options(runner, tmp_path, claims_file):
    mapping = tmp_path / "wd.tsv"
    mapping.write_text("id\twikidata\nSWE\tQ34\n", encoding="utf-8")
    out = tmp_path / "x.nt"
    args = ["export", "--format", "nt", "--claims", str(claims_file), "-o", str(out)]
    args += ["--base", "https://data.example.net/", "--wikidata", str(mapping)]
    assert runner.invoke(cli, args, catch_exceptions=False).exit_code == 0
    graph = Graph().parse(str(out), format="nt")
    same = set(graph.subject_objects(URIRef("http://www.w3.org/2002/07/owl#sameAs")))
    assert same == {
        (
            URIRef("https://data.example.net/entity/SWE"),
            URIRef("http://www.wikidata.org/entity/Q34"),
        )
    }
    assert to_claims(graph, VOCABULARY) == sorted(read_claims(claims_file), key=claim_sort_key)


def _same_as(path):
    graph = Graph().parse(str(path), format="nt")
    return set(graph.subject_objects(URIRef("http://www.w3.org/2002/07/owl#sameAs")))


def test_export_links_gazetteer_entities_to_wikidata_by_default(runner, tmp_path, claims_file):
    out = tmp_path / "x.nt"
    args = ["export", "--format", "nt", "--claims", str(claims_file), "-o", str(out)]
    assert runner.invoke(cli, args, catch_exceptions=False).exit_code == 0
    # Of the sample's entities the gazetteer knows Sweden (country-coder) and the OSCE (by hand).
    assert _same_as(out) == {
        (URIRef(ENTITY + "SWE"), URIRef("http://www.wikidata.org/entity/Q34")),
        (URIRef(ENTITY + "OSCE"), URIRef("http://www.wikidata.org/entity/Q81299")),
    }
    assert runner.invoke(cli, [*args, "--no-wikidata"], catch_exceptions=False).exit_code == 0
    assert _same_as(out) == set()


def test_export_refuses_wikidata_and_no_wikidata_together(runner, tmp_path, claims_file):
    mapping = tmp_path / "wd.tsv"
    mapping.write_text("SWE\tQ34\n", encoding="utf-8")
    args = ["export", "--format", "nt", "--claims", str(claims_file), "-o", str(tmp_path / "x.nt")]
    result = runner.invoke(cli, [*args, "--wikidata", str(mapping), "--no-wikidata"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "Error: --wikidata and --no-wikidata exclude each other; drop one\n"


@pytest.mark.parametrize("fmt", ["jsonld", "graphml"])
def test_in_memory_formats_refuse_more_claims_than_their_limit(tmp_path, fmt):
    out, limit = tmp_path / f"x.{fmt}", len(CLAIMS) - 1
    with pytest.raises(InputError) as err:
        export_claims(CLAIMS, out, fmt=fmt, vocabulary=VOCABULARY, in_memory_limit=limit)
    assert str(err.value) == (
        f"{fmt} is built in memory and takes at most {limit} claims; export more with "
        "--format nq, trig, ttl or nt (streamed, any number), or select fewer with the filters"
    )
    assert not out.exists()
    got = export_claims(CLAIMS, out, fmt=fmt, vocabulary=VOCABULARY, in_memory_limit=len(CLAIMS))
    assert got == len(CLAIMS)


def test_json_ld_refuses_more_claims_than_fit_in_2_gb_by_default(tmp_path):
    out = tmp_path / "x.jsonld"
    with pytest.raises(InputError) as err:
        export_claims(iter([CLAIMS[0]] * 40_001), out, fmt="jsonld", vocabulary=VOCABULARY)
    assert str(err.value).startswith("jsonld is built in memory and takes at most 40,000 claims;")
    assert not out.exists()


@pytest.mark.parametrize("fmt", ["nt", "nq", "ttl", "trig", "csv"])
def test_streamed_formats_take_any_number_of_claims(tmp_path, fmt):
    out = tmp_path / f"x.{fmt}"
    got = export_claims(iter(CLAIMS), out, fmt=fmt, vocabulary=VOCABULARY, in_memory_limit=1)
    assert got == len(CLAIMS)
