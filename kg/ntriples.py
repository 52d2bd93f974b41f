"""Stream claims out of N-Triples and N-Quads files, line by line, without building a graph.

rdflib holds a whole file in memory (about 35 KiB a claim) and parses N-Quads slowly, so
``kg import`` of a large export reads .nt and .nq files here. The lines kg writes (and any
N-Triples without blank nodes) are parsed with one regular expression; graph names are ignored,
as the claim nodes carry everything. Entities, articles and extractors are kept (they are
described once, before the first claim that names them); a claim is yielded as soon as its lines
end and everything it names is known, so memory grows with distinct ids, not with claims. Files in
another order still work: what cannot be resolved at once waits for the end of the file.

>>> for claim in stream_claims(Path("claims.nq"), vocabulary): ...   # doctest: +SKIP
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD
from rdflib.term import Node

from kg import rdf
from kg.claims import Claim
from kg.errors import InputError
from kg.rdf import ClaimReader, Vocabulary

__all__ = ["read_rdf_claims", "stream_claims"]

_IRI = r"<([^<>\"{}|^`\x00-\x20]*)>"
_LITERAL = r'"((?:[^"\\\n\r]|\\.)*)"(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^<([^<>\s]*)>)?'
_LINE = re.compile(rf"\s*{_IRI}\s*{_IRI}\s*(?:{_IRI}|{_LITERAL})\s*(?:{_IRI}\s*)?\.\s*(?:#.*)?")
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_ECHARS = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        code = match.group(1) or match.group(2)
        if code:
            return chr(int(code, 16))
        if match.group(3) not in _ECHARS:
            raise ValueError(f"bad escape \\{match.group(3)}")
        return _ECHARS[match.group(3)]

    return _ESCAPE.sub(replace, text)


def _parse(line: str) -> tuple[str, str, Node] | None:
    """Return (subject, predicate, object) of one line, None for a blank or comment line."""
    stripped = line.strip()
    if not stripped or stripped.startswith("#"):
        return None
    match = _LINE.fullmatch(line.rstrip("\r\n"))
    if match is None:
        raise ValueError("not an N-Triples/N-Quads line of IRIs and literals (no blank nodes)")
    subject, predicate, iri, text, lang, datatype, _graph = match.groups()
    if iri is not None:
        return _unescape(subject), _unescape(predicate), URIRef(_unescape(iri))
    value = _unescape(text)
    if lang:
        return _unescape(subject), _unescape(predicate), Literal(value, lang=lang)
    kind = URIRef(datatype) if datatype and datatype != str(XSD.string) else None
    return _unescape(subject), _unescape(predicate), Literal(value, datatype=kind)


class _Claims(ClaimReader):
    """The nodes read so far; claims among them become Claim objects and are then forgotten."""

    def __init__(self, vocabulary: Vocabulary, name: str) -> None:
        super().__init__(vocabulary, name)
        self.nodes: dict[str, dict[str, list[Node]]] = {}
        term = vocabulary.term
        self.claim_class = term("Claim")
        self.references = (
            *(RDF.subject, RDF.object, term("attributedTo"), term("agent")),
            *(PROV.wasDerivedFrom, PROV.wasAttributedTo),
        )

    def values(self, node: str, prop: URIRef) -> list[Node]:
        return self.nodes.get(node, {}).get(str(prop), [])

    def add(self, subject: str, predicate: str, value: Node) -> None:
        if URIRef(predicate) in self.predicates:
            return  # a directly asserted triple: its claim node says the same, with provenance
        self.nodes.setdefault(subject, {}).setdefault(predicate, []).append(value)

    def is_claim(self, iri: str) -> bool:
        return self.claim_class in self.values(iri, RDF.type)

    def is_ready(self, iri: str) -> bool:
        """True when every node the claim names (entities, article, extractor) has been read."""
        refs = [ref for prop in self.references for ref in self.values(iri, prop)]
        return all(str(RDF.type) in self.nodes.get(str(ref), {}) for ref in refs)

    def pop_claim(self, iri: str) -> Claim:
        """Build the claim at ``iri`` and forget its node (entities and articles are kept)."""
        claim = self.claim(iri)
        del self.nodes[iri]
        return claim


def _is_grouped(path: Path) -> bool:
    """True when each subject's lines are together (as kg writes them, or after sort -k1,1)."""
    done: set[str] = set()
    previous = None
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            subject = line.split(None, 1)[0] if line.strip() else None
            if subject is None or subject.startswith("#") or subject == previous:
                continue
            if subject in done:
                return False
            if previous is not None:
                done.add(previous)
            previous = subject
    return True


def stream_claims(path: Path, vocabulary: Vocabulary) -> Iterator[Claim]:
    """Yield the claims of an N-Triples or N-Quads file in file order; InputError on bad input.

    A first pass checks that each subject's lines are together; only then is a claim yielded as
    soon as its lines end. Otherwise every claim waits for the end of the file (correct, larger).
    """
    claims = _Claims(vocabulary, str(path))
    waiting: list[str] = []
    previous: str | None = None
    try:
        is_grouped = _is_grouped(path)
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                try:
                    triple = _parse(line)
                except ValueError as err:
                    raise InputError(f"{path}:{number}: {err}") from None
                if triple is None:
                    continue
                subject = triple[0]
                if is_grouped and previous and subject != previous and claims.is_claim(previous):
                    if claims.is_ready(previous):
                        yield claims.pop_claim(previous)
                    else:
                        waiting.append(previous)
                previous = subject
                claims.add(*triple)
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror}") from err
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: not UTF-8 text ({err.reason})") from err
    if previous is not None and claims.is_claim(previous):
        waiting.append(previous)
    # Claims whose lines were not contiguous are still nodes; finish them all, in file order.
    for iri in dict.fromkeys([*waiting, *[i for i in claims.nodes if claims.is_claim(i)]]):
        if iri in claims.nodes:
            yield claims.pop_claim(iri)


def read_rdf_claims(path: Path, vocabulary: Vocabulary) -> Iterator[Claim]:
    """Yield the claims of any RDF file kg reads: .nt/.nq streamed, other formats via rdflib."""
    if rdf.format_for(path) in ("nt", "nq"):
        return stream_claims(path, vocabulary)
    return iter(rdf.to_claims(rdf.read_rdf(path), vocabulary, name=str(path)))
