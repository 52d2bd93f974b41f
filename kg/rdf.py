"""Claims as RDF with PROV-O provenance, and RDF back to claims (docs/rdf.md explains the model).

The vocabulary comes from the schema: ``Vocabulary.from_schema`` builds a ``ClosedNamespace`` of the
entity types and predicates in schema/kg.toml plus the few terms of the claim model itself.

Each claim is a node (``kgo:Claim``, an ``rdf:Statement`` and ``prov:Entity``) carrying its triple
(``rdf:subject``/``rdf:predicate``/``rdf:object``), polarity, confidence, sentence and offsets,
``prov:wasDerivedFrom`` its article and ``prov:wasAttributedTo`` its extractor. A positive claim's
triple is also asserted directly (``entity:CHN kgo:OPPOSES entity:topic:nato-expansion``). Claims
and asserted triples live in the named graph of their article; entities, articles and extractors
are described in the default graph. No blank nodes, so exports compare exactly and stream.

>>> vocabulary = Vocabulary.from_schema(Schema.load())
>>> dataset = to_dataset(claims, vocabulary)              # doctest: +SKIP
>>> write_quads(claims, stream, vocabulary, fmt="nq")     # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from urllib.parse import quote, unquote

from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, XSD, ClosedNamespace
from rdflib.term import Node

from kg.claims import POLARITIES, Article, Claim, Entity, Evidence, Extractor, claim_sort_key
from kg.errors import InputError, SchemaError
from kg.schema import Schema
from kg.wikidata import gazetteer_wikidata_file, read_wikidata

__all__ = [
    "FORMATS",
    "MODEL_TERMS",
    "WIKIDATA",
    "ClaimReader",
    "GraphClaimReader",
    "Vocabulary",
    "claim_quads",
    "format_for",
    "gazetteer_wikidata_file",
    "read_rdf",
    "read_wikidata",
    "to_claims",
    "to_dataset",
    "union_graph",
    "write_dataset",
    "write_quads",
    "write_turtle",
]

WIKIDATA = Namespace("http://www.wikidata.org/entity/")

# The claim model's own terms (the domain vocabulary, types and predicates, comes from the schema).
MODEL_TERMS = (
    "Entity",
    "Actor",
    "Article",
    "Claim",
    "polarity",
    "confidence",
    "evidence",
    "start",
    "end",
    "attributedTo",
    "agent",
    "rule",
    "url",
    "version",
    "family",
    "plover",
    "cameo",
)

# kg export --format NAME: rdflib's parser/serializer name, file suffix, whether it keeps graphs.
FORMATS = {
    "ttl": ("turtle", ".ttl"),
    "nt": ("nt", ".nt"),
    "nq": ("nquads", ".nq"),
    "trig": ("trig", ".trig"),
    "jsonld": ("json-ld", ".jsonld"),
}

Quad = tuple[URIRef, URIRef, Node, URIRef | None]


def format_for(path: Path) -> str:
    """Return the FORMATS key for a file by its suffix; InputError listing the known ones."""
    suffix = path.suffix.lower()
    for name, (_, known) in FORMATS.items():
        if suffix == known or (name == "jsonld" and suffix == ".json"):
            return name
    suffixes = ", ".join(spec[1] for spec in FORMATS.values())
    raise InputError(f"{path}: unknown RDF file suffix {suffix!r}; use one of {suffixes}")


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """IRIs for the schema's terms and for entities, articles, claims and extractors."""

    schema: Schema
    kgo: ClosedNamespace
    entity: Namespace
    article: Namespace
    claim: Namespace
    extractor: Namespace

    @classmethod
    def from_schema(cls, schema: Schema, *, base: str | None = None) -> Vocabulary:
        """Build the vocabulary; ``base`` moves entity, article and claim IRIs under another IRI."""
        spaces = schema.namespaces
        if base is not None and not base.endswith(("/", "#")):
            raise InputError(f"RDF base {base!r} must end with '/' or '#'; add one")
        root = base or spaces["base"]
        terms = [*schema.type_names, *schema.predicate_names, *MODEL_TERMS]
        return cls(
            schema=schema,
            kgo=ClosedNamespace(spaces["ontology"], terms),
            entity=Namespace(root + "entity/" if base else spaces["entity"]),
            article=Namespace(root + "article/" if base else spaces["article"]),
            claim=Namespace(root + "claim/" if base else spaces["claim"]),
            extractor=Namespace(root + "extractor/"),
        )

    def term(self, name: str) -> URIRef:
        """Return the ontology IRI of a type, predicate or model term; SchemaError if unknown."""
        try:
            return self.kgo[name]
        except KeyError:
            raise SchemaError(f"{name!r} is not a term of the kg ontology") from None

    def entity_iri(self, entity_id: str) -> URIRef:
        return self.entity[quote(entity_id, safe=":")]

    def article_iri(self, article_id: str) -> URIRef:
        return self.article[quote(article_id, safe="")]

    def extractor_iri(self, extractor: Extractor) -> URIRef:
        return self.extractor[quote(extractor.name, safe="") + "/" + quote(extractor.version)]

    def prefixes(self) -> list[tuple[str, str]]:
        """Return the usual prefixes and their namespaces."""
        return [
            ("kgo", str(self.kgo)),
            ("entity", str(self.entity)),
            ("article", str(self.article)),
            ("claim", str(self.claim)),
            ("extractor", str(self.extractor)),
            ("prov", str(PROV)),
            ("dcterms", str(DCTERMS)),
            ("owl", str(OWL)),
            ("wd", str(WIKIDATA)),
        ]

    def bind(self, graph: Graph) -> None:
        """Bind the usual prefixes so Turtle and TriG stay readable."""
        for prefix, namespace in self.prefixes():
            graph.bind(prefix, namespace, replace=True)


