"""Score predicted claims against a gold file (``kg eval``): the matching rules of the GUIDE.

A gold file holds one annotated article a line (``../shared/eval/GUIDE.md``, "Gold file")::

    {"id": "my-0001", "lang": "en", "text": "...",
     "claims": [{"s": "CHN", "p": "OPPOSES", "o": "topic:nato-expansion",
                 "o_aliases": ["NATO enlargement"], "polarity": "positive", "core": true}]}

Predictions are claims in the JSONL form ``kg extract`` writes; only ``article.id``,
``subject.id``, ``predicate``, ``object.id``, ``object.label`` and ``polarity`` decide a match
(``evidence.text`` is kept to show a false positive).

Matching, per article: a prediction matches a gold claim with the same subject, predicate and
polarity and the same object id, or the subject and object swapped for a symmetric predicate
(the schema says which), or, for a gold topic, an object whose label or id slug equals one of
the gold names (its id, slug and ``o_aliases``) after lower-casing and stripping accents and
punctuation. Predictions are taken in file order, duplicates (the same triple and polarity,
either direction for symmetric predicates) counted once; each takes the first open gold claim
it matches, core ones and id matches first. A prediction that matches nothing is a false
positive; one that only matches a claim already found, or a non-core claim, counts neither way.
Precision is tp / (tp + fp), recall the share of core gold claims found.

Library use::

    schema = Schema.load()
    gold = read_gold(Path("gold.jsonl"), schema=schema)
    report = evaluate(gold, read_predictions(Path("pred.jsonl"), schema=schema), schema=schema)
    print(report.totals.precision, report.totals.recall, report.totals.f1)
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from kg.claims import POLARITIES, Article, Claim
from kg.errors import InputError
from kg.schema import Schema

__all__ = [
    "Counts",
    "FalsePositive",
    "GoldArticle",
    "GoldClaim",
    "Miss",
    "Prediction",
    "Report",
    "draft_gold",
    "evaluate",
    "normalise_name",
    "object_names",
    "predictions_from_claims",
    "read_gold",
    "read_predictions",
]

UNKNOWN_LANGUAGE = "unknown"
_WORD = re.compile(r"[a-z0-9]+")


def normalise_name(text: str) -> str:
    """Return a name lower-cased, without accents, its words joined by single spaces.

    >>> normalise_name("Nato-Erweiterung"), normalise_name("l'élargissement de l'OTAN")
    ('nato erweiterung', 'l elargissement de l otan')
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(_WORD.findall(bare))


def object_names(
    object_id: str, label: str | None = None, aliases: Iterable[str] = ()
) -> frozenset[str]:
    """Return the normalised names an object goes by: its id, the id's slug, label and aliases."""
    names = {normalise_name(object_id)}
    if ":" in object_id:
        names.add(normalise_name(object_id.split(":", 1)[1]))
    if label:
        names.add(normalise_name(label))
    names.update(normalise_name(alias) for alias in aliases)
    names.discard("")
    return frozenset(names)


@dataclass(frozen=True, slots=True)
class GoldClaim:
    """One annotated claim; ``core`` claims are the ones recall counts."""

    subject: str
    predicate: str
    object: str
    polarity: str = "positive"
    core: bool = True
    aliases: tuple[str, ...] = ()
    note: str | None = None
    names: frozenset[str] = field(default=frozenset(), compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "s": self.subject,
            "p": self.predicate,
            "o": self.object,
            "o_aliases": list(self.aliases),
            "polarity": self.polarity,
            "core": self.core,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """An annotated article: its id (what predictions name), language and gold claims."""

    id: str
    lang: str | None
    claims: tuple[GoldClaim, ...]
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Prediction:
    """What the matching reads of one predicted claim, plus its evidence sentence for people."""

    article: str
    subject: str
    predicate: str
    object: str
    label: str | None = None
    polarity: str = "positive"
    evidence: str | None = None
    names: frozenset[str] = field(default=frozenset(), compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "subject": self.subject,
            "predicate": self.predicate,
            "object": self.object,
            "label": self.label,
            "polarity": self.polarity,
            "evidence": self.evidence,
        }


@dataclass(frozen=True, slots=True)
class Counts:
    """True and false positives, and core gold claims found out of all core gold claims."""

    tp: int = 0
    fp: int = 0
    found: int = 0
    core: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.tp + other.tp,
            self.fp + other.fp,
            self.found + other.found,
            self.core + other.core,
        )

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.core if self.core else 0.0

    @property
    def f1(self) -> float:
        precision, recall = self.precision, self.recall
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "tp": self.tp,
            "fp": self.fp,
            "found": self.found,
            "core": self.core,
        }


