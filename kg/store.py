"""The Neo4j store: schema in Neo4j, the provenance model, idempotent batched loading, reads.

Graph model (issue 4)::

    (:Entity:<Type> {id, name, aliases, wikidata})  id unique; <Type> a label from schema/kg.toml
    (:Article {id, url, title, published, lang, text, loaded_at, extractor, extractor_version,
               claims_digest})-[:PUBLISHED_BY]->(:Source {name})
    (:Claim {id, predicate, polarity, confidence, sentence, start, end, lang, rules, triple,
             extractor, extractor_version, extracted_at})
        -[:SUBJECT]->(:Entity)  -[:OBJECT]->(:Entity)  -[:STATED_IN]->(:Article)
        -[:ATTRIBUTED_TO]->(:Entity)  -[:AGENT]->(:Person)           (where known)
    (:Entity)-[:<PREDICATE> {claims, articles, sources, first_seen, last_seen,
                             confidence, _doubt, _sources}]->(:Entity)

The direct, typed relationship summarises the positive claims of one (subject, predicate, object);
a denial never creates or feeds it. Symmetric predicates are stored once, from the smaller id to
the larger. ``Claim.triple`` ("SUBJECT|PREDICATE|OBJECT", canonical for symmetric predicates) is
indexed so that a summary is recomputed from its claims by one index seek. New articles are
folded into the summaries they feed without reading older claims (FOLD_SUMMARIES); `_doubt`, the
unrounded 1 - confidence, is kept for that. Replaced or deleted claims trigger a recomputation.

Every write-side statement is a named constant here (STYLE.md Q7); values are parameters, labels
and relationship types come from the Schema and are backticked (Q1, Q2).

>>> store = Store.connect(load_settings())
>>> report = store.load_claims(read_claims(Path("claims.jsonl")))
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import neo4j
from neo4j import exceptions as neo4j_errors

from kg.claims import POLARITIES, Article, Claim, Entity, Evidence, Extractor, claim_sort_key
from kg.errors import InputError, SchemaError, StoreError
from kg.schema import Schema
from kg.wikidata import gazetteer_wikidata_file, read_wikidata

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "ClaimFilter",
    "LoadReport",
    "Rows",
    "Stats",
    "Store",
    "schema_statements",
]

log = logging.getLogger(__name__)

# Claims per transaction: the best of benchmarks/bench_load.py's sizes (98,057 claims, 10,000
# articles: 1000 -> 5,660/s, 2000 -> 5,690/s, 5000 -> 6,081/s on this 2-core machine).
DEFAULT_BATCH_SIZE = 5000
# Claims fetched per read transaction by Store.read_claims.
READ_PAGE = 5000
# Relationship types of the provenance model (the predicate types come from the schema).
PROVENANCE_TYPES = ("SUBJECT", "OBJECT", "STATED_IN", "ATTRIBUTED_TO", "AGENT", "PUBLISHED_BY")
FIXED_LABELS = ("Entity", "Article", "Claim", "Source")

# ---------------------------------------------------------------- schema in Neo4j

CONSTRAINTS = (
    "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT article_id IF NOT EXISTS FOR (n:Article) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT claim_id IF NOT EXISTS FOR (n:Claim) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT source_name IF NOT EXISTS FOR (n:Source) REQUIRE n.name IS UNIQUE",
)
INDEXES = (
    "CREATE INDEX claim_triple IF NOT EXISTS FOR (n:Claim) ON (n.triple)",
    "CREATE INDEX claim_predicate IF NOT EXISTS FOR (n:Claim) ON (n.predicate)",
    # No index on Claim.polarity: with two values it cut the contradictions query's db hits by a
    # fifth (no measurable time) but slowed loading from 5,459 to 3,305 claims/s (bench_load).
    "CREATE INDEX article_published IF NOT EXISTS FOR (n:Article) ON (n.published)",
    "CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name)",
)
# One per entity type, so that `MATCH (:Country {id: 'CHN'})` seeks an index too.
TYPE_INDEX = "CREATE INDEX {name} IF NOT EXISTS FOR (n:`{label}`) ON (n.id)"
AWAIT_INDEXES = "CALL db.awaitIndexes(300)"

# ---------------------------------------------------------------- loading

# Lock each article (so two loaders decide one after the other) and report what is stored.
LOCK_ARTICLES = """
UNWIND $ids AS id
MERGE (a:Article {id: id})
ON CREATE SET a.loaded_at = $now
SET a:Article
RETURN a.id AS id, a.extractor AS extractor, a.extractor_version AS version,
       a.claims_digest AS digest, a.text IS NULL AS textless
"""

# An article skipped for unchanged claims may still lack its text: a claims file (the spool,
# kg load --claims) carries none, so the text arrives with a later load of the article itself.
ADD_TEXTS = """
UNWIND $rows AS row
MATCH (a:Article {id: row.id})
WHERE a.text IS NULL
SET a.text = row.text
"""

# Delete an article's claims; return what they touched so summaries and orphans can be fixed.
DELETE_CLAIMS = """
UNWIND $ids AS id
MATCH (:Article {id: id})<-[:STATED_IN]-(c:Claim)
MATCH (c)-[:SUBJECT]->(s:Entity)
MATCH (c)-[:OBJECT]->(o:Entity)
WITH c, s.id AS subject, o.id AS object, c.predicate AS predicate,
     [(c)-[:ATTRIBUTED_TO|AGENT]->(e) | e.id] AS others
DETACH DELETE c
RETURN subject, predicate, object, others
"""

WRITE_ARTICLES = """
UNWIND $rows AS row
MATCH (a:Article {id: row.id})
SET a += row.props
SET a.text = coalesce(row.text, a.text)
WITH a, row
OPTIONAL MATCH (a)-[old:PUBLISHED_BY]->(previous:Source)
WHERE row.source IS NULL OR previous.name <> row.source
DELETE old
WITH a, row
WHERE row.source IS NOT NULL
MERGE (s:Source {name: row.source})
MERGE (a)-[:PUBLISHED_BY]->(s)
"""

# MERGE on the static Entity label and the unique id (an index seek), then label the new node:
# a MERGE keyed on a dynamic label cannot use an index (Neo4j 5.26). row.label is the Neo4j label
# of a schema entity type (validated in Store.check_claim), never text from the input. The
# Wikidata QID (kg.wikidata) is set when known, also on a node stored before it was. For a type
# whose labels are as written (topics), a name made from the id's slug (row.fallback) gives way
# to the first label seen in English text (row.english); other labels become aliases.
WRITE_ENTITIES = """
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
ON CREATE SET n:$(row.label), n.name = row.name, n.aliases = [], n.wikidata = row.wikidata
WITH n, row
FOREACH (_ IN CASE WHEN n.wikidata IS NULL AND row.wikidata IS NOT NULL THEN [1] ELSE [] END |
  SET n.wikidata = row.wikidata)