def _date_literal(value: str) -> Literal:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return Literal(value)
    if len(value) != 10:  # fromisoformat also accepts 20220204; keep the lexical form exact
        return Literal(value)
    return Literal(value, datatype=XSD.date)


def _entity_triples(
    entity: Entity, vocabulary: Vocabulary, wikidata: Mapping[str, str]
) -> Iterator[tuple[URIRef, URIRef, Node]]:
    vocabulary.schema.check_entity(entity.id, entity.type)
    iri = vocabulary.entity_iri(entity.id)
    yield iri, RDF.type, vocabulary.term(entity.type)
    yield iri, DCTERMS.identifier, Literal(entity.id)
    yield iri, RDFS.label, Literal(entity.label)
    if entity.id in wikidata:
        yield iri, OWL.sameAs, WIKIDATA[wikidata[entity.id]]


def _article_triples(
    article: Article, vocabulary: Vocabulary
) -> Iterator[tuple[URIRef, URIRef, Node]]:
    iri = vocabulary.article_iri(article.id)
    yield iri, RDF.type, vocabulary.term("Article")
    yield iri, DCTERMS.identifier, Literal(article.id)
    if article.title is not None:
        yield iri, DCTERMS.title, Literal(article.title)
    if article.url is not None:
        yield iri, vocabulary.term("url"), Literal(article.url, datatype=XSD.anyURI)
    if article.published is not None:
        yield iri, DCTERMS.issued, _date_literal(article.published)
    if article.source is not None:
        yield iri, DCTERMS.publisher, Literal(article.source)
    if article.lang is not None:
        yield iri, DCTERMS.language, Literal(article.lang)


def _extractor_triples(
    extractor: Extractor, vocabulary: Vocabulary
) -> Iterator[tuple[URIRef, URIRef, Node]]:
    iri = vocabulary.extractor_iri(extractor)
    yield iri, RDF.type, PROV.SoftwareAgent
    yield iri, RDFS.label, Literal(extractor.name)
    yield iri, vocabulary.term("version"), Literal(extractor.version)


def _claim_triples(claim: Claim, vocabulary: Vocabulary) -> Iterator[tuple[URIRef, URIRef, Node]]:
    schema, term = vocabulary.schema, vocabulary.term
    schema.check_claim(claim.subject.type, claim.predicate, claim.object.type)
    if claim.polarity not in POLARITIES:
        raise SchemaError(
            f"claim {claim.id}: polarity {claim.polarity!r} is not one of {POLARITIES}"
        )
    iri = vocabulary.claim[claim.id]
    subject, predicate = vocabulary.entity_iri(claim.subject.id), term(claim.predicate)
    obj = vocabulary.entity_iri(claim.object.id)
    yield iri, RDF.type, term("Claim")
    yield iri, RDF.subject, subject
    yield iri, RDF.predicate, predicate
    yield iri, RDF.object, obj
    yield iri, term("polarity"), Literal(claim.polarity)
    yield iri, term("confidence"), Literal(round(claim.confidence, 3), datatype=XSD.double)
    yield iri, term("evidence"), Literal(claim.evidence.text, lang=claim.evidence.lang)
    yield iri, term("start"), Literal(claim.evidence.start)
    yield iri, term("end"), Literal(claim.evidence.end)
    yield iri, PROV.wasDerivedFrom, vocabulary.article_iri(claim.article.id)
    yield iri, PROV.wasAttributedTo, vocabulary.extractor_iri(claim.extractor)
    if claim.attributed_to is not None:
        yield iri, term("attributedTo"), vocabulary.entity_iri(claim.attributed_to.id)
    if claim.agent is not None:
        yield iri, term("agent"), vocabulary.entity_iri(claim.agent.id)
    for rule in claim.rules:
        yield iri, term("rule"), Literal(rule)
    if claim.polarity == "positive":
        yield subject, predicate, obj


