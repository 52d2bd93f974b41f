"""The OWL/RDFS ontology and the SHACL shapes of kg, generated from the schema; pySHACL validation.

Nothing here names an entity type or a predicate: classes, properties and the type constraints of
every predicate are read from ``kg.schema.Schema`` through ``kg.rdf.Vocabulary``.

>>> vocabulary = Vocabulary.from_schema(Schema.load())
>>> ontology(vocabulary).serialize(format="turtle")        # doctest: +SKIP
>>> validate(to_dataset(claims, vocabulary), vocabulary)   # doctest: +SKIP
[]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyshacl
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, XSD
from rdflib.term import Node

from kg.claims import POLARITIES
from kg.rdf import Vocabulary, union_graph

__all__ = ["Violation", "ontology", "shapes", "validate"]

# The claim model's properties: (term, OWL kind, range, comment). Types and predicates come from
# the schema; these describe how a claim, its evidence and its article are written down.
_MODEL_PROPERTIES = (
    (
        "polarity",
        OWL.DatatypeProperty,
        XSD.string,
        "positive, or negative when the text denies it.",
    ),
    ("confidence", OWL.DatatypeProperty, XSD.double, "The extractor's confidence, 0 to 1."),
    ("evidence", OWL.DatatypeProperty, RDF.langString, "The sentence that states the claim."),
    ("start", OWL.DatatypeProperty, XSD.integer, "Offset of the sentence in the article text."),
    ("end", OWL.DatatypeProperty, XSD.integer, "End offset of the sentence in the article text."),
    ("attributedTo", OWL.ObjectProperty, None, "The actor who voiced a reported claim."),
    ("agent", OWL.ObjectProperty, None, "The person who acted or spoke for the subject."),
    ("rule", OWL.DatatypeProperty, XSD.string, "An extraction rule that produced the claim."),
    ("url", OWL.DatatypeProperty, XSD.anyURI, "Where the article was published."),
    ("version", OWL.DatatypeProperty, XSD.string, "The version of an extractor."),
    ("family", OWL.AnnotationProperty, None, "The predicate family (cooperative, hostile, ...)."),
    ("plover", OWL.AnnotationProperty, None, "The PLOVER event types the predicate maps to."),
    ("cameo", OWL.AnnotationProperty, None, "The CAMEO codes the predicate maps to."),
)


def _shape_namespace(vocabulary: Vocabulary) -> Namespace:
    return Namespace(vocabulary.schema.namespaces["base"] + "shapes#")


def _rdf_list(graph: Graph, items: Iterable[Node]) -> BNode:
    head = BNode()
    Collection(graph, head, list(items))
    return head


def _type_class(graph: Graph, vocabulary: Vocabulary, types: tuple[str, ...]) -> Node:
    """Return the class for a set of entity types: one class, kgo:Actor, or an owl:unionOf."""
    actors = tuple(
        t for t in vocabulary.schema.type_names if vocabulary.schema.entity_types[t].is_actor
    )
    if len(types) == 1:
        return vocabulary.term(types[0])
    if sorted(types) == sorted(actors):
        return vocabulary.term("Actor")
    union = BNode()
    graph.add((union, RDF.type, OWL.Class))
    graph.add((union, OWL.unionOf, _rdf_list(graph, [vocabulary.term(t) for t in sorted(types)])))
    return union


def ontology(vocabulary: Vocabulary) -> Graph:
    """Return the OWL ontology: a class per entity type, an object property per predicate."""
    schema, term = vocabulary.schema, vocabulary.term
    graph = Graph()
    vocabulary.bind(graph)
    iri = URIRef(str(vocabulary.kgo).rstrip("#/"))
    graph.add((iri, RDF.type, OWL.Ontology))
    graph.add((iri, OWL.versionInfo, Literal(schema.version)))
    graph.add((iri, RDFS.label, Literal("kg: claims about international relations")))
    for name, parent, comment in (
        ("Entity", None, "Anything a claim is about: an actor, a topic or a region."),
        ("Actor", "Entity", "An entity that may be the subject of a claim."),
        ("Article", None, "A news article that claims were extracted from."),
        ("Claim", None, "One typed triple stated or reported in one sentence of one article."),
    ):
        graph.add((term(name), RDF.type, OWL.Class))
        graph.add((term(name), RDFS.label, Literal(name)))
        graph.add((term(name), RDFS.comment, Literal(comment)))
        if parent:
            graph.add((term(name), RDFS.subClassOf, term(parent)))
    for name in ("Article", "Claim"):
        graph.add((term(name), RDFS.subClassOf, PROV.Entity))
    graph.add((term("Claim"), RDFS.subClassOf, RDF.Statement))
    for entity_type in schema.entity_types.values():
        cls = term(entity_type.name)
        graph.add((cls, RDF.type, OWL.Class))
        graph.add((cls, RDFS.subClassOf, term("Actor" if entity_type.is_actor else "Entity")))
        graph.add((cls, RDFS.label, Literal(entity_type.name)))
        graph.add((cls, RDFS.comment, Literal(entity_type.description)))
    for predicate in schema.predicates.values():
        prop = term(predicate.name)
        graph.add((prop, RDF.type, OWL.ObjectProperty))
        if predicate.symmetric:
            graph.add((prop, RDF.type, OWL.SymmetricProperty))
        graph.add((prop, RDFS.label, Literal(predicate.name.lower().replace("_", " "))))
        graph.add((prop, RDFS.comment, Literal(predicate.description)))
        graph.add((prop, RDFS.domain, _type_class(graph, vocabulary, predicate.subject)))
        graph.add((prop, RDFS.range, _type_class(graph, vocabulary, predicate.object)))
        graph.add((prop, term("family"), Literal(predicate.family)))
        for key in ("plover", "cameo"):
            if getattr(predicate, key):
                graph.add((prop, term(key), Literal(getattr(predicate, key))))
    for name, kind, value_range, comment in _MODEL_PROPERTIES:
        graph.add((term(name), RDF.type, kind))
        graph.add((term(name), RDFS.label, Literal(name)))
        graph.add((term(name), RDFS.comment, Literal(comment)))
        if value_range is not None:
            graph.add((term(name), RDFS.range, value_range))
    return graph


class _ShapeWriter:
    """Small helpers that add SHACL shapes to one graph."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary, self.sh = vocabulary, _shape_namespace(vocabulary)
        self.graph = Graph()
        vocabulary.bind(self.graph)
        self.graph.bind("sh", str(SH))
        self.graph.bind("kgs", str(self.sh))

    def node_shape(self, name: str, message: str | None = None) -> URIRef:
        shape = self.sh[name]
        self.graph.add((shape, RDF.type, SH.NodeShape))
        if message:
            self.graph.add((shape, SH.message, Literal(message)))
        return shape

    def prop(self, shape: Node, path: URIRef, **constraints: Node | int) -> BNode:
        node = BNode()
        self.graph.add((shape, SH.property, node))
        self.graph.add((node, SH.path, path))
        for key, value in constraints.items():
            literal = Literal(value) if isinstance(value, int) else value
            self.graph.add((node, SH[key], literal))
        return node

    def one_of_classes(self, shape: Node, types: Iterable[str]) -> None:
        alternatives = []
        for name in sorted(types):
            alternative = BNode()
            self.graph.add((alternative, SH["class"], self.vocabulary.term(name)))
            alternatives.append(alternative)
        self.graph.add((shape, SH["or"], _rdf_list(self.graph, alternatives)))