@dataclass(frozen=True, slots=True)
class Miss:
    """A core gold claim that no prediction matched."""

    article: str
    lang: str
    claim: GoldClaim


@dataclass(frozen=True, slots=True)
class FalsePositive:
    """A prediction that matched no gold claim of its article."""

    article: str
    lang: str
    prediction: Prediction


@dataclass(frozen=True, slots=True)
class Report:
    """Overall, per-predicate, per-language and per-article counts, and the errors behind them.

    ``unknown_articles`` are article ids of predictions that the gold file does not hold; their
    predictions are not scored.
    """

    totals: Counts
    per_predicate: dict[str, Counts]
    per_language: dict[str, Counts]
    per_article: dict[str, Counts]
    misses: list[Miss]
    false_positives: list[FalsePositive]
    unknown_articles: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.totals.to_dict(),
            "articles": len(self.per_article),
            "per_predicate": {key: c.to_dict() for key, c in self.per_predicate.items()},
            "per_language": {key: c.to_dict() for key, c in self.per_language.items()},
            "per_article": {key: c.to_dict() for key, c in self.per_article.items()},
            "misses": [
                {"article": m.article, "lang": m.lang, **m.claim.to_dict()} for m in self.misses
            ],
            "false_positives": [
                {"lang": f.lang, **f.prediction.to_dict()} for f in self.false_positives
            ],
            "unknown_articles": self.unknown_articles,
        }


def evaluate(
    gold: Iterable[GoldArticle], predictions: Iterable[Prediction], *, schema: Schema
) -> Report:
    """Match predictions to the gold claims of their articles and count (module docstring)."""
    symmetric = {name for name, spec in schema.predicates.items() if spec.symmetric}
    by_article = _deduplicate(predictions, symmetric)
    per_predicate: dict[str, Counts] = {}
    per_article: dict[str, Counts] = {}
    per_language: dict[str, Counts] = {}
    misses: list[Miss] = []
    false_positives: list[FalsePositive] = []
    for article in gold:
        lang = article.lang or UNKNOWN_LANGUAGE
        counts = Counts()
        found: set[int] = set()
        for prediction in by_article.pop(article.id, {}).values():
            hits = [
                i
                for i, claim in enumerate(article.claims)
                if _matches(claim, prediction, symmetric)
            ]
            if not hits:
                false_positives.append(FalsePositive(article.id, lang, prediction))
                counts += Counts(fp=1)
                _add(per_predicate, prediction.predicate, Counts(fp=1))
                continue
            open_hits = [i for i in hits if i not in found]
            if not open_hits:
                continue  # another name for a claim already matched: neither right nor wrong
            best = min(
                open_hits,
                key=lambda i: (
                    not article.claims[i].core,
                    article.claims[i].object != prediction.object,
                    i,
                ),
            )
            found.add(best)
            if article.claims[best].core:
                counts += Counts(tp=1)
                _add(per_predicate, prediction.predicate, Counts(tp=1))
        for i, claim in enumerate(article.claims):
            if not claim.core:
                continue
            is_found = i in found
            counts += Counts(found=int(is_found), core=1)
            _add(per_predicate, claim.predicate, Counts(found=int(is_found), core=1))
            if not is_found:
                misses.append(Miss(article.id, lang, claim))
        per_article[article.id] = counts
        _add(per_language, lang, counts)
    totals = sum(per_article.values(), Counts())
    return Report(
        totals=totals,
        per_predicate=dict(sorted(per_predicate.items())),
        per_language=dict(sorted(per_language.items())),
        per_article=per_article,
        misses=misses,
        false_positives=false_positives,
        unknown_articles=sorted(by_article),
    )


def _add(table: dict[str, Counts], key: str, counts: Counts) -> None:
    table[key] = table.get(key, Counts()) + counts


def _deduplicate(
    predictions: Iterable[Prediction], symmetric: set[str]
) -> dict[str, dict[tuple[str, ...], Prediction]]:
    """Group predictions by article; a repeated triple keeps its first occurrence."""
    by_article: dict[str, dict[tuple[str, ...], Prediction]] = {}
    for prediction in predictions:
        ends = (prediction.subject, prediction.object)
        if prediction.predicate in symmetric:
            ends = (min(ends), max(ends))
        key = (*ends, prediction.predicate, prediction.polarity)
        by_article.setdefault(prediction.article, {}).setdefault(key, prediction)
    return by_article