def claim_quads(
    claims: Iterable[Claim], vocabulary: Vocabulary, *, wikidata: Mapping[str, str] | None = None
) -> Iterator[Quad]:
    """Yield the quads of claims one claim at a time (graph None is the default graph).

    Entities, articles and extractors are described once, the first time a claim names them, so
    memory grows with the number of distinct ids, not with the number of claims.
    """
    wikidata = wikidata or {}
    described: set[URIRef] = set()
    for claim in claims:
        for entity in (claim.subject, claim.object, claim.attributed_to, claim.agent):
            if entity is not None and vocabulary.entity_iri(entity.id) not in described:
                described.add(vocabulary.entity_iri(entity.id))
                for s, p, o in _entity_triples(entity, vocabulary, wikidata):
                    yield s, p, o, None
        article = vocabulary.article_iri(claim.article.id)
        if article not in described:
            described.add(article)
            for s, p, o in _article_triples(claim.article, vocabulary):
                yield s, p, o, None
        extractor = vocabulary.extractor_iri(claim.extractor)
        if extractor not in described:
            described.add(extractor)
            for s, p, o in _extractor_triples(claim.extractor, vocabulary):
                yield s, p, o, None
        for s, p, o in _claim_triples(claim, vocabulary):
            yield s, p, o, article


def to_dataset(
    claims: Iterable[Claim], vocabulary: Vocabulary, *, wikidata: Mapping[str, str] | None = None
) -> Dataset:
    """Return claims as an rdflib Dataset: one named graph per article, metadata in the default."""
    dataset = Dataset()
    vocabulary.bind(dataset)
    graphs: dict[URIRef | None, Graph] = {None: dataset.default_graph}
    for s, p, o, name in claim_quads(claims, vocabulary, wikidata=wikidata):
        if name not in graphs:
            graphs[name] = dataset.graph(name)
        graphs[name].add((s, p, o))
    return dataset


def _nt_term(node: Node) -> str:
    if isinstance(node, Literal):
        # N-Triples strings are one line: escape as rdflib's nt serializer does (Literal.n3 may
        # use Turtle's long quotes).
        text = str(node).replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')
        text = '"' + text.replace("\r", "\\r") + '"'
        if node.language:
            return f"{text}@{node.language}"
        if node.datatype and node.datatype != XSD.string:
            return f"{text}^^<{node.datatype}>"
        return text
    # Every IRI here was built from quoted ids (or is a schema term), so it needs no check.
    return f"<{node}>"


def write_quads(
    claims: Iterable[Claim],
    stream: IO[str],
    vocabulary: Vocabulary,
    *,
    fmt: str,
    wikidata: Mapping[str, str] | None = None,
) -> int:
    """Write claims as N-Triples (fmt "nt") or N-Quads ("nq"), line by line; return the count."""
    if fmt not in ("nt", "nq"):
        raise InputError(f"streaming writes nt or nq, not {fmt!r}")
    count, claim_class = 0, vocabulary.term("Claim")
    for s, p, o, graph in claim_quads(claims, vocabulary, wikidata=wikidata):
        if fmt == "nq" and graph is not None:
            stream.write(f"<{s}> <{p}> {_nt_term(o)} <{graph}> .\n")
        else:
            stream.write(f"<{s}> <{p}> {_nt_term(o)} .\n")
        if o == claim_class and p == RDF.type:
            count += 1
    return count


# A prefixed name's local part that needs no escape in Turtle (PN_LOCAL without backslashes).
_LOCAL = re.compile(r"(?:[A-Za-z0-9_:]|%[0-9A-Fa-f]{2})(?:[A-Za-z0-9_.:-]|%[0-9A-Fa-f]{2})*")


def _turtle_term(node: Node, prefixes: list[tuple[str, str]]) -> str:
    if isinstance(node, Literal) and node.datatype and node.datatype != XSD.string:
        plain = Literal(str(node), lang=node.language)
        return f"{_nt_term(plain)}^^{_turtle_term(node.datatype, prefixes)}"
    if isinstance(node, URIRef):
        if node == RDF.type:
            return "a"
        for prefix, namespace in prefixes:
            local = node[len(namespace) :]
            if node.startswith(namespace) and _LOCAL.fullmatch(local) and local[-1] != ".":
                return f"{prefix}:{local}"
    return _nt_term(node)