FOREACH (_ IN CASE WHEN row.english IS NOT NULL AND n.name = row.fallback
                        AND n.name <> row.english THEN [1] ELSE [] END |
  SET n.name = row.english)
WITH n, row, [x IN row.names WHERE x <> n.name AND NOT x IN n.aliases] AS new_aliases
FOREACH (_ IN CASE WHEN size(new_aliases) > 0 THEN [1] ELSE [] END |
  SET n.aliases = n.aliases + new_aliases)
WITH n, row
WHERE NOT row.label IN labels(n)
RETURN n.id AS id, labels(n) AS labels, row.label AS wanted
"""

# The claims of a new or replaced article: nobody else can write them, because the article is
# locked by LOCK_ARTICLES until this transaction ends, so CREATE (faster than MERGE) is safe.
CREATE_CLAIMS = """
UNWIND $rows AS row
MATCH (a:Article {id: row.article})
MATCH (s:Entity {id: row.subject})
MATCH (o:Entity {id: row.object})
CREATE (c:Claim {id: row.id})
SET c += row.props, c.extracted_at = $now
CREATE (c)-[:SUBJECT]->(s)
CREATE (c)-[:OBJECT]->(o)
CREATE (c)-[:STATED_IN]->(a)
WITH c, row
CALL (c, row) {
  MATCH (t:Entity {id: row.attributed_to})
  CREATE (c)-[:ATTRIBUTED_TO]->(t)
}
CALL (c, row) {
  MATCH (p:Entity {id: row.agent})
  CREATE (c)-[:AGENT]->(p)
}
"""

# Claims added to an article stored earlier in the same load (its claims came in two runs).
MERGE_CLAIMS = """
UNWIND $rows AS row
MATCH (a:Article {id: row.article})
MATCH (s:Entity {id: row.subject})
MATCH (o:Entity {id: row.object})
MERGE (c:Claim {id: row.id})
ON CREATE SET c += row.props, c.extracted_at = $now
MERGE (c)-[:SUBJECT]->(s)
MERGE (c)-[:OBJECT]->(o)
MERGE (c)-[:STATED_IN]->(a)
WITH c, row
CALL (c, row) {
  MATCH (t:Entity {id: row.attributed_to})
  MERGE (c)-[:ATTRIBUTED_TO]->(t)
}
CALL (c, row) {
  MATCH (p:Entity {id: row.agent})
  MERGE (c)-[:AGENT]->(p)
}
"""

# Take the write lock of each entity until the transaction ends: setting a label the node has
# changes nothing, but locks it. A direct relationship is read and rewritten only while both its
# entities are locked, so concurrent loaders update a summary one after the other and none keeps
# a stale count. The ids come sorted, so two loaders folding new articles take their locks in one
# order; a batch that also recomputes summaries (replaced articles) locks those entities in a
# second statement, and a deadlock between two such loaders is retried by the driver.
LOCK_ENTITIES = """
UNWIND $ids AS id
MATCH (e:Entity {id: id})
SET e:Entity
"""

# Recompute direct relationships from their positive claims (entities locked by LOCK_ENTITIES).
# Confidence: noisy-or over articles of each article's best claim. One statement per
# predicate: `{type}` is a schema predicate (validated in Store.check_claim), backticked, because
# a dynamic type ($(row.type)) is planned as a scan of all relationships on an empty database
# (quadratic as the graph grows); the index hint guards the claim lookup the same way.
RECOMPUTE_SUMMARIES = """
UNWIND $rows AS row
MATCH (s:Entity {{id: row.subject}})
MATCH (o:Entity {{id: row.object}})
CALL (row) {{
  OPTIONAL MATCH (c:Claim {{triple: row.triple}})-[:STATED_IN]->(a:Article)
  USING INDEX c:Claim(triple)
  WHERE c.polarity = 'positive'
  OPTIONAL MATCH (a)-[:PUBLISHED_BY]->(src:Source)
  WITH a, src, count(c) AS n, max(c.confidence) AS best
  RETURN sum(n) AS claims, count(a) AS articles, collect(DISTINCT src.name) AS sources,
         min(a.published) AS first_seen, max(a.published) AS last_seen,
         reduce(p = 1.0, x IN collect(best) | p * (1.0 - x)) AS doubt
}}
OPTIONAL MATCH (s)-[old:`{type}`]->(o)
FOREACH (x IN CASE WHEN claims = 0 AND old IS NOT NULL THEN [old] ELSE [] END | DELETE x)
FOREACH (_ IN CASE WHEN claims > 0 THEN [1] ELSE [] END |
  MERGE (s)-[r:`{type}`]->(o)
  SET r.claims = claims, r.articles = articles, r.sources = size(sources), r._sources = sources,
      r.first_seen = first_seen, r.last_seen = last_seen, r._doubt = doubt,
      r.confidence = round(1.0 - doubt, 3))