def _matches(claim: GoldClaim, prediction: Prediction, symmetric: set[str]) -> bool:
    if claim.predicate != prediction.predicate or claim.polarity != prediction.polarity:
        return False
    if claim.subject == prediction.subject and claim.object == prediction.object:
        return True
    if (
        claim.predicate in symmetric
        and claim.subject == prediction.object
        and claim.object == prediction.subject
    ):
        return True
    return (
        claim.object.startswith("topic:")
        and claim.subject == prediction.subject
        and not claim.names.isdisjoint(prediction.names)
    )


def draft_gold(
    article: Article, claims: Iterable[Claim], *, schema: Schema, lang: str | None = None
) -> dict[str, Any]:
    """Return a gold record for an article, its claims a draft for an analyst to correct.

    Each distinct claim (the same triple and polarity, either direction for symmetric predicates,
    counted once as ``evaluate`` does) becomes a core gold claim whose note is its sentence; a
    topic keeps its label as an alias.
    """
    symmetric = {name for name, spec in schema.predicates.items() if spec.symmetric}
    drafted: dict[tuple[str, ...], dict[str, Any]] = {}
    for claim in claims:
        ends = (claim.subject.id, claim.object.id)
        if claim.predicate in symmetric:
            ends = (min(ends), max(ends))
        key = (*ends, claim.predicate, claim.polarity)
        label = claim.object.label
        aliases = [label] if claim.object.id.startswith("topic:") and label else []
        drafted.setdefault(
            key,
            {
                "s": claim.subject.id,
                "p": claim.predicate,
                "o": claim.object.id,
                "o_aliases": aliases,
                "polarity": claim.polarity,
                "core": True,
                "note": " ".join(claim.evidence.text.split()),
            },
        )
    return {
        "id": article.id,
        "lang": lang or article.lang,
        "url": article.url,
        "title": article.title,
        "source": article.source,
        "published": article.published,
        "text": article.text,
        "claims": list(drafted.values()),
    }


# --- reading -------------------------------------------------------------------------------


def read_gold(path: Path, *, schema: Schema) -> list[GoldArticle]:
    """Read a gold file; a bad line raises InputError naming file:line and the fix."""
    articles: list[GoldArticle] = []
    first_line: dict[str, int] = {}
    for number, record in _read_jsonl(path, what="one gold article", name=str(path)):
        where = f"{path}:{number}"
        article = _gold_article(record, schema=schema, where=where)
        if article.id in first_line:
            raise InputError(
                f"{where}: article id {article.id!r} is already used on line "
                f"{first_line[article.id]}; give every article its own id"
            )
        first_line[article.id] = number
        articles.append(article)
    return articles


def read_predictions(
    source: Path | IO[str], *, schema: Schema, name: str = "<stdin>"
) -> list[Prediction]:
    """Read predicted claims (``kg extract`` JSONL) from a file or a stream named ``name``.

    A bad line raises InputError naming file:line.
    """
    label = str(source) if isinstance(source, Path) else name
    predictions = []
    for number, record in _read_jsonl(source, what="one claim", name=label):
        where = f"{label}:{number}"
        try:
            predictions.append(_prediction(record, schema=schema))
        except ValueError as err:
            raise InputError(f"{where}: {err}") from err
    return predictions


def predictions_from_claims(claims: Iterable[Claim]) -> list[Prediction]:
    """Turn extracted claims into predictions, in the order given."""
    return [
        Prediction(
            article=claim.article.id,
            subject=claim.subject.id,
            predicate=claim.predicate,
            object=claim.object.id,
            label=claim.object.label,
            polarity=claim.polarity,
            evidence=claim.evidence.text,
            names=object_names(claim.object.id, claim.object.label),
        )
        for claim in claims
    ]


def _read_jsonl(source: Path | IO[str], *, what: str, name: str) -> Iterator[tuple[int, Any]]:
    try:
        if isinstance(source, Path):
            with source.open(encoding="utf-8") as handle:
                yield from _parse_lines(handle, what=what, name=name)
        else:
            yield from _parse_lines(source, what=what, name=name)
    except OSError as err:
        raise InputError(f"{name}: cannot read: {err.strerror or err}") from err
    except UnicodeDecodeError as err:
        raise InputError(f"{name}: not UTF-8 text ({err.reason}); save it as UTF-8") from err


def _parse_lines(lines: Iterable[str], *, what: str, name: str) -> Iterator[tuple[int, Any]]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(
                f"{name}:{number}: not JSON: {err.msg} (column {err.colno}); write {what} per line"
            ) from err