def write_turtle(
    claims: Iterable[Claim],
    stream: IO[str],
    vocabulary: Vocabulary,
    *,
    fmt: str,
    wikidata: Mapping[str, str] | None = None,
) -> int:
    """Write claims as Turtle (fmt "ttl") or TriG ("trig"), claim by claim; return the count.

    The same quads as write_quads, grouped by subject with the usual prefixes. TriG puts each
    claim's triples in its article's graph block; Turtle has no graphs and writes the union.
    """
    if fmt not in ("ttl", "trig"):
        raise InputError(f"streaming Turtle writes ttl or trig, not {fmt!r}")
    known = [*vocabulary.prefixes(), ("rdf", str(RDF)), ("rdfs", str(RDFS)), ("xsd", str(XSD))]
    for prefix, namespace in sorted(known):
        stream.write(f"@prefix {prefix}: <{namespace}> .\n")
    prefixes = sorted(known, key=lambda known: -len(known[1]))  # the longest namespace first
    count, claim_class = 0, vocabulary.term("Claim")
    subject: URIRef | None = None
    graph: URIRef | None = None
    for s, p, o, name in claim_quads(claims, vocabulary, wikidata=wikidata):
        name = name if fmt == "trig" else None
        if (s, name) != (subject, graph):
            if subject is not None:
                stream.write(" .\n")
            if name != graph:
                stream.write("}\n" if graph is not None else "")
                stream.write(f"\n{_turtle_term(name, prefixes)} {{\n" if name is not None else "\n")
            subject, graph = s, name
            stream.write(f"{_turtle_term(s, prefixes)}\n    {_turtle_term(p, prefixes)} ")
        else:
            stream.write(f" ;\n    {_turtle_term(p, prefixes)} ")
        stream.write(_turtle_term(o, prefixes))
        if o == claim_class and p == RDF.type:
            count += 1
    if subject is not None:
        stream.write(" .\n")
    if graph is not None:
        stream.write("}\n")
    return count


def union_graph(dataset: Dataset) -> Graph:
    """Return one Graph holding the triples of every graph of a dataset (prefixes kept)."""
    union = Graph()
    for prefix, namespace in dataset.namespaces():
        union.bind(prefix, namespace, replace=True)
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def write_dataset(dataset: Dataset, stream: IO[bytes], *, fmt: str) -> None:
    """Serialize a dataset; Turtle and N-Triples get the union of its graphs."""
    rdflib_format = FORMATS[fmt][0]
    if fmt in ("ttl", "nt"):
        union_graph(dataset).serialize(stream, format=rdflib_format, encoding="utf-8")
    else:
        dataset.serialize(stream, format=rdflib_format, encoding="utf-8")


def read_rdf(path: Path, *, fmt: str | None = None) -> Dataset:
    """Parse an RDF file (format from its suffix unless given) into a Dataset; InputError if bad."""
    name = fmt or format_for(path)
    dataset = Dataset()
    try:
        dataset.parse(str(path), format=FORMATS[name][0])
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror}") from err
    except Exception as err:  # rdflib's parsers raise many unrelated types on bad syntax
        first_line = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise InputError(f"{path}: not valid {FORMATS[name][0]}: {first_line}") from err
    return dataset