def _type_list(types: Iterable[str]) -> str:
    names = sorted(types)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _entity_shapes(writer: _ShapeWriter) -> None:
    vocabulary = writer.vocabulary
    for entity_type in vocabulary.schema.entity_types.values():
        shape = writer.node_shape(f"{entity_type.name}Shape")
        writer.graph.add((shape, SH.targetClass, vocabulary.term(entity_type.name)))
        # SHACL patterns are XPath regular expressions, which have no (?:...) groups.
        pattern = entity_type.id_pattern.replace("(?:", "(")
        id_prop = writer.prop(
            shape, DCTERMS.identifier, minCount=1, maxCount=1, datatype=XSD.string
        )
        writer.graph.add((id_prop, SH.pattern, Literal(f"^{pattern}$")))
        writer.graph.add(
            (id_prop, SH.message, Literal(f"a {entity_type.name} id must match {pattern}"))
        )
        # The id, not the IRI, is checked, so files exported under any --base validate alike.
        writer.graph.add((shape, SH.nodeKind, SH.IRI))
        writer.prop(shape, RDFS.label, minCount=1, maxCount=1, datatype=XSD.string)


def _article_shapes(writer: _ShapeWriter) -> None:
    term, graph = writer.vocabulary.term, writer.graph
    shape = writer.node_shape("ArticleShape")
    graph.add((shape, SH.targetClass, term("Article")))
    writer.prop(shape, DCTERMS.identifier, minCount=1, maxCount=1, datatype=XSD.string)
    for path in (DCTERMS.title, DCTERMS.publisher, DCTERMS.language):
        writer.prop(shape, path, maxCount=1, datatype=XSD.string)
    writer.prop(shape, term("url"), maxCount=1, datatype=XSD.anyURI)
    issued = writer.prop(shape, DCTERMS.issued, maxCount=1)
    dates = []
    for datatype in (XSD.date, XSD.string):
        alternative = BNode()
        graph.add((alternative, SH.datatype, datatype))
        dates.append(alternative)
    graph.add((issued, SH["or"], _rdf_list(graph, dates)))
    agent = writer.node_shape("ExtractorShape")
    graph.add((agent, SH.targetClass, PROV.SoftwareAgent))
    writer.prop(agent, RDFS.label, minCount=1, maxCount=1, datatype=XSD.string)
    writer.prop(agent, term("version"), minCount=1, maxCount=1, datatype=XSD.string)