"""

# Fold the positive claims of new articles into their direct relationships, without reading the
# relationship's older claims: a new article adds its claims and itself to every summary it
# feeds; first_seen/last_seen widen; `_doubt`, the unrounded product of (1 - best claim) over
# articles, is multiplied by the new articles' (confidence = 1 - _doubt, rounded); a source counts
# when it is not yet in `_sources`, the names of the triple's sources. Entities are locked first
# (LOCK_ENTITIES). A relationship written before `_doubt` and `_sources` existed is left alone and
# its triple returned, to be recomputed.
FOLD_SUMMARIES = """
UNWIND $rows AS row
MATCH (s:Entity {{id: row.subject}})
MATCH (o:Entity {{id: row.object}})
OPTIONAL MATCH (s)-[old:`{type}`]->(o)
CALL (s, o, row, old) {{
  WITH * WHERE old IS NULL
  CREATE (s)-[r:`{type}`]->(o)
  SET r.claims = row.claims, r.articles = row.articles, r.sources = size(row.sources),
      r._sources = row.sources, r.first_seen = row.first, r.last_seen = row.last,
      r._doubt = row.doubt, r.confidence = round(1.0 - row.doubt, 3)
}}
CALL (row, old) {{
  WITH * WHERE old._doubt IS NOT NULL AND old._sources IS NOT NULL
  WITH row, old, old._doubt * row.doubt AS doubt,
       old._sources + [name IN row.sources WHERE NOT name IN old._sources] AS sources,
       CASE WHEN old.first_seen IS NULL OR row.first < old.first_seen
            THEN coalesce(row.first, old.first_seen) ELSE old.first_seen END AS first,
       CASE WHEN old.last_seen IS NULL OR row.last > old.last_seen
            THEN coalesce(row.last, old.last_seen) ELSE old.last_seen END AS last
  SET old.claims = old.claims + row.claims, old.articles = old.articles + row.articles,
      old.sources = size(sources), old._sources = sources, old.first_seen = first,
      old.last_seen = last, old._doubt = doubt, old.confidence = round(1.0 - doubt, 3)
}}
WITH row, old
WHERE old IS NOT NULL AND (old._doubt IS NULL OR old._sources IS NULL)
RETURN row.triple AS triple
"""

DELETE_ORPHAN_ENTITIES = """
UNWIND $ids AS id
MATCH (e:Entity {id: id})
WHERE NOT (e)--()
DELETE e
"""

DELETE_ORPHAN_SOURCES = """
MATCH (s:Source)
WHERE NOT (s)--()
DELETE s
"""

DELETE_ARTICLE = """
MATCH (a:Article {id: $id})
DETACH DELETE a
"""

ARTICLE_EXISTS = "MATCH (a:Article {id: $id}) RETURN count(a) AS n"

# ---------------------------------------------------------------- reading

# Shared claim filters: `c` a Claim, `a` its Article; a missing parameter means no filter.
# Dates compare as ISO strings; `until` is inclusive of its whole day, month or year.
ARTICLE_FILTERS = """
($since IS NULL OR {a}.published >= $since)
AND ($until IS NULL OR substring({a}.published, 0, size($until)) <= $until)
AND ($lang IS NULL OR {a}.lang = $lang)
AND ($source IS NULL OR EXISTS {{ ({a})-[:PUBLISHED_BY]->(:Source {{name: $source}}) }})
"""
CLAIM_FILTERS = f"""
($predicates IS NULL OR c.predicate IN $predicates)
AND ($polarity IS NULL OR c.polarity = $polarity)
AND {ARTICLE_FILTERS.format(a="a")}
"""

NEIGHBOURS = f"""
UNWIND $ids AS id
MATCH (e:Entity {{id: id}})<-[:SUBJECT|OBJECT]-(c:Claim)-[:SUBJECT|OBJECT]->(n:Entity)
MATCH (c)-[:STATED_IN]->(a:Article)
WHERE n <> e AND {CLAIM_FILTERS}
RETURN DISTINCT n.id AS id
"""

# One page of Store.read_claims: the filtered claims of the next articles in id order (keyset
# pagination: the range seek on the article id index hands them over in order, so there is no
# sort and no server-side state between pages). _page_query fills in `{articles}` (which ones),
# `{limit}` (the page size) and `{evidence}`, which keeps only triples stated in at least
# $min_evidence articles (an index seek on Claim.triple per claim; the other filters are the same
# for every claim of one triple).
CLAIM_PAGE = f"""
MATCH (a:Article)
WHERE {{articles}}
MATCH (a)<-[:STATED_IN]-(c:Claim)
MATCH (c)-[:SUBJECT]->(s:Entity)
MATCH (c)-[:OBJECT]->(o:Entity)
WHERE ($entities IS NULL OR s.id IN $entities OR o.id IN $entities) AND {CLAIM_FILTERS}
{{evidence}}
WITH a, c, s, o
ORDER BY a.id
{{limit}}
OPTIONAL MATCH (a)-[:PUBLISHED_BY]->(src:Source)
OPTIONAL MATCH (c)-[:ATTRIBUTED_TO]->(t:Entity)
OPTIONAL MATCH (c)-[:AGENT]->(g:Entity)
RETURN c {{.*}} AS claim,
       s {{.id, .name, labels: labels(s)}} AS subject,
       o {{.id, .name, labels: labels(o)}} AS object,
       a {{.id, .title, .url, .published, .lang}} AS article, src.name AS source,
       CASE WHEN t IS NULL THEN null ELSE t {{.id, .name, labels: labels(t)}} END AS attributed_to,
       CASE WHEN g IS NULL THEN null ELSE g {{.id, .name, labels: labels(g)}} END AS agent
