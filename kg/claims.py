"""The claim contract (../shared/eval/GUIDE.md) as frozen value objects, and its JSONL form.

A ``Claim`` is one typed triple stated or reported in one sentence of one article. JSON from files
becomes a dataclass here, at the boundary, with a one-line ``InputError`` naming file and line.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from kg.errors import InputError, KgError

__all__ = [
    "Article",
    "Claim",
    "Entity",
    "Evidence",
    "Extractor",
    "claim_sort_key",
    "read_claims",
    "write_claims",
]

POLARITIES = ("positive", "negative")


def _text(record: dict[str, Any], key: str, *, optional: bool = False) -> str | None:
    value = record.get(key)
    if value is None:
        if optional:
            return None
        raise ValueError(f'missing field "{key}"')
    if not isinstance(value, str):
        raise ValueError(f'field "{key}" must be a string, not {type(value).__name__}')
    return value


def _object(record: dict[str, Any], key: str) -> dict[str, Any]:
    value = record.get(key)
    if not isinstance(value, dict):
        raise ValueError(f'missing or malformed object "{key}"')
    return value


@dataclass(frozen=True, slots=True)
class Entity:
    """An actor, topic or region: a language-independent id, an English label, a type."""

    id: str
    label: str
    type: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "type": self.type}

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> Entity:
        return cls(
            id=str(_text(record, "id")),
            label=_text(record, "label", optional=True) or str(record.get("id")),
            type=str(_text(record, "type")),
        )


@dataclass(frozen=True, slots=True)
class Article:
    """An article's identity and metadata; ``text`` is the cleaned text offsets point into."""

    id: str
    text: str = ""
    title: str | None = None
    url: str | None = None
    published: str | None = None
    source: str | None = None
    lang: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the article as a claim carries it (no text)."""
        return {
            "id": self.id,
            "url": self.url,
            "title": self.title,
            "published": self.published,
            "source": self.source,
        }

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> Article:
        return cls(
            id=str(_text(record, "id")),
            text=_text(record, "text", optional=True) or "",
            title=_text(record, "title", optional=True),
            url=_text(record, "url", optional=True),
            published=_text(record, "published", optional=True),
            source=_text(record, "source", optional=True),
            lang=_text(record, "lang", optional=True),
        )


@dataclass(frozen=True, slots=True)
class Evidence:
    """The sentence that states a claim, with character offsets into the cleaned article text."""

    text: str
    start: int
    end: int
    lang: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "lang": self.lang}

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> Evidence:
        start, end = record.get("start"), record.get("end")
        if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start <= end:
            raise ValueError("evidence needs integer offsets with 0 <= start <= end")
        return cls(str(_text(record, "text")), start, end, _text(record, "lang", optional=True))


@dataclass(frozen=True, slots=True)
class Extractor:
    name: str
    version: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "version": self.version}


@dataclass(frozen=True, slots=True)
class Claim:
    """One typed triple with polarity and provenance (GUIDE.md, "Extractor output")."""

    subject: Entity
    predicate: str
    object: Entity
    evidence: Evidence
    article: Article
    extractor: Extractor
    polarity: str = "positive"
    attributed_to: Entity | None = None
    agent: Entity | None = None
    confidence: float = 1.0
    rules: tuple[str, ...] = field(default=())

    @property
    def id(self) -> str:
        """Return the deterministic claim id (article, triple, polarity, offsets)."""
        key = "\x1f".join(
            [
                self.article.id,
                self.subject.id,
                self.predicate,
                self.object.id,
                self.polarity,
                str(self.evidence.start),
                str(self.evidence.end),
            ]
        )
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]

    def to_dict(self) -> dict[str, Any]:
        record: dict[str, Any] = {
            "subject": self.subject.to_dict(),
            "predicate": self.predicate,
            "object": self.object.to_dict(),
            "polarity": self.polarity,
            "attributed_to": self.attributed_to.to_dict() if self.attributed_to else None,
            "agent": self.agent.to_dict() if self.agent else None,
            "confidence": round(self.confidence, 3),
            "evidence": self.evidence.to_dict(),
            "article": self.article.to_dict(),
            "extractor": self.extractor.to_dict(),
        }
        if self.rules:
            record["rules"] = list(self.rules)
        return record

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> Claim:
        """Build a claim from its JSON form; raise ValueError naming the bad field."""
        if not isinstance(record, dict):
            raise ValueError("a claim must be a JSON object")
        polarity = record.get("polarity", "positive")
        if polarity not in POLARITIES:
            raise ValueError(f"polarity must be positive or negative, not {polarity!r}")
        confidence = record.get("confidence", 1.0)
        if not isinstance(confidence, int | float) or not 0 <= confidence <= 1:
            raise ValueError("confidence must be a number from 0 to 1")
        extractor = _object(record, "extractor")
        optional = {
            key: Entity.from_dict(record[key]) if isinstance(record.get(key), dict) else None
            for key in ("attributed_to", "agent")
        }
        return cls(
            subject=Entity.from_dict(_object(record, "subject")),
            predicate=str(_text(record, "predicate")),
            object=Entity.from_dict(_object(record, "object")),
            evidence=Evidence.from_dict(_object(record, "evidence")),
            article=Article.from_dict(_object(record, "article")),
            extractor=Extractor(str(_text(extractor, "name")), str(_text(extractor, "version"))),
            polarity=polarity,
            attributed_to=optional["attributed_to"],
            agent=optional["agent"],
            confidence=float(confidence),
            rules=tuple(str(rule) for rule in record.get("rules", ())),
        )

    def with_confidence(self, confidence: float) -> Claim:
        return replace(self, confidence=confidence)


def claim_sort_key(claim: Claim) -> tuple[str, int, int, str, str, str, str]:
    """Order claims by article, position, then triple: the order every writer uses."""
    return (
        claim.article.id,
        claim.evidence.start,
        claim.evidence.end,
        claim.subject.id,
        claim.predicate,
        claim.object.id,
        claim.polarity,
    )


def read_claims(
    source: Path | IO[str],
    *,
    name: str | None = None,
    check: Callable[[Claim], None] | None = None,
) -> Iterator[Claim]:
    """Yield claims from a JSONL file or stream; a bad line raises InputError with file:line.

    ``check`` (e.g. Store.check_claim) is called on each claim; the KgError it raises is raised
    again, of the same class, with file:line in front.
    """
    if isinstance(source, Path):
        try:
            with source.open(encoding="utf-8") as handle:
                yield from read_claims(handle, name=str(source), check=check)
        except OSError as err:
            raise InputError(f"{source}: cannot read: {err.strerror}") from err
        except UnicodeDecodeError as err:
            raise InputError(f"{source}: not UTF-8 text ({err.reason})") from err
        return
    label = name or getattr(source, "name", "<stdin>")
    for number, line in enumerate(source, 1):
        if not line.strip():
            continue
        try:
            claim = Claim.from_dict(json.loads(line))
            if check is not None:
                check(claim)
        except json.JSONDecodeError as err:
            raise InputError(f"{label}:{number}: not JSON: {err.msg}") from err
        except (ValueError, TypeError) as err:
            raise InputError(f"{label}:{number}: {err}") from err
        except KgError as err:
            raise type(err)(f"{label}:{number}: {err}") from err
        yield claim


def write_claims(claims: Iterable[Claim], stream: IO[str]) -> int:
    """Write claims as JSONL, one a line, in the order given; return how many were written."""
    count = 0
    for claim in claims:
        stream.write(json.dumps(claim.to_dict(), ensure_ascii=False) + "\n")
        count += 1
    return count