def _claim_shape(writer: _ShapeWriter) -> None:
    vocabulary, graph, term = writer.vocabulary, writer.graph, writer.vocabulary.term
    shape = writer.node_shape("ClaimShape")
    graph.add((shape, SH.targetClass, term("Claim")))
    for path in (RDF.subject, RDF.object):
        writer.prop(shape, path, minCount=1, maxCount=1, nodeKind=SH.IRI)
    predicates = [term(name) for name in vocabulary.schema.predicate_names]
    predicate = writer.prop(shape, RDF.predicate, minCount=1, maxCount=1)
    graph.add((predicate, SH["in"], _rdf_list(graph, predicates)))
    polarity = writer.prop(shape, term("polarity"), minCount=1, maxCount=1, datatype=XSD.string)
    graph.add((polarity, SH["in"], _rdf_list(graph, [Literal(p) for p in POLARITIES])))
    graph.add((polarity, SH.message, Literal(f"polarity must be one of {', '.join(POLARITIES)}")))
    writer.prop(
        shape, term("confidence"), minCount=1, maxCount=1, datatype=XSD.double,
        minInclusive=Literal(0.0), maxInclusive=Literal(1.0),
    )  # fmt: skip
    writer.prop(shape, term("evidence"), minCount=1, maxCount=1, nodeKind=SH.Literal)
    start = writer.prop(shape, term("start"), minCount=1, maxCount=1, datatype=XSD.integer)
    graph.add((start, SH.minInclusive, Literal(0)))
    graph.add((start, SH.lessThanOrEquals, term("end")))
    writer.prop(shape, term("end"), minCount=1, maxCount=1, datatype=XSD.integer)
    writer.prop(shape, PROV.wasDerivedFrom, minCount=1, maxCount=1, **{"class": term("Article")})
    writer.prop(
        shape, PROV.wasAttributedTo, minCount=1, maxCount=1, **{"class": PROV.SoftwareAgent}
    )
    actors = [t.name for t in vocabulary.schema.entity_types.values() if t.is_actor]
    attributed = writer.prop(shape, term("attributedTo"), maxCount=1)
    writer.one_of_classes(attributed, actors)
    writer.prop(shape, term("agent"), maxCount=1, **{"class": term("Person")})
    writer.prop(shape, term("rule"), datatype=XSD.string)