ORDER BY a.id
"""
PAGE_ARTICLES = {
    "first": "a.id >= $after",  # every string id is >= ''
    "next": "a.id > $after",
    "one": "a.id = $after",  # an article with more claims than a page
}
MIN_EVIDENCE = f"""
AND COUNT {{
  MATCH (x:Claim {{triple: c.triple}})-[:STATED_IN]->(b:Article)
  WHERE x.polarity = c.polarity AND {ARTICLE_FILTERS.format(a="b")}
  RETURN DISTINCT b
}} >= $min_evidence
"""

ENTITY_EXISTS = "MATCH (e:Entity {id: $id}) RETURN count(e) AS n"

COUNT_LABEL = "MATCH (n:`{label}`) RETURN count(n) AS n"
COUNT_TYPE = "MATCH ()-[r:`{type}`]->() RETURN count(r) AS n"
CLAIMS_BY_PREDICATE = """
MATCH (c:Claim)
RETURN c.predicate AS predicate, c.polarity AS polarity, count(*) AS n
ORDER BY predicate, polarity
"""
ARTICLES_BY_SOURCE = """
MATCH (a:Article)
OPTIONAL MATCH (a)-[:PUBLISHED_BY]->(s:Source)
RETURN s.name AS source, a.lang AS lang, count(*) AS n
ORDER BY source, lang
"""
DATE_RANGE = "MATCH (a:Article) RETURN min(a.published) AS first, max(a.published) AS last"

_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


# ---------------------------------------------------------------- value objects


@dataclass(slots=True)
class LoadReport:
    """What one load did: articles stored (new or replaced), skipped, failed; claims; entities."""

    articles: int = 0
    replaced: int = 0
    skipped: int = 0
    claims: int = 0
    new_entities: int = 0
    failed: list[str] = field(default_factory=list)  # one line per input or article
    spooled: int = 0
    spool: Path | None = None

    def summary(self) -> str:
        """Return the one-line summary the CLI prints."""
        text = (
            f"{self.articles} articles ({self.replaced} replaced), {self.claims} claims, "
            f"{self.new_entities} new entities, {self.skipped} skipped, {len(self.failed)} failed"
        )
        if self.spool is not None:
            text += f", {self.spooled} claims spooled to {self.spool}"
        return text


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    """Which claims Store.read_claims returns; None means no filter.

    actor/depth: claims reached within ``depth`` hops of the actor (depth 1: the actor's own
    claims; depth 2: also the claims of its neighbours). min_evidence: only triples stated in at
    least that many articles. since/until: ISO dates (YYYY, YYYY-MM or YYYY-MM-DD) on the
    article's publication date, both inclusive. source, lang: the article's.
    """

    actor: str | None = None
    depth: int = 1
    predicates: tuple[str, ...] | None = None
    polarity: str | None = None
    since: str | None = None
    until: str | None = None
    min_evidence: int = 1
    source: str | None = None
    lang: str | None = None


@dataclass(frozen=True, slots=True)
class Rows:
    """The records of a query and its column names (kept even when there is no record)."""

    keys: tuple[str, ...]
    records: list[neo4j.Record]

    def __iter__(self) -> Iterator[neo4j.Record]:
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)

    def data(self) -> list[dict[str, Any]]:
        """Return the records as plain dicts (nodes become property maps)."""
        return [record.data() for record in self.records]


@dataclass(frozen=True, slots=True)
class Stats:
    nodes: dict[str, int]
    relationships: dict[str, int]
    claims: list[tuple[str, str, int]]  # predicate, polarity, count
    articles: list[tuple[str | None, str | None, int]]  # source, lang, count
    first_published: str | None
    last_published: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "nodes": self.nodes,
            "relationships": self.relationships,
            "claims": [{"predicate": p, "polarity": q, "count": n} for p, q, n in self.claims],
            "articles": [{"source": s, "lang": lang, "count": n} for s, lang, n in self.articles],
            "published": {"first": self.first_published, "last": self.last_published},
        }


@dataclass(slots=True)
class _Group:
    """One article's claims as they will be written (validated, deduplicated)."""

    article: Article
    extractor: Extractor
    claims: list[Claim]
    digest: str
    is_continuation: bool = False


class Settings(Protocol):
    """What Store.connect needs from kg.config.Settings (kg.store does not import kg.config)."""

    @property
    def uri(self) -> str: ...

    @property
    def auth(self) -> tuple[str, str]: ...

    @property
    def database(self) -> str: ...


class Driver(Protocol):
    """The part of neo4j.Driver the store uses (a seam for failure-injection tests)."""

    def session(
        self, *, database: str | None = ..., notifications_min_severity: Any = ...
    ) -> neo4j.Session: ...

    def close(self) -> None: ...


# ---------------------------------------------------------------- helpers


def schema_statements(schema: Schema) -> list[str]:
    """Return the constraint and index statements the schema needs (idempotent)."""
    statements = list(CONSTRAINTS) + list(INDEXES)
    for name in schema.type_names:
        label = schema.entity_type(name).label
        statements.append(TYPE_INDEX.format(name=f"{label.lower()}_id", label=label))
    return statements


def triple_key(claim: Claim, schema: Schema) -> tuple[str, str, str]:
    """Return (subject, object, triple) in the direction the direct relationship is stored."""
    subject, obj = claim.subject.id, claim.object.id
    if schema.predicate(claim.predicate).symmetric and obj < subject:
        subject, obj = obj, subject
    return subject, obj, f"{subject}|{claim.predicate}|{obj}"


def _page_query(articles: str, evidence: str, limit: str) -> str:
    """Return CLAIM_PAGE for one of PAGE_ARTICLES, with MIN_EVIDENCE or not, limited or not."""
    query = CLAIM_PAGE.replace("{articles}", articles).replace("{evidence}", evidence)
    return query.replace("{limit}", limit)


def _version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"[.\-+]", version))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _digest(claims: list[Claim], extractor: Extractor) -> str:
    lines = sorted(json.dumps(c.to_dict(), sort_keys=True, ensure_ascii=False) for c in claims)
    lines.append(json.dumps(extractor.to_dict(), sort_keys=True))
    return hashlib.sha1("\n".join(lines).encode("utf-8")).hexdigest()


def _describe(err: Exception) -> str:
    message = getattr(err, "message", None) or str(err) or type(err).__name__
    return " ".join(str(message).split())


# ---------------------------------------------------------------- the store