def _gold_article(record: Any, *, schema: Schema, where: str) -> GoldArticle:
    if not isinstance(record, dict):
        raise InputError(f'{where}: a gold article must be a JSON object with "id" and "claims"')
    article_id = record.get("id")
    if not isinstance(article_id, str) or not article_id.strip():
        raise InputError(
            f'{where}: missing article "id"; give each article an id that predictions use as '
            '"article.id"'
        )
    lang = record.get("lang")
    if lang is not None and not isinstance(lang, str):
        raise InputError(f'{where}: "lang" must be a language code such as "sv"')
    claims = record.get("claims")
    if not isinstance(claims, list):
        raise InputError(f'{where}: missing "claims" list; write "claims": [] for none')
    gold = []
    for index, claim in enumerate(claims, 1):
        try:
            gold.append(_gold_claim(claim, schema=schema))
        except ValueError as err:
            raise InputError(f"{where}: claim {index}: {err}") from err
    title = record.get("title")
    return GoldArticle(
        id=article_id,
        lang=lang.lower() if lang else None,
        claims=tuple(gold),
        title=title if isinstance(title, str) else None,
    )


def _gold_claim(record: Any, *, schema: Schema) -> GoldClaim:
    if not isinstance(record, dict):
        raise ValueError('a claim must be an object such as {"s": "CHN", "p": "MEETS", "o": "RUS"}')
    subject, obj = _entity_id(record, "s", schema), _entity_id(record, "o", schema)
    predicate = _predicate(record.get("p"), schema, field_name='"p"')
    polarity = _polarity(record.get("polarity", "positive"))
    core = record.get("core", True)
    if not isinstance(core, bool):
        raise ValueError(f'"core" must be true or false, not {json.dumps(core)}')
    aliases = record.get("o_aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise ValueError('"o_aliases" must be a list of strings')
    note = record.get("note")
    return GoldClaim(
        subject=subject,
        predicate=predicate,
        object=obj,
        polarity=polarity,
        core=core,
        aliases=tuple(aliases),
        note=note if isinstance(note, str) else None,
        names=object_names(obj, None, aliases),
    )


def _entity_id(record: dict[str, Any], key: str, schema: Schema) -> str:
    value = record.get(key)
    if not isinstance(value, str):
        raise ValueError(
            f'missing "{key}" (an entity id such as RUS, NATO or topic:nato-expansion)'
        )
    if not any(entity_type.matches(value) for entity_type in schema.entity_types.values()):
        raise ValueError(
            f'"{key}": {value!r} is not an entity id; use an ISO 3166 alpha-3 code (RUS), an '
            "acronym (NATO) or group:, person:, topic:, region: and a slug (topic:nato-expansion)"
        )
    return value


def _predicate(value: Any, schema: Schema, *, field_name: str) -> str:
    if not isinstance(value, str) or value not in schema.predicates:
        shown = json.dumps(value) if value is not None else "missing"
        close = difflib.get_close_matches(str(value).upper(), schema.predicate_names, n=1)
        fix = (
            f"did you mean {close[0]}?" if close else "one of " + ", ".join(schema.predicate_names)
        )
        raise ValueError(f"{field_name}: {shown} is not a predicate; {fix}")
    return value


def _polarity(value: Any) -> str:
    if value not in POLARITIES:
        raise ValueError(f'"polarity" must be "positive" or "negative", not {json.dumps(value)}')
    return str(value)


def _prediction(record: Any, *, schema: Schema) -> Prediction:
    if not isinstance(record, dict):
        raise ValueError("a claim must be a JSON object as kg extract writes them")
    article, subject, obj = (_part(record, key) for key in ("article", "subject", "object"))
    article_id, subject_id, object_id = (
        _part_id(part, key)
        for part, key in ((article, "article"), (subject, "subject"), (obj, "object"))
    )
    label = obj.get("label")
    evidence = record.get("evidence")
    text = evidence.get("text") if isinstance(evidence, dict) else None
    return Prediction(
        article=article_id,
        subject=subject_id,
        predicate=_predicate(record.get("predicate"), schema, field_name='"predicate"'),
        object=object_id,
        label=label if isinstance(label, str) else None,
        polarity=_polarity(record.get("polarity", "positive")),
        evidence=text if isinstance(text, str) else None,
        names=object_names(object_id, label if isinstance(label, str) else None),
    )


def _part(record: dict[str, Any], key: str) -> dict[str, Any]:
    value = record.get(key)
    if not isinstance(value, dict):
        raise ValueError(f'missing object "{key}" with an "id"; write claims as kg extract does')
    return value


def _part_id(part: dict[str, Any], key: str) -> str:
    value = part.get("id")
    if not isinstance(value, str) or not value:
        raise ValueError(f'missing "{key}.id"; write claims as kg extract does')
    return value
