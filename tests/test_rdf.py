"""kg.rdf and kg.ontology: the ontology and shapes from the schema, claims to RDF and back."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from kg.claims import Article, Claim, Entity, Evidence, Extractor, claim_sort_key
from kg.errors import InputError, SchemaError
from kg.ntriples import read_rdf_claims, stream_claims
from kg.ontology import Violation, ontology, shapes, validate
from kg.paths import loaders_data_dir
from kg.rdf import (
    FORMATS,
    Vocabulary,
    format_for,
    gazetteer_wikidata_file,
    read_rdf,
    read_wikidata,
    to_claims,
    to_dataset,
    union_graph,
    write_dataset,
    write_quads,
    write_turtle,
)
from kg.schema import Schema

# rdflib 7.6's own N-Quads and TriG plugins call its deprecated Dataset API.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")

SCHEMA = Schema.load()
VOCABULARY = Vocabulary.from_schema(SCHEMA)
KGO = "https://kg-ir.example.org/ontology#"
ENTITY = "https://kg-ir.example.org/entity/"

# One entity of every type, written for these tests.
SAMPLE = {
    "Country": Entity("SWE", "Sweden", "Country"),
    "Organization": Entity("OSCE", "OSCE", "Organization"),
    "Group": Entity("group:west", "the West", "Group"),
    "Person": Entity("person:ada-example", "Ada Example", "Person"),
    "Topic": Entity("topic:arctic-shipping", "Arctic shipping", "Topic"),
    "Region": Entity("region:baltic-sea", "Baltic Sea", "Region"),
}
ARTICLE = Article(
    "t-001",
    title='A "test" article',
    url="https://news.example.org/a?x=1&y=2",
    published="2024-05-01",
    source="Example News",
    lang="sv",
)
RULES = Extractor("rules", "2")


def sample_claims() -> list[Claim]:
    """One claim for every predicate and every allowed (subject, object) type pair."""
    claims = []
    offset = 0
    for name in SCHEMA.predicate_names:
        predicate = SCHEMA.predicate(name)
        for s_type in predicate.subject:
            for o_type in predicate.object:
                claims.append(
                    Claim(
                        subject=SAMPLE[s_type],
                        predicate=name,
                        object=SAMPLE[o_type],
                        evidence=Evidence(
                            f"Sentence {offset}\nwith \\ and \u00e5.", offset, offset + 9, "sv"
                        ),
                        article=ARTICLE,
                        extractor=RULES,
                        polarity="negative" if offset % 3 == 0 else "positive",
                        attributed_to=SAMPLE["Country"] if offset % 2 else None,
                        agent=SAMPLE["Person"] if offset % 5 == 0 else None,
                        confidence=0.5 + (offset % 7) / 20,
                        rules=("a-rule", "b-rule") if offset % 4 == 0 else (),
                    )
                )
                offset += 10
    return claims


CLAIMS = sample_claims()


def test_vocabulary_is_closed_over_the_schema():
    assert VOCABULARY.term("OPPOSES") == URIRef(KGO + "OPPOSES")
    assert VOCABULARY.term("Region") == URIRef(KGO + "Region")
    with pytest.raises(SchemaError) as err:
        VOCABULARY.term("LIKES")
    assert str(err.value) == "'LIKES' is not a term of the kg ontology"


def test_ontology_has_a_class_per_type_and_a_property_per_predicate():
    graph = ontology(VOCABULARY)
    classes = {s for s in graph.subjects(RDF.type, OWL.Class) if isinstance(s, URIRef)}
    assert classes == {
        URIRef(KGO + n) for n in [*SCHEMA.type_names, "Entity", "Actor", "Article", "Claim"]
    }
    properties = set(graph.subjects(RDF.type, OWL.ObjectProperty))
    assert {URIRef(KGO + n) for n in SCHEMA.predicate_names} <= properties
    symmetric = set(graph.subjects(RDF.type, OWL.SymmetricProperty))
    assert symmetric == {URIRef(KGO + n) for n in ("AGREES_WITH", "COOPERATES_WITH", "MEETS")}
    assert graph.value(URIRef(KGO + "LEADER_OF"), RDFS.domain) == URIRef(KGO + "Person")
    assert graph.value(URIRef(KGO + "OPPOSES"), RDFS.domain) == URIRef(KGO + "Actor")
    assert graph.value(URIRef(KGO + "MEMBER_OF"), RDFS.range) == URIRef(KGO + "Organization")
    assert graph.value(URIRef(KGO + "OPPOSES"), RDFS.label) == Literal("opposes")
    assert graph.value(URIRef(KGO + "CONCERNED_ABOUT"), RDFS.comment) == Literal(
        "Expresses concern, worry or alarm about."
    )
    assert graph.value(URIRef(KGO + "SANCTIONS"), URIRef(KGO + "cameo")) == Literal("16x")
    assert graph.value(URIRef(KGO + "Topic"), RDFS.subClassOf) == URIRef(KGO + "Entity")
    assert graph.value(URIRef(KGO + "Group"), RDFS.subClassOf) == URIRef(KGO + "Actor")


def test_ontology_union_range_lists_the_allowed_types():
    graph = ontology(VOCABULARY)
    union = graph.value(URIRef(KGO + "CLAIMS"), RDFS.range)
    members = set(graph.items(graph.value(union, OWL.unionOf)))
    assert members == {URIRef(KGO + "Country"), URIRef(KGO + "Region")}


def test_ontology_round_trips_through_turtle():
    graph = ontology(VOCABULARY)
    again = Graph().parse(data=graph.serialize(format="turtle"), format="turtle")
    assert isomorphic(graph, again)


def test_shapes_are_valid_shacl_and_the_sample_export_conforms():
    assert validate(to_dataset(CLAIMS, VOCABULARY), VOCABULARY) == []
    assert len(
        list(shapes(VOCABULARY).subjects(RDF.type, URIRef("http://www.w3.org/ns/shacl#NodeShape")))
    ) == (len(SCHEMA.entity_types) + 3 + 2 * len(SCHEMA.predicates))


def test_validate_lists_violations_readably():
    claim = Claim(
        SAMPLE["Country"], "MEMBER_OF", SAMPLE["Organization"], Evidence("x", 0, 9), ARTICLE, RULES
    )
    graph = union_graph(to_dataset([claim], VOCABULARY))
    node = VOCABULARY.claim[claim.id]
    rus = URIRef(ENTITY + "RUS")
    graph.set((node, RDF.object, rus))
    graph.add((rus, RDF.type, URIRef(KGO + "Country")))
    graph.add((rus, DCTERMS.identifier, Literal("Rus")))
    graph.set((node, URIRef(KGO + "polarity"), Literal("maybe")))
    graph.add((URIRef(ENTITY + "SWE"), URIRef(KGO + "MEMBER_OF"), rus))
    rule = (
        "MEMBER_OF needs a subject of type Country, Group, Organization or Person "
        "and an object of type Organization"
    )
    focus = f"claim:{claim.id}"
    assert [str(v) for v in validate(graph, VOCABULARY)] == [
        f"{focus}: {rule}",
        f"{focus} kgo:polarity: polarity must be one of positive, negative (value maybe)",
        "entity:RUS dcterms:identifier: a Country id must match [A-Z]{3} (value Rus)",
        "entity:RUS rdfs:label: Less than 1 values on entity:RUS->rdfs:label",
        f"entity:SWE kgo:MEMBER_OF: {rule} (value entity:RUS)",
    ]
    assert validate(graph, VOCABULARY)[0] == Violation(focus, "", rule, focus)


def test_claims_become_reified_statements_with_provenance():
    claim = CLAIMS[1]
    dataset = to_dataset([claim], VOCABULARY)
    node = VOCABULARY.claim[claim.id]
    article = URIRef("https://kg-ir.example.org/article/t-001")
    named = dataset.graph(article)
    assert named.value(node, RDF.subject) == URIRef(ENTITY + claim.subject.id)
    assert named.value(node, RDF.predicate) == URIRef(KGO + claim.predicate)
    assert named.value(node, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")) == article
    assert named.value(node, URIRef(KGO + "evidence")) == Literal(claim.evidence.text, lang="sv")
    default = dataset.default_graph
    assert default.value(article, DCTERMS.publisher) == Literal("Example News")
    assert (
        str(default.value(article, DCTERMS.issued).datatype)
        == "http://www.w3.org/2001/XMLSchema#date"
    )


def test_only_positive_claims_are_asserted_directly():
    positive, negative = CLAIMS[1], CLAIMS[0]
    assert (positive.polarity, negative.polarity) == ("positive", "negative")
    graph = union_graph(to_dataset([positive, negative], VOCABULARY))
    direct = {
        (str(s), str(p), str(o))
        for s, p, o in graph
        if str(p).startswith(KGO) and str(p)[len(KGO) :] in SCHEMA.predicates
    }
    assert direct == {
        (ENTITY + positive.subject.id, KGO + positive.predicate, ENTITY + positive.object.id)
    }


def test_wikidata_same_as_where_the_mapping_knows_the_item():
    graph = union_graph(to_dataset(CLAIMS[:3], VOCABULARY, wikidata={"SWE": "Q34", "XKX": "Q1246"}))
    same = set(graph.subject_objects(OWL.sameAs))
    assert same == {(URIRef(ENTITY + "SWE"), URIRef("http://www.wikidata.org/entity/Q34"))}


# ---------------------------------------------------------------- Wikidata links (issue 7)

GAZETTEER = loaders_data_dir() / "gazetteer"


def _gazetteer_ids(name):
    lines = (GAZETTEER / name).read_text(encoding="utf-8").splitlines()
    body = [line for line in lines if line.strip() and not line.startswith("#")][1:]
    return {line.split("\t")[0] for line in body}


def test_gazetteer_wikidata_links_countries_regions_and_organisations():
    mapping = read_wikidata(gazetteer_wikidata_file())
    expected = {
        "SWE": "Q34",
        "RUS": "Q159",
        "CHN": "Q148",
        "USA": "Q30",
        "UKR": "Q212",
        "XKX": "Q1246",  # Kosovo: the GUIDE's id, a user-assigned ISO code
        "TWN": "Q865",
        "EU": "Q458",
        "UN": "Q1065",
        "NATO": "Q7184",
        "UNSC": "Q37470",
        "region:crimea": "Q7835",
        "region:africa": "Q15",
    }
    assert {key: mapping.get(key) for key in expected} == expected
    countries = _gazetteer_ids("countries.tsv")
    assert countries - set(mapping) == {"ZZZ"}  # CLDR's "Unknown Region" is no Wikidata item
    known = countries | _gazetteer_ids("regions.tsv") | _gazetteer_ids("organizations.tsv")
    assert set(mapping) - known == set()


def test_generated_wikidata_is_up_to_date():
    script = loaders_data_dir() / "build_wikidata.py"
    done = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (0, "")


def test_read_wikidata_takes_an_optional_source_column(tmp_path):
    path = tmp_path / "wd.tsv"
    path.write_text(
        "# comment\n\nid\twikidata\tsource\nSWE\tQ34\tcountry-coder\nOSCE\tQ81299\n",
        encoding="utf-8",
    )
    assert read_wikidata(path) == {"SWE": "Q34", "OSCE": "Q81299"}
    path.write_text("id\twikidata\nSWE\tQ34\textra\tcolumn\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_wikidata(path)
    assert str(err.value) == (
        f"{path}:2: expected an entity id, a tab and a QID like Q159; fix the line"
    )


def test_base_moves_instance_iris_but_not_the_ontology():
    vocabulary = Vocabulary.from_schema(SCHEMA, base="https://data.example.net/ir/")
    assert vocabulary.entity_iri("group:west") == URIRef(
        "https://data.example.net/ir/entity/group:west"
    )
    assert vocabulary.article_iri("a b/c") == URIRef(
        "https://data.example.net/ir/article/a%20b%2Fc"
    )
    assert vocabulary.term("MEETS") == URIRef(KGO + "MEETS")
    dataset = to_dataset(CLAIMS, vocabulary)
    assert validate(dataset, vocabulary) == []
    assert to_claims(dataset, VOCABULARY) == sorted(CLAIMS, key=claim_sort_key)
    with pytest.raises(InputError) as err:
        Vocabulary.from_schema(SCHEMA, base="https://data.example.net/ir")
    assert (
        str(err.value) == "RDF base 'https://data.example.net/ir' must end with '/' or '#'; add one"
    )


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_round_trips_claims_and_graphs(tmp_path, fmt):
    dataset = to_dataset(CLAIMS, VOCABULARY, wikidata={"SWE": "Q34"})
    path = tmp_path / f"claims{FORMATS[fmt][1]}"
    with path.open("wb") as handle:
        write_dataset(dataset, handle, fmt=fmt)
    parsed = read_rdf(path)
    assert to_claims(parsed, VOCABULARY, name=str(path)) == sorted(CLAIMS, key=claim_sort_key)
    assert isomorphic(union_graph(parsed), union_graph(dataset))
    if fmt in ("nq", "trig", "jsonld"):
        contexts = {str(g.identifier) for g in parsed.graphs() if len(g)}
        assert "https://kg-ir.example.org/article/t-001" in contexts
        assert isomorphic(
            parsed.graph(URIRef("https://kg-ir.example.org/article/t-001")),
            dataset.graph(URIRef("https://kg-ir.example.org/article/t-001")),
        )


@pytest.mark.parametrize("fmt", ["nt", "nq"])
def test_streamed_lines_equal_the_in_memory_dataset(fmt):
    stream = io.StringIO()
    count = write_quads(CLAIMS, stream, VOCABULARY, fmt=fmt, wikidata={"SWE": "Q34"})
    assert count == len(CLAIMS)
    expected = to_dataset(CLAIMS, VOCABULARY, wikidata={"SWE": "Q34"})
    parsed = Dataset().parse(data=stream.getvalue(), format=FORMATS[fmt][0])
    if fmt == "nq":
        assert set(parsed.quads()) == set(expected.quads())
    assert set(union_graph(parsed)) == set(union_graph(expected))


@pytest.mark.parametrize("fmt", ["ttl", "trig"])
def test_streamed_turtle_equals_the_in_memory_dataset(fmt):
    stream = io.StringIO()
    count = write_turtle(CLAIMS, stream, VOCABULARY, fmt=fmt, wikidata={"SWE": "Q34"})
    assert count == len(CLAIMS)
    text = stream.getvalue()
    assert "owl:sameAs wd:Q34" in text and "entity:topic:arctic-shipping" in text  # prefixed
    expected = to_dataset(CLAIMS, VOCABULARY, wikidata={"SWE": "Q34"})
    parsed = Dataset().parse(data=text, format=FORMATS[fmt][0])
    if fmt == "trig":
        assert set(parsed.quads()) == set(expected.quads())
    assert set(union_graph(parsed)) == set(union_graph(expected))


def test_streamed_turtle_escapes_what_a_prefixed_name_cannot_hold():
    claim = Claim(
        SAMPLE["Country"],
        "SUPPORTS",
        SAMPLE["Topic"],
        Evidence('Tab\there, "quoted", back\\slash \U0001f600\r\nend', 3, 40, "sv"),
        Article("a/b c?.", title="T\u00eftle", published="May 2024"),
        Extractor("rules", "2.1"),
    )
    for fmt in ("ttl", "trig"):
        stream = io.StringIO()
        write_turtle([claim], stream, VOCABULARY, fmt=fmt)
        parsed = Dataset().parse(data=stream.getvalue(), format=FORMATS[fmt][0])
        assert to_claims(parsed, VOCABULARY) == [claim]


def test_write_quads_refuses_formats_it_cannot_stream():
    with pytest.raises(InputError) as err:
        write_quads(CLAIMS, io.StringIO(), VOCABULARY, fmt="ttl")
    assert str(err.value) == "streaming writes nt or nq, not 'ttl'"
    with pytest.raises(InputError) as err:
        write_turtle(CLAIMS, io.StringIO(), VOCABULARY, fmt="nq")
    assert str(err.value) == "streaming Turtle writes ttl or trig, not 'nq'"


def test_export_refuses_a_claim_outside_the_schema():
    bad = Claim(SAMPLE["Topic"], "OPPOSES", SAMPLE["Country"], Evidence("x", 0, 1), ARTICLE, RULES)
    with pytest.raises(SchemaError) as err:
        to_dataset([bad], VOCABULARY)
    assert str(err.value) == "OPPOSES does not allow a Topic subject"


def test_import_names_the_file_and_node_of_a_bad_claim(tmp_path):
    claim = CLAIMS[1]
    graph = union_graph(to_dataset([claim], VOCABULARY))
    graph.remove((VOCABULARY.claim[claim.id], URIRef(KGO + "start"), None))
    path = tmp_path / "bad.ttl"
    graph.serialize(str(path), format="turtle")
    with pytest.raises(InputError) as err:
        to_claims(read_rdf(path), VOCABULARY, name=str(path))
    assert str(err.value) == (
        f"{path}: <https://kg-ir.example.org/claim/{claim.id}>: missing kgo:start; "
        "export it again with kg export"
    )


def test_import_rejects_an_unknown_predicate(tmp_path):
    claim = CLAIMS[1]
    graph = union_graph(to_dataset([claim], VOCABULARY))
    graph.set((VOCABULARY.claim[claim.id], RDF.predicate, URIRef(KGO + "LIKES")))
    with pytest.raises(InputError) as err:
        to_claims(graph, VOCABULARY, name="x.ttl")
    assert str(err.value) == (
        f"x.ttl: <https://kg-ir.example.org/claim/{claim.id}>: unknown predicate <{KGO}LIKES>; "
        "export it again with kg export"
    )


def test_read_rdf_reports_bad_syntax_and_unknown_suffix(tmp_path):
    path = tmp_path / "broken.ttl"
    path.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_rdf(path)
    assert str(err.value).startswith(f"{path}: not valid turtle: ")
    assert "\n" not in str(err.value)
    with pytest.raises(InputError) as err:
        format_for(Path("x.rdf"))
    assert (
        str(err.value)
        == "x.rdf: unknown RDF file suffix '.rdf'; use one of .ttl, .nt, .nq, .trig, .jsonld"
    )


ids = st.sampled_from(sorted(SAMPLE))
text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)


@st.composite
def claims(draw):
    name = draw(st.sampled_from(SCHEMA.predicate_names))
    predicate = SCHEMA.predicate(name)
    start = draw(st.integers(0, 10_000))
    return Claim(
        subject=SAMPLE[draw(st.sampled_from(predicate.subject))],
        predicate=name,
        object=SAMPLE[draw(st.sampled_from(predicate.object))],
        evidence=Evidence(
            draw(text),
            start,
            start + draw(st.integers(0, 500)),
            draw(st.sampled_from([None, "en", "de"])),
        ),
        article=Article(
            draw(st.text(min_size=1, max_size=12)),
            title=draw(st.none() | text),
            published=draw(st.none() | st.just("2023-01-31") | text),
        ),
        extractor=Extractor(
            draw(st.sampled_from(["rules", "ml x"])), draw(st.sampled_from(["1", "2.0"]))
        ),
        polarity=draw(st.sampled_from(["positive", "negative"])),
        confidence=draw(st.integers(0, 1000)) / 1000,
        rules=tuple(sorted(draw(st.sets(st.sampled_from(["r1", "r2", "r3"]))))),
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(claims(), max_size=4, unique_by=lambda c: c.id))
def test_claims_round_trip_through_n_quads(batch):
    stream = io.StringIO()
    write_quads(batch, stream, VOCABULARY, fmt="nq")
    parsed = Dataset().parse(data=stream.getvalue(), format="nquads")
    # Entities and articles are described once, from their first claim: compare against that.
    assert [c.id for c in to_claims(parsed, VOCABULARY)] == [
        c.id for c in sorted(batch, key=claim_sort_key)
    ]
    assert set(parsed.quads()) == set(to_dataset(batch, VOCABULARY).quads())


# ---------------------------------------------------------------- kg.ntriples: streamed import


@pytest.mark.parametrize("fmt", ["nt", "nq"])
def test_stream_claims_reads_back_what_write_quads_wrote(tmp_path, fmt):
    path = tmp_path / f"claims.{fmt}"
    with path.open("w", encoding="utf-8") as handle:
        write_quads(CLAIMS, handle, VOCABULARY, fmt=fmt)
    assert list(stream_claims(path, VOCABULARY)) == CLAIMS  # file order is claim order


def test_stream_claims_accepts_lines_in_any_order(tmp_path):
    stream = io.StringIO()
    write_quads(CLAIMS, stream, VOCABULARY, fmt="nq")
    path = tmp_path / "shuffled.nq"
    path.write_text("".join(sorted(stream.getvalue().splitlines(keepends=True))), encoding="utf-8")
    got = list(stream_claims(path, VOCABULARY))
    assert sorted(got, key=claim_sort_key) == sorted(CLAIMS, key=claim_sort_key)


def test_stream_claims_agrees_with_rdflib_on_escapes(tmp_path):
    claim = Claim(
        SAMPLE["Country"],
        "SUPPORTS",
        SAMPLE["Topic"],
        Evidence(
            'Tab\there, "quoted", back\\slash, \u00e5\u00e4\u00f6 \U0001f600\r\nend', 3, 40, "sv"
        ),
        Article("a/b c?", title="T\u00eftle \\u0041", published="May 2024"),
        Extractor("rules", "2.1"),
    )
    path = tmp_path / "escapes.nt"
    with path.open("w", encoding="utf-8") as handle:
        write_quads([claim], handle, VOCABULARY, fmt="nt")
    assert list(stream_claims(path, VOCABULARY)) == [claim]
    assert to_claims(Graph().parse(str(path), format="nt"), VOCABULARY) == [claim]


def test_stream_claims_names_file_and_line_of_a_bad_line(tmp_path):
    path = tmp_path / "bad.nt"
    path.write_text("# a comment\n\n_:b1 <http://x/p> <http://x/o> .\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        list(stream_claims(path, VOCABULARY))
    assert str(err.value) == (
        f"{path}:3: not an N-Triples/N-Quads line of IRIs and literals (no blank nodes)"
    )


def test_stream_claims_reports_a_missing_field_like_the_graph_reader(tmp_path):
    claim = CLAIMS[1]
    stream = io.StringIO()
    write_quads([claim], stream, VOCABULARY, fmt="nt")
    path = tmp_path / "bad.nt"
    lines = [line for line in stream.getvalue().splitlines(keepends=True) if "#start>" not in line]
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(InputError) as err:
        list(stream_claims(path, VOCABULARY))
    assert str(err.value) == (
        f"{path}: <https://kg-ir.example.org/claim/{claim.id}>: missing kgo:start; "
        "export it again with kg export"
    )


def test_read_rdf_claims_streams_n_quads_and_parses_the_rest(tmp_path):
    dataset = to_dataset(CLAIMS, VOCABULARY)
    for fmt in ("nq", "ttl"):
        path = tmp_path / f"x{FORMATS[fmt][1]}"
        with path.open("wb") as handle:
            write_dataset(dataset, handle, fmt=fmt)
        got = sorted(read_rdf_claims(path, VOCABULARY), key=claim_sort_key)
        assert got == sorted(CLAIMS, key=claim_sort_key)