class Store:
    """Claims in Neo4j: write them idempotently in batches, read them back, run read queries."""

    def __init__(
        self,
        driver: Driver,
        database: str = "neo4j",
        *,
        schema: Schema | None = None,
        uri: str | None = None,
        wikidata: Mapping[str, str] | None = None,
    ) -> None:
        """``wikidata``: entity id -> QID, for the entities' ``wikidata`` property; by default
        the gazetteer's (kg.wikidata), read at the first write."""
        self.driver = driver
        self.database = database
        self.schema = schema or Schema.load()
        self.uri = uri or "the Neo4j server"
        self._wikidata = wikidata
        self._schema_applied = False
        self._labels = {t.label: t.name for t in self.schema.entity_types.values()}

    @property
    def wikidata(self) -> Mapping[str, str]:
        if self._wikidata is None:
            self._wikidata = read_wikidata(gazetteer_wikidata_file())
        return self._wikidata

    @classmethod
    def connect(
        cls, settings: Settings, *, schema: Schema | None = None, verify: bool = True
    ) -> Store:
        """Open a driver from kg.config.Settings; check that the server answers unless told not.

        ``verify=False`` lets ``kg load`` extract and spool when the server is down.
        """
        driver = neo4j.GraphDatabase.driver(
            settings.uri, auth=settings.auth, max_transaction_retry_time=15.0
        )
        store = cls(driver, settings.database, schema=schema, uri=settings.uri)
        if verify:
            try:
                driver.verify_connectivity()
            except Exception as err:
                driver.close()
                raise store._error(err) from err
        return store

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ errors

    def _error(self, err: Exception) -> StoreError:
        """Translate a driver exception into a one-line StoreError naming the URI and the cause."""
        cause = _describe(err)
        if isinstance(err, neo4j_errors.AuthError):
            return StoreError(
                f"Neo4j at {self.uri} refused the login: {cause}; "
                "check the password (NEO4J_PASSWORD or kg config)"
            )
        if isinstance(err, neo4j_errors.ServiceUnavailable | neo4j_errors.SessionExpired):
            return StoreError(
                f"cannot reach Neo4j at {self.uri}: {cause}; start it with: kg db start"
            )
        if isinstance(err, neo4j_errors.Neo4jError) and err.code and "AccessMode" in err.code:
            return StoreError(f"the query tries to write, but runs read-only: {cause}")
        if isinstance(err, neo4j_errors.Neo4jError) and err.code and "TimedOut" in err.code:
            return StoreError(f"the query ran out of time at {self.uri}: {cause}")
        return StoreError(f"Neo4j at {self.uri} failed: {cause}")

    def _session(self) -> neo4j.Session:
        return self.driver.session(database=self.database, notifications_min_severity="OFF")

    # ------------------------------------------------------------ schema

    def ensure_schema(self) -> list[str]:
        """Create the constraints and indexes the schema needs (idempotent); return them."""
        statements = schema_statements(self.schema)
        try:
            with self._session() as session:
                for statement in statements:
                    session.run(statement).consume()
                session.run(AWAIT_INDEXES).consume()
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as err:
            raise self._error(err) from err
        self._schema_applied = True
        return statements

    # ------------------------------------------------------------ queries

    def read(
        self, cypher: str, params: dict[str, Any] | None = None, *, timeout: float | None = None
    ) -> Rows:
        """Run a query in a READ transaction (the server refuses writes); return its rows."""

        @neo4j.unit_of_work(timeout=timeout)
        def work(tx: neo4j.ManagedTransaction) -> Rows:
            result = tx.run(cypher, params or {})
            return Rows(tuple(result.keys()), list(result))

        try:
            with self._session() as session:
                return session.execute_read(work)
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as err:
            raise self._error(err) from err

    def write(self, cypher: str, params: dict[str, Any] | None = None) -> Rows:
        """Run a query in a write transaction (retried on transient errors); return its rows."""

        def work(tx: neo4j.ManagedTransaction) -> Rows:
            result = tx.run(cypher, params or {})
            return Rows(tuple(result.keys()), list(result))

        try:
            with self._session() as session:
                return session.execute_write(work)
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as err:
            raise self._error(err) from err

    # ------------------------------------------------------------ loading

    def check_claim(self, claim: Claim) -> None:
        """Raise SchemaError unless the claim's predicate, types and ids are in the schema."""
        schema = self.schema
        where = f"article {claim.article.id!r}, claim {claim.subject.id} {claim.predicate} " + (
            f"{claim.object.id}"
        )
        try:
            schema.check_entity(claim.subject.id, claim.subject.type)
            schema.check_entity(claim.object.id, claim.object.type)
            schema.check_claim(claim.subject.type, claim.predicate, claim.object.type)
            if claim.polarity not in POLARITIES:
                raise SchemaError(f"polarity must be positive or negative, not {claim.polarity!r}")
            if claim.attributed_to is not None:
                schema.check_entity(claim.attributed_to.id, claim.attributed_to.type)
                if not schema.entity_type(claim.attributed_to.type).is_actor:
                    raise SchemaError(
                        f"attributed_to must be an actor, not a {claim.attributed_to.type}"
                    )
            if claim.agent is not None:
                schema.check_entity(claim.agent.id, claim.agent.type)
                if claim.agent.type != "Person":
                    raise SchemaError(f"agent must be a Person, not a {claim.agent.type}")
        except SchemaError as err:
            raise SchemaError(f"{where}: {err}") from None

    def load_claims(
        self,
        claims: Iterable[Claim],
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        progress: Callable[[int], None] | None = None,
        spool: Path | None = None,
    ) -> LoadReport:
        """Merge claims into Neo4j in batches, each article whole or not at all.

        Claims are grouped by article (consecutive claims of one article form its set; a later
        run of the same article in the same call adds to it). An article already stored with the
        same claims is skipped; one stored by an older extractor version (or with other claims)
        is replaced; one stored by a newer version is skipped. A claim outside the schema raises
        SchemaError before its batch is written. ``progress`` is called with the number of
        claims handled after each batch. When Neo4j fails, the claims of every article not yet
        stored are appended to ``spool`` (JSONL; ``kg load --claims`` replays it) and a
        StoreError names the URI, the cause and the spool.
        """
        return self._load(self._claim_groups(claims), batch_size, progress, spool)

    def load_articles(
        self,
        articles: Iterable[tuple[Article, Extractor, Sequence[Claim]]],
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        progress: Callable[[int], None] | None = None,
        spool: Path | None = None,
    ) -> LoadReport:
        """Store extracted articles with their claims, as load_claims does.

        Unlike a claims file, this also stores articles without claims and their text, and
        a re-extraction that finds nothing removes the article's old claims.
        """
        seen: dict[str, list[Claim]] = {}
        groups = (
            self._group(article, extractor, list(claims), seen)
            for article, extractor, claims in articles
        )
        return self._load(groups, batch_size, progress, spool)

    def _load(
        self,
        groups: Iterator[_Group],
        batch_size: int,
        progress: Callable[[int], None] | None,
        spool: Path | None,
    ) -> LoadReport:
        if batch_size < 1:
            raise InputError(f"batch size must be at least 1, not {batch_size}")
        report = LoadReport()
        batch: list[_Group] = []
        size = 0
        try:
            if not self._schema_applied:
                self.ensure_schema()
            for group in groups:
                batch.append(group)
                size += max(1, len(group.claims))
                if size >= batch_size:
                    self._write_batch(batch, report, progress)
                    batch, size = [], 0
            if batch:
                self._write_batch(batch, report, progress)
        except StoreError as err:
            if spool is None:
                raise
            report.spool = spool
            report.spooled = _spool_groups(spool, batch, groups)
            raise StoreError(
                f"{err}; {report.spooled} claims of the articles not stored were saved to "
                f"{spool}; replay them with: kg load --claims {spool}"
            ) from err.__cause__
        return report

    def _claim_groups(self, claims: Iterable[Claim]) -> Iterator[_Group]:
        """Group consecutive claims by article."""
        seen: dict[str, list[Claim]] = {}
        current: list[Claim] = []
        for claim in claims:
            if current and claim.article.id != current[0].article.id:
                yield self._group(current[0].article, current[0].extractor, current, seen)
                current = []
            current.append(claim)
        if current:
            yield self._group(current[0].article, current[0].extractor, current, seen)

    def _group(
        self,
        article: Article,
        extractor: Extractor,
        claims: list[Claim],
        seen: dict[str, list[Claim]],
    ) -> _Group:
        """Validate one article's claims, deduplicate them by id, add an earlier run's."""
        for claim in claims:
            self.check_claim(claim)
            if claim.article.id != article.id:
                raise InputError(f"article {article.id!r}: holds a claim of {claim.article.id!r}")
            if claim.extractor != extractor:
                raise InputError(f"article {article.id!r}: claims from more than one extractor")
        continuation = article.id in seen
        unique = {c.id: c for c in seen.get(article.id, [])}
        unique.update((c.id, c) for c in claims)
        merged = list(unique.values())
        seen[article.id] = merged
        return _Group(article, extractor, merged, _digest(merged, extractor), continuation)

    def _write_batch(
        self,
        batch: list[_Group],
        report: LoadReport,
        progress: Callable[[int], None] | None,
    ) -> None:
        try:
            with self._session() as session:
                outcome = session.execute_write(_BatchWriter(self, batch).run)
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as err:
            raise self._error(err) from err
        report.articles += outcome.articles
        report.replaced += outcome.replaced
        report.skipped += outcome.skipped
        report.claims += outcome.claims
        report.new_entities += outcome.new_entities
        if progress is not None:
            progress(sum(len(g.claims) for g in batch))

    # ------------------------------------------------------------ deleting

    def delete_article(self, article_id: str) -> int:
        """Remove an article and its claims, recompute the summaries; return claims removed."""

        def work(tx: neo4j.ManagedTransaction) -> int:
            if tx.run(ARTICLE_EXISTS, id=article_id).single(strict=True)["n"] == 0:
                raise InputError(
                    f"no article {article_id!r} in the database at {self.uri}; "
                    "list them with: kg cypher 'MATCH (a:Article) RETURN a.id'"
                )
            writer = _BatchWriter(self, [])
            removed = writer.delete_claims(tx, [article_id])
            tx.run(DELETE_ARTICLE, id=article_id).consume()
            writer.finish(tx)
            return removed

        try:
            with self._session() as session:
                return session.execute_write(work)
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as err:
            raise self._error(err) from err

    # ------------------------------------------------------------ statistics

    def stats(self) -> Stats:
        """Count nodes by label, relationships by type, claims, articles; the date range."""
        labels = list(FIXED_LABELS) + [
            self.schema.entity_type(n).label for n in self.schema.type_names
        ]
        types = list(PROVENANCE_TYPES) + self.schema.predicate_names
        nodes = {label: self._count(COUNT_LABEL.format(label=label)) for label in labels}
        relationships = {t: self._count(COUNT_TYPE.format(type=t)) for t in types}
        claims = [(r["predicate"], r["polarity"], r["n"]) for r in self.read(CLAIMS_BY_PREDICATE)]
        articles = [(r["source"], r["lang"], r["n"]) for r in self.read(ARTICLES_BY_SOURCE)]
        dates = self.read(DATE_RANGE).records[0]
        return Stats(nodes, relationships, claims, articles, dates["first"], dates["last"])

    def _count(self, cypher: str) -> int:
        return int(self.read(cypher).records[0]["n"])

    # ------------------------------------------------------------ reading claims

    def read_claims(
        self, claim_filter: ClaimFilter | None = None, *, page_size: int = READ_PAGE
    ) -> Iterator[Claim]:
        """Yield the stored claims that pass the filter, in kg.claims.claim_sort_key order.

        Claims stream in pages of about ``page_size``, one read transaction each, article by
        article in id order (keyset pagination): client memory is bounded by a page whatever
        the number of claims. A page holds whole articles, so an article written or deleted
        meanwhile is read whole or not at all.
        """
        if page_size < 1:
            raise InputError(f"page size must be at least 1, not {page_size}")
        params = self._filter_params(claim_filter or ClaimFilter())
        evidence = MIN_EVIDENCE if params["min_evidence"] > 1 else ""
        after, articles = "", PAGE_ARTICLES["first"]
        while True:
            query = _page_query(articles, evidence, "LIMIT $limit")
            rows = self.read(query, {**params, "after": after, "limit": page_size}).records
            if not rows:
                return
            full = len(rows) == page_size
            after = rows[-1]["article"]["id"]
            if full:  # the last article may go on in the next page: read it there
                rows = [r for r in rows if r["article"]["id"] != after]
                if rows:
                    after = rows[-1]["article"]["id"]
                else:  # one article fills the page: read it alone
                    alone = _page_query(PAGE_ARTICLES["one"], evidence, "")
                    rows = self.read(alone, {**params, "after": after}).records
            yield from sorted((self._claim(r) for r in rows), key=claim_sort_key)
            if not full:
                return
            articles = PAGE_ARTICLES["next"]

    def _filter_params(self, f: ClaimFilter) -> dict[str, Any]:
        if f.predicates is not None:
            for name in f.predicates:
                self.schema.predicate(name)
        if f.polarity is not None and f.polarity not in POLARITIES:
            raise InputError(f"polarity must be positive or negative, not {f.polarity!r}")
        for name, value in (("since", f.since), ("until", f.until)):
            if value is not None and not _DATE.fullmatch(value):
                raise InputError(
                    f"{name} must be a date YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}"
                )
        if f.depth < 1 or f.min_evidence < 1:
            raise InputError("depth and min_evidence must be at least 1")
        params: dict[str, Any] = {
            "predicates": list(f.predicates) if f.predicates is not None else None,
            "polarity": f.polarity,
            "since": f.since,
            "until": f.until,
            "lang": f.lang,
            "source": f.source,
            "min_evidence": f.min_evidence,
            "entities": None,
        }
        if f.actor is not None:
            params["entities"] = self._neighbourhood(f.actor, f.depth, params)
        return params

    def _neighbourhood(self, actor: str, depth: int, params: dict[str, Any]) -> list[str]:
        """Return the entities less than ``depth`` hops from the actor (over filtered claims)."""
        if self.read(ENTITY_EXISTS, {"id": actor}).records[0]["n"] == 0:
            raise InputError(f"no entity {actor!r} in the database at {self.uri}")
        reached, frontier = {actor}, [actor]
        for _ in range(depth - 1):
            rows = self.read(NEIGHBOURS, {**params, "ids": frontier})
            frontier = sorted({r["id"] for r in rows} - reached)
            reached.update(frontier)
            if not frontier:
                break
        return sorted(reached)

    def _entity(self, record: dict[str, Any] | None) -> Entity | None:
        if record is None:
            return None
        types = [self._labels[label] for label in record["labels"] if label in self._labels]
        return Entity(record["id"], record["name"], types[0] if types else "Entity")

    def _claim(self, record: neo4j.Record) -> Claim:
        c, a = record["claim"], record["article"]
        subject, obj = self._entity(record["subject"]), self._entity(record["object"])
        assert subject is not None and obj is not None
        return Claim(
            subject=subject,
            predicate=c["predicate"],
            object=obj,
            evidence=Evidence(c["sentence"], c["start"], c["end"], c.get("lang")),
            article=Article(
                id=a["id"],
                title=a.get("title"),
                url=a.get("url"),
                published=a.get("published"),
                source=record["source"],
                lang=a.get("lang"),
            ),
            extractor=Extractor(c["extractor"], c["extractor_version"]),
            polarity=c["polarity"],
            attributed_to=self._entity(record["attributed_to"]),
            agent=self._entity(record["agent"]),
            confidence=float(c["confidence"]),
            rules=tuple(c.get("rules") or ()),
        )