class ClaimReader:
    """Build Claims from kg's RDF nodes; a subclass says where a node's values come from.

    Two sources: an rdflib graph (``GraphClaimReader``) and the streamed lines of kg.ntriples.
    """

    def __init__(self, vocabulary: Vocabulary, name: str) -> None:
        self.vocabulary, self.name = vocabulary, name
        self.types = {vocabulary.term(t): t for t in vocabulary.schema.type_names}
        self.predicates = {vocabulary.term(p): p for p in vocabulary.schema.predicate_names}
        self.names = Graph()  # prefixes for messages: "missing kgo:start"
        vocabulary.bind(self.names)

    def values(self, node: str, prop: URIRef) -> list[Node]:
        """Return the objects of (node, prop)."""
        raise NotImplementedError

    def fail(self, node: str, problem: str) -> InputError:
        return InputError(f"{self.name}: <{node}>: {problem}; export it again with kg export")

    def maybe(self, node: str, prop: URIRef) -> Node | None:
        found = self.values(node, prop)
        if len(found) > 1:
            raise self.fail(node, f"more than one {prop.n3(self.names.namespace_manager)}")
        return found[0] if found else None

    def one(self, node: str, prop: URIRef) -> Node:
        found = self.maybe(node, prop)
        if found is None:
            raise self.fail(node, f"missing {prop.n3(self.names.namespace_manager)}")
        return found

    def maybe_text(self, node: str, prop: URIRef) -> str | None:
        found = self.maybe(node, prop)
        return None if found is None else str(found)

    def entity(self, node: Node) -> Entity:
        iri = str(node)
        types = [
            self.types[t]
            for t in self.values(iri, RDF.type)
            if isinstance(t, URIRef) and t in self.types
        ]
        if len(types) != 1:
            raise self.fail(iri, f"needs exactly one entity type of {sorted(self.types.values())}")
        entity_id = self.maybe_text(iri, DCTERMS.identifier)
        if entity_id is None:  # a hand-written file may omit the id: take it from the IRI
            entity_id = unquote(iri.removeprefix(str(self.vocabulary.entity)))
        return Entity(entity_id, self.maybe_text(iri, RDFS.label) or entity_id, types[0])

    def maybe_entity(self, node: str, prop: URIRef) -> Entity | None:
        found = self.maybe(node, prop)
        return None if found is None else self.entity(found)

    def article(self, node: Node) -> Article:
        iri, text = str(node), self.maybe_text
        article_id = text(iri, DCTERMS.identifier)
        if article_id is None:
            article_id = unquote(iri.removeprefix(str(self.vocabulary.article)))
        return Article(
            id=article_id,
            title=text(iri, DCTERMS.title),
            url=text(iri, self.vocabulary.term("url")),
            published=text(iri, DCTERMS.issued),
            source=text(iri, DCTERMS.publisher),
            lang=text(iri, DCTERMS.language),
        )

    def number(self, node: str, name: str) -> int | float:
        found = self.one(node, self.vocabulary.term(name))
        value = found.toPython() if isinstance(found, Literal) else None
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise self.fail(node, f"kgo:{name} must be a number, not {found!r}")
        return value

    def claim(self, node: str) -> Claim:
        """Build the claim at ``node``; InputError naming it when a field is missing or wrong."""
        term = self.vocabulary.term
        predicate = self.one(node, RDF.predicate)
        if not isinstance(predicate, URIRef) or predicate not in self.predicates:
            raise self.fail(node, f"unknown predicate <{predicate}>")
        polarity = str(self.one(node, term("polarity")))
        if polarity not in POLARITIES:
            raise self.fail(node, f"polarity {polarity!r} is not one of {', '.join(POLARITIES)}")
        evidence = self.one(node, term("evidence"))
        extractor = str(self.one(node, PROV.wasAttributedTo))
        try:
            claim = Claim(
                subject=self.entity(self.one(node, RDF.subject)),
                predicate=self.predicates[predicate],
                object=self.entity(self.one(node, RDF.object)),
                evidence=Evidence(
                    str(evidence),
                    int(self.number(node, "start")),
                    int(self.number(node, "end")),
                    evidence.language if isinstance(evidence, Literal) else None,
                ),
                article=self.article(self.one(node, PROV.wasDerivedFrom)),
                extractor=Extractor(
                    str(self.one(extractor, RDFS.label)), str(self.one(extractor, term("version")))
                ),
                polarity=polarity,
                attributed_to=self.maybe_entity(node, term("attributedTo")),
                agent=self.maybe_entity(node, term("agent")),
                confidence=float(self.number(node, "confidence")),
                rules=tuple(sorted(str(rule) for rule in self.values(node, term("rule")))),
            )
        except (TypeError, ValueError) as err:
            raise self.fail(node, str(err)) from err
        self.vocabulary.schema.check_claim(claim.subject.type, claim.predicate, claim.object.type)
        return claim


class GraphClaimReader(ClaimReader):
    """Read claims from an rdflib graph."""

    def __init__(self, graph: Graph, vocabulary: Vocabulary, name: str) -> None:
        super().__init__(vocabulary, name)
        self.graph = graph

    def values(self, node: str, prop: URIRef) -> list[Node]:
        return list(self.graph.objects(URIRef(node), prop))


def to_claims(graph: Graph, vocabulary: Vocabulary, *, name: str = "<rdf>") -> list[Claim]:
    """Read every kgo:Claim of a graph (or a Dataset's union) back into Claims, in claim order."""
    if isinstance(graph, Dataset):
        graph = union_graph(graph)
    reader = GraphClaimReader(graph, vocabulary, name)
    nodes = graph.subjects(RDF.type, vocabulary.term("Claim"))
    return sorted((reader.claim(str(node)) for node in nodes), key=claim_sort_key)