def _predicate_shapes(writer: _ShapeWriter) -> None:
    """Per predicate: the types a claim (any polarity) and an asserted triple may connect."""
    vocabulary, graph, term = writer.vocabulary, writer.graph, writer.vocabulary.term
    for predicate in vocabulary.schema.predicates.values():
        rule = (
            f"{predicate.name} needs a subject of type {_type_list(predicate.subject)} "
            f"and an object of type {_type_list(predicate.object)}"
        )
        claim_shape = writer.node_shape(f"{predicate.name}ClaimShape", rule)
        graph.add((claim_shape, SH.targetClass, term("Claim")))
        other, uses = BNode(), BNode()
        writer.prop(uses, RDF.predicate, hasValue=term(predicate.name))
        graph.add((other, SH["not"], uses))
        typed = BNode()
        writer.one_of_classes(writer.prop(typed, RDF.subject), predicate.subject)
        writer.one_of_classes(writer.prop(typed, RDF.object), predicate.object)
        graph.add((claim_shape, SH["or"], _rdf_list(graph, [other, typed])))
        triple_shape = writer.node_shape(f"{predicate.name}Shape", rule)
        graph.add((triple_shape, SH.targetSubjectsOf, term(predicate.name)))
        writer.one_of_classes(triple_shape, predicate.subject)
        objects = writer.prop(triple_shape, term(predicate.name))
        writer.one_of_classes(objects, predicate.object)
        graph.add((objects, SH.message, Literal(rule)))


def shapes(vocabulary: Vocabulary) -> Graph:
    """Return the SHACL shapes: entities, articles, extractors, claims, each predicate's types."""
    writer = _ShapeWriter(vocabulary)
    _entity_shapes(writer)
    _article_shapes(writer)
    _claim_shape(writer)
    _predicate_shapes(writer)
    return writer.graph


@dataclass(frozen=True, slots=True)
class Violation:
    """One SHACL result, in prefixed names: the node, the property, the message."""

    focus: str
    path: str
    message: str
    value: str

    def __str__(self) -> str:
        path = f" {self.path}" if self.path else ""
        value = f" (value {self.value})" if self.value and self.value != self.focus else ""
        return f"{self.focus}{path}: {self.message}{value}"


def validate(data: Graph | Dataset, vocabulary: Vocabulary) -> list[Violation]:
    """Check RDF against the generated shapes; return the violations, sorted (empty when valid)."""
    graph = union_graph(data) if isinstance(data, Dataset) else data
    conforms, results, _ = pyshacl.validate(
        graph, shacl_graph=shapes(vocabulary), inference="none", advanced=False
    )
    if conforms:
        return []
    assert isinstance(results, Graph)
    prefixes = Graph()  # show IRIs in the kg prefixes whatever the file bound
    vocabulary.bind(prefixes)
    names = prefixes.namespace_manager

    def show(node: Node | None) -> str:
        if node is None or isinstance(node, BNode):
            return ""
        return node.n3(names) if isinstance(node, URIRef) else str(node)

    violations = set()
    for result in results.subjects(RDF.type, SH.ValidationResult):
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        violations.add(
            Violation(
                focus=show(results.value(result, SH.focusNode)),
                path=show(results.value(result, SH.resultPath)),
                message="; ".join(messages) or "violates a kg shape",
                value=show(results.value(result, SH.value)),
            )
        )
    return sorted(violations, key=lambda v: (v.focus, v.path, v.message, v.value))