# ---------------------------------------------------------------- one batch, one transaction


@dataclass(slots=True)
class _Outcome:
    articles: int = 0
    replaced: int = 0
    skipped: int = 0
    claims: int = 0
    new_entities: int = 0


@dataclass(slots=True)
class _Fold:
    """The positive claims of new articles on one triple: what FOLD_SUMMARIES adds."""

    subject: str
    object: str
    predicate: str
    claims: int = 0
    best: dict[str, float] = field(default_factory=dict)  # article id -> best confidence
    sources: set[str] = field(default_factory=set)
    dates: set[str] = field(default_factory=set)

    def add(self, article: Article, confidence: float) -> None:
        self.claims += 1
        self.best[article.id] = max(confidence, self.best.get(article.id, 0.0))
        if article.source is not None:
            self.sources.add(article.source)
        if article.published is not None:
            self.dates.add(article.published)

    def row(self, triple: str) -> dict[str, Any]:
        doubt = 1.0
        for article_id in sorted(self.best):
            doubt *= 1.0 - self.best[article_id]
        return {
            "triple": triple,
            "subject": self.subject,
            "object": self.object,
            "claims": self.claims,
            "articles": len(self.best),
            "sources": sorted(self.sources),
            "first": min(self.dates, default=None),
            "last": max(self.dates, default=None),
            "doubt": doubt,
        }


