"""Shared helper for the per-language extraction tables (tests/test_extract_<lang>.py).

Each case is one or more sentences written for the tests (never copied from the gold files)
and the exact claims expected as (subject, predicate, object, polarity) tuples, sorted.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.claims import Article
from loaders.relations import extract_claims
from loaders.resources import Resources
from loaders.sentences import split_paragraphs, split_sentences

Triple = tuple[str, str, str, str]


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    expected: list[Triple]


def extract(
    text: str, *, lang: str, resources: Resources, published: str = "2024-03-01"
) -> list[Triple]:
    """Run relation extraction over a text and return its claims as sorted tuples."""
    article = Article(id="test", text=text, lang=lang, published=published)
    sentences = []
    for number, (start, end) in enumerate(split_paragraphs(text)):
        sentences.extend(
            split_sentences(text[start:end], lang=lang, paragraph=number, offset=start)
        )
    claims = extract_claims(article, sentences, resources)
    return sorted((c.subject.id, c.predicate, c.object.id, c.polarity) for c in claims)