class _BatchWriter:
    """Write one batch of article groups inside one managed transaction (retried as a whole)."""

    def __init__(self, store: Store, batch: list[_Group]) -> None:
        self.store = store
        self.schema = store.schema
        self.batch = batch
        self.affected: dict[str, tuple[str, str, str]] = {}  # triple -> (subject, object, pred)
        self.touched: set[str] = set()

    def run(self, tx: neo4j.ManagedTransaction) -> _Outcome:
        # Fresh state on every attempt: the driver may retry this function.
        self.affected, self.touched = {}, set()
        outcome = _Outcome()
        now = _now()
        ids = [g.article.id for g in self.batch]
        stored = {r["id"]: r for r in tx.run(LOCK_ARTICLES, ids=ids, now=now)}
        write: list[_Group] = []
        replace: list[str] = []
        merge: list[_Group] = []
        texts: list[dict[str, str]] = []
        for group in self.batch:
            decision = self._decide(group, stored[group.article.id])
            if decision == "skip":
                outcome.skipped += 1
                if group.article.text and stored[group.article.id]["textless"]:
                    texts.append({"id": group.article.id, "text": group.article.text})
                continue
            if decision == "replace":
                replace.append(group.article.id)
                outcome.replaced += 1
            if decision == "merge":
                merge.append(group)
            write.append(group)
        outcome.articles = len(write)
        if texts:
            tx.run(ADD_TEXTS, rows=texts).consume()
        if replace:
            self.delete_claims(tx, replace)
        if write:
            tx.run(WRITE_ARTICLES, rows=[self._article_row(g) for g in write]).consume()
            outcome.new_entities = self._write_entities(tx, write)
            fresh = [g for g in write if not g.is_continuation]
            for group in merge:  # its article may hold some of these claims already
                for claim in group.claims:
                    if claim.polarity == "positive":  # a denial feeds no summary
                        self._affect(claim.subject.id, claim.predicate, claim.object.id)
            created = [self._claim_row(c) for g in fresh for c in g.claims]
            added = [self._claim_row(c) for g in merge for c in g.claims]
            if created:
                tx.run(CREATE_CLAIMS, rows=created, now=now).consume()
            if added:
                tx.run(MERGE_CLAIMS, rows=added, now=now).consume()
            outcome.claims = len(created) + len(added)
            self._fold(tx, fresh)
        self.finish(tx)
        return outcome

    def _fold(self, tx: neo4j.ManagedTransaction, groups: list[_Group]) -> None:
        """Fold the positive claims of articles without stored claims into their summaries.

        Their article is new to each of their triples, unless the triple is affected (its
        claims were deleted, or come from an article stored earlier): those are recomputed.
        """
        folds: dict[str, _Fold] = {}
        for group in groups:
            article = group.article
            for claim in group.claims:
                if claim.polarity != "positive":
                    continue
                subject, obj, triple = triple_key(claim, self.schema)
                if triple in self.affected:
                    continue
                fold = folds.get(triple)
                if fold is None:
                    fold = folds[triple] = _Fold(subject, obj, claim.predicate)
                fold.add(article, claim.confidence)
        by_type: dict[str, list[dict[str, Any]]] = {}
        for triple, fold in sorted(folds.items()):
            by_type.setdefault(fold.predicate, []).append(fold.row(triple))
        self._lock(tx, {e for fold in folds.values() for e in (fold.subject, fold.object)})
        for predicate, rows in sorted(by_type.items()):
            rel_type = self.schema.predicate(predicate).name  # validated; used as `type`
            for record in tx.run(FOLD_SUMMARIES.format(type=rel_type), rows=rows):
                self._affect(*record["triple"].split("|"))  # stored before `_doubt` existed

    def _decide(self, group: _Group, stored: neo4j.Record) -> str:
        """Return "new", "replace", "merge" or "skip" for one article."""
        if group.is_continuation:
            return "merge"
        if stored["digest"] is None:
            return "new"
        if stored["digest"] == group.digest:
            return "skip"
        if stored["extractor"] == group.extractor.name and _version_key(
            stored["version"]
        ) > _version_key(group.extractor.version):
            log.info("article %s: stored by a newer extractor; skipped", group.article.id)
            return "skip"
        return "replace"

    def delete_claims(self, tx: neo4j.ManagedTransaction, article_ids: list[str]) -> int:
        removed = 0
        for record in tx.run(DELETE_CLAIMS, ids=article_ids):
            removed += 1
            self.touched.update((record["subject"], record["object"]))
            self._affect(record["subject"], record["predicate"], record["object"])
            self.touched.update(record["others"])
        return removed

    def _lock(self, tx: neo4j.ManagedTransaction, entity_ids: set[str]) -> None:
        """Hold the write locks of these entities until the transaction ends, in sorted order."""
        if entity_ids:
            tx.run(LOCK_ENTITIES, ids=sorted(entity_ids)).consume()

    def _affect(self, subject: str, predicate: str, obj: str) -> None:
        if self.schema.predicate(predicate).symmetric and obj < subject:
            subject, obj = obj, subject
        self.affected[f"{subject}|{predicate}|{obj}"] = (subject, obj, predicate)

    def finish(self, tx: neo4j.ManagedTransaction) -> None:
        """Recompute the affected summaries; remove entities and sources left without links."""
        by_type: dict[str, list[dict[str, str]]] = {}
        for triple, (subject, obj, predicate) in sorted(self.affected.items()):
            by_type.setdefault(predicate, []).append(
                {"triple": triple, "subject": subject, "object": obj}
            )
        self._lock(tx, {e for subject, obj, _ in self.affected.values() for e in (subject, obj)})
        for predicate, rows in sorted(by_type.items()):
            rel_type = self.schema.predicate(predicate).name  # validated; used as `type`
            tx.run(RECOMPUTE_SUMMARIES.format(type=rel_type), rows=rows).consume()
        if self.touched:
            tx.run(DELETE_ORPHAN_ENTITIES, ids=sorted(self.touched)).consume()
            tx.run(DELETE_ORPHAN_SOURCES).consume()

    def _write_entities(self, tx: neo4j.ManagedTransaction, groups: list[_Group]) -> int:
        names: dict[str, list[str]] = {}
        english: dict[str, str] = {}  # the first label of each entity seen in English text
        types: dict[str, str] = {}
        for group in groups:
            for claim in group.claims:
                for entity in (claim.subject, claim.object, claim.attributed_to, claim.agent):
                    if entity is None:
                        continue
                    types.setdefault(entity.id, entity.type)
                    labels = names.setdefault(entity.id, [])
                    if entity.label not in labels:
                        labels.append(entity.label)
                    if claim.evidence.lang == "en":
                        english.setdefault(entity.id, entity.label)
        rows = []
        for entity_id in sorted(types):
            entity_type = self.schema.entity_type(types[entity_id])
            row = {
                "id": entity_id,
                "name": names[entity_id][0],
                "names": names[entity_id],
                "label": entity_type.label,
                "english": None,
                "fallback": None,
                "wikidata": self.store.wikidata.get(entity_id),
            }
            if entity_type.labels_as_written:
                fallback = entity_id.partition(":")[2].replace("-", " ")
                row.update(english=english.get(entity_id), fallback=fallback)
                row["name"] = row["english"] or fallback
            rows.append(row)
        result = tx.run(WRITE_ENTITIES, rows=rows)
        for record in result:
            log.warning(
                "entity %s is stored as %s, not %s; kept its first type",
                record["id"],
                "/".join(x for x in record["labels"] if x != "Entity"),
                record["wanted"],
            )
        return result.consume().counters.nodes_created

    def _article_row(self, group: _Group) -> dict[str, Any]:
        article = group.article
        langs = Counter(c.evidence.lang for c in group.claims if c.evidence.lang)
        lang = article.lang or (min(langs, key=lambda x: (-langs[x], x)) if langs else None)
        return {
            "id": article.id,
            "source": article.source,
            "text": article.text or None,
            "props": {
                "url": article.url,
                "title": article.title,
                "published": article.published,
                "lang": lang,
                "extractor": group.extractor.name,
                "extractor_version": group.extractor.version,
                "claims_digest": group.digest,
            },
        }

    def _claim_row(self, claim: Claim) -> dict[str, Any]:
        return {
            "id": claim.id,
            "article": claim.article.id,
            "subject": claim.subject.id,
            "object": claim.object.id,
            "attributed_to": claim.attributed_to.id if claim.attributed_to else None,
            "agent": claim.agent.id if claim.agent else None,
            "props": {
                "predicate": claim.predicate,
                "polarity": claim.polarity,
                "confidence": claim.confidence,
                "sentence": claim.evidence.text,
                "start": claim.evidence.start,
                "end": claim.evidence.end,
                "lang": claim.evidence.lang,
                "rules": list(claim.rules),
                "triple": triple_key(claim, self.schema)[2],
                "extractor": claim.extractor.name,
                "extractor_version": claim.extractor.version,
            },
        }


def _spool_groups(path: Path, pending: list[_Group], rest: Iterator[_Group]) -> int:
    """Write the claims of the failed batch and of every group not yet read to the spool."""
    from kg.spool import append_claims

    def claims() -> Iterator[Claim]:
        for group in pending:
            yield from group.claims
        for group in rest:
            yield from group.claims

    return append_claims(path, claims())


# ---------------------------------------------------------------- analytics write-back (issue 5)
# Added for kg analyze (kg/cli/query.py); kept apart from the loading code above.

# The properties kg analyze owns on :Entity nodes. They are removed from every entity first, so an
# entity left out of this analysis (a filter, a deletion) keeps no stale value.
WRITE_ENTITY_METRICS = """
CALL () {
  MATCH (e:Entity)
  REMOVE e.degree, e.pagerank, e.bloc, e.similar_to, e.similarity
}
UNWIND $rows AS row
MATCH (e:Entity {id: row.id})
SET e += row.properties
RETURN count(e) AS written
"""


def write_entity_properties(store: Store, rows: list[dict[str, Any]]) -> int:
    """Replace the analytics properties of entities; rows are {"id": ..., "properties": {...}}.

    Returns the number of entities written.
    """
    return int(store.write(WRITE_ENTITY_METRICS, {"rows": rows}).records[0]["written"])
