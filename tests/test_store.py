"""kg.store against a real Neo4j: model shape, idempotency, replacement, deletion, denials,
symmetric predicates, constraints, plans, read-only reads, claims read back, spool on failure."""

from __future__ import annotations

import threading
from dataclasses import replace

import neo4j
import pytest
from neo4j import exceptions as neo4j_errors

from kg.claims import Article, Claim, Entity, Evidence, Extractor, claim_sort_key, read_claims
from kg.errors import InputError, SchemaError, StoreError
from kg.schema import Schema
from kg.store import WRITE_ENTITIES, ClaimFilter, Store, _BatchWriter, schema_statements

CHN = Entity("CHN", "China", "Country")
USA = Entity("USA", "United States", "Country")
RUS = Entity("RUS", "Russia", "Country")
UKR = Entity("UKR", "Ukraine", "Country")
NATO = Entity("NATO", "NATO", "Organization")
EXPANSION = Entity("topic:nato-expansion", "NATO expansion", "Topic")
CRIMEA = Entity("region:crimea", "Crimea", "Region")
PUTIN = Entity("person:vladimir-putin", "Vladimir Putin", "Person")
V1 = Extractor("rules", "1")
V2 = Extractor("rules", "2")


def article(n: int, *, source: str = "Harbour Wire", published: str = "2024-03-01") -> Article:
    return Article(
        id=f"art-{n}",
        title=f"Report {n}",
        url=f"https://news.example/{n}",
        published=published,
        source=source,
        lang="en",
    )


def claim(
    subject: Entity,
    predicate: str,
    obj: Entity,
    where: Article,
    start: int,
    *,
    sentence: str = "A sentence written for the test.",
    polarity: str = "positive",
    extractor: Extractor = V1,
    confidence: float = 0.8,
    **extra,
) -> Claim:
    evidence = Evidence(sentence, start, start + len(sentence), "en")
    return Claim(
        subject=subject,
        predicate=predicate,
        object=obj,
        evidence=evidence,
        article=where,
        extractor=extractor,
        polarity=polarity,
        confidence=confidence,
        **extra,
    )


def snapshot(store: Store) -> tuple[list, list]:
    """Every node (labels, properties) and relationship (type, ends, properties), sorted."""
    nodes = store.read("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props").data()
    rels = store.read(
        "MATCH (a)-[r]->(b) RETURN type(r) AS type, coalesce(a.id, a.name) AS start, "
        "coalesce(b.id, b.name) AS end, properties(r) AS props"
    ).data()
    key = repr
    return sorted(nodes, key=key), sorted(rels, key=key)


def summaries(store: Store) -> list[tuple[str, str, str, dict]]:
    """Every direct relationship with its properties but the bookkeeping `_doubt` and `_sources`,
    checked against `confidence` and `sources`."""
    rows = store.read(
        "MATCH (s:Entity)-[r]->(o:Entity) "
        "RETURN s.id AS s, type(r) AS type, o.id AS o, properties(r) AS props"
    )
    result = []
    for r in rows:
        props = dict(r["props"])
        if "claims" in props:  # a direct relationship, not SUBJECT/OBJECT/...
            assert round(1.0 - props.pop("_doubt"), 3) == props["confidence"]
            names = props.pop("_sources")
            assert len(set(names)) == len(names) == props["sources"], names
        result.append((r["s"], r["type"], r["o"], props))
    return sorted(result)


def counts(store: Store) -> dict[str, int]:
    stats = store.stats()
    return {k: v for k, v in {**stats.nodes, **stats.relationships}.items() if v}


# ---------------------------------------------------------------- schema


def test_schema_statements_cover_every_entity_type():
    schema = Schema.load()
    statements = schema_statements(schema)
    for name in schema.type_names:
        label = schema.entity_type(name).label
        assert f"CREATE INDEX {label.lower()}_id IF NOT EXISTS FOR (n:`{label}`) ON (n.id)" in (
            statements
        )
    assert (
        "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE"
        in statements
    )


def test_constraints_and_indexes_present_and_idempotent(store):
    store.ensure_schema()  # a second time: nothing changes, nothing fails
    constraints = store.read("SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties, type")
    assert sorted(
        (r["name"], r["labelsOrTypes"][0], r["properties"][0], r["type"]) for r in constraints
    ) == [
        ("article_id", "Article", "id", "UNIQUENESS"),
        ("claim_id", "Claim", "id", "UNIQUENESS"),
        ("entity_id", "Entity", "id", "UNIQUENESS"),
        ("source_name", "Source", "name", "UNIQUENESS"),
    ]
    indexes = store.read("SHOW INDEXES YIELD name, type, state WHERE type = 'RANGE'")
    assert sorted(r["name"] for r in indexes) == [
        "article_id",
        "article_published",
        "claim_id",
        "claim_predicate",
        "claim_triple",
        "country_id",
        "entity_id",
        "entity_name",
        "group_id",
        "organization_id",
        "person_id",
        "region_id",
        "source_name",
        "topic_id",
    ]
    assert {r["state"] for r in indexes} == {"ONLINE"}


def plan_operators(store: Store, cypher: str) -> set[str]:
    with store._session() as session:
        summary = session.run("EXPLAIN " + cypher, rows=[]).consume()
    operators = set()

    def walk(node):
        operators.add(node["operatorType"].split("@")[0])
        for child in node.get("children", []):
            walk(child)

    walk(summary.plan)
    return operators


@pytest.mark.issue(4)
def test_entity_merge_plan_seeks_the_unique_index(store):
    # Neo4j 5.26 trap: a MERGE keyed on a dynamic label scans nodes for each row.
    operators = plan_operators(store, WRITE_ENTITIES)
    assert "NodeUniqueIndexSeek(Locking)" in operators, operators
    assert not {"AllNodesScan", "NodeByLabelScan"} & operators
    # The check catches the trap: the naive statement plans a scan.
    naive = plan_operators(store, "UNWIND $rows AS row MERGE (n:$(row.label) {id: row.id})")
    assert {"AllNodesScan", "NodeByLabelScan"} & naive, naive


def test_article_split_over_two_runs_is_merged(store):
    first, second = article(1), article(2)
    claims = [
        claim(CHN, "OPPOSES", EXPANSION, first, 0),
        claim(USA, "AIDS", UKR, second, 0),
        claim(RUS, "ATTACKS", UKR, first, 40),
        claim(CHN, "OPPOSES", EXPANSION, first, 0),  # a repeat: stored once
    ]
    for batch_size in (1, 10):
        store.load_claims(claims, batch_size=batch_size)
        rows = store.read(
            "MATCH (c:Claim)-[:STATED_IN]->(a:Article) RETURN a.id AS a, count(c) AS n ORDER BY a"
        )
        assert rows.data() == [{"a": "art-1", "n": 2}, {"a": "art-2", "n": 1}]


# ---------------------------------------------------------------- the model


def test_model_shape_after_loading_one_article(store):
    where = article(1)
    claims = [
        claim(CHN, "OPPOSES", EXPANSION, where, 0, confidence=0.9),
        claim(RUS, "ATTACKS", UKR, where, 40, polarity="negative", attributed_to=RUS, agent=PUTIN),
        claim(USA, "MEETS", CHN, where, 80),
    ]
    report = store.load_claims(claims)
    assert (report.articles, report.claims, report.new_entities, report.skipped) == (1, 3, 6, 0)
    assert counts(store) == {
        "Entity": 6,
        "Country": 4,
        "Topic": 1,
        "Person": 1,
        "Article": 1,
        "Claim": 3,
        "Source": 1,
        "SUBJECT": 3,
        "OBJECT": 3,
        "STATED_IN": 3,
        "ATTRIBUTED_TO": 1,
        "AGENT": 1,
        "PUBLISHED_BY": 1,
        "OPPOSES": 1,
        "MEETS": 1,
    }
    stored = store.read(
        "MATCH (a:Article)-[:PUBLISHED_BY]->(s:Source) RETURN a {.*} AS a, s.name AS source"
    ).records[0]
    assert stored["source"] == "Harbour Wire"
    props = dict(stored["a"])
    assert props.pop("loaded_at") > "2024"
    assert props.pop("claims_digest")
    assert props == {
        "id": "art-1",
        "title": "Report 1",
        "url": "https://news.example/1",
        "published": "2024-03-01",
        "lang": "en",
        "extractor": "rules",
        "extractor_version": "1",
    }
    node = store.read(
        "MATCH (c:Claim {predicate: 'ATTACKS'}) RETURN c {.*} AS c, "
        "[(c)-[:ATTRIBUTED_TO]->(t) | t.id] AS by, [(c)-[:AGENT]->(p:Person) | p.id] AS agent"
    ).records[0]
    c = dict(node["c"])
    assert c.pop("extracted_at") > "2024"
    assert c == {
        "id": claims[1].id,
        "predicate": "ATTACKS",
        "polarity": "negative",
        "confidence": 0.8,
        "sentence": "A sentence written for the test.",
        "start": 40,
        "end": 72,
        "lang": "en",
        "rules": [],
        "triple": "RUS|ATTACKS|UKR",
        "extractor": "rules",
        "extractor_version": "1",
    }
    assert (node["by"], node["agent"]) == (["RUS"], ["person:vladimir-putin"])
    entity = store.read("MATCH (e:Country {id: 'CHN'}) RETURN e {.*} AS e, labels(e) AS l")
    assert entity.records[0]["e"] == {
        "id": "CHN",
        "name": "China",
        "aliases": [],
        "wikidata": "Q148",  # from loaders/data/gazetteer/wikidata.tsv
    }
    assert sorted(entity.records[0]["l"]) == ["Country", "Entity"]
    assert summaries(store) == [
        (
            "CHN",
            "MEETS",
            "USA",
            {
                "claims": 1,
                "articles": 1,
                "sources": 1,
                "first_seen": "2024-03-01",
                "last_seen": "2024-03-01",
                "confidence": 0.8,
            },
        ),
        (
            "CHN",
            "OPPOSES",
            "topic:nato-expansion",
            {
                "claims": 1,
                "articles": 1,
                "sources": 1,
                "first_seen": "2024-03-01",
                "last_seen": "2024-03-01",
                "confidence": 0.9,
            },
        ),
    ]
    # Analysts' query from the issue.
    rows = store.read("MATCH (:Country {id: 'CHN'})-[:OPPOSES]->(t) RETURN t.name AS name")
    assert [r["name"] for r in rows] == ["NATO expansion"]


def test_summary_aggregates_articles_sources_dates_confidence(store):
    first, second = article(1, published="2023-05-02"), article(2, source="Fjord Post")
    third = article(3, published="2024-09-30")
    store.load_claims(
        [
            claim(CHN, "SUPPORTS", RUS, first, 0, confidence=0.5),
            claim(CHN, "SUPPORTS", RUS, first, 50, confidence=0.4),
            claim(CHN, "SUPPORTS", RUS, second, 0, confidence=0.6),
            claim(CHN, "SUPPORTS", RUS, third, 0, confidence=0.5),
        ]
    )
    assert summaries(store) == [
        (
            "CHN",
            "SUPPORTS",
            "RUS",
            {
                "claims": 4,
                "articles": 3,
                "sources": 2,
                "first_seen": "2023-05-02",
                "last_seen": "2024-09-30",
                "confidence": 0.9,  # 1 - 0.5 * 0.4 * 0.5: the best claim of each article
            },
        )
    ]


SUMMARY = ("claims", "articles", "sources", "first_seen", "last_seen", "confidence")


def recompute_all(store: Store) -> None:
    """Recompute every summary from its claims, as a replacement or deletion does."""
    writer = _BatchWriter(store, [])
    for row in store.read("MATCH (c:Claim) RETURN DISTINCT c.triple AS triple"):
        writer._affect(*row["triple"].split("|"))

    def work(tx: neo4j.ManagedTransaction) -> None:
        writer.finish(tx)

    with store.driver.session(database=store.database) as session:
        session.execute_write(work)


def test_summaries_folded_batch_by_batch_equal_a_recomputation(store):
    # Claims spread over articles of three sources and several dates, loaded one or two articles
    # per transaction, so that most summaries grow by folding new articles into them.
    sources = ("Harbour Wire", "Fjord Post", "Delta Courier")
    pairs = [(CHN, "SUPPORTS", RUS), (USA, "MEETS", CHN), (CHN, "MEETS", USA), (USA, "AIDS", UKR)]
    claims = []
    for n in range(12):
        where = article(n, source=sources[n % 3], published=f"202{n % 5}-0{n % 9 + 1}-15")
        for k, (subject, predicate, obj) in enumerate(pairs[: n % 4 + 1]):
            polarity = "negative" if (n + k) % 5 == 0 else "positive"
            strength = 0.1 + (n * 7 + k * 3) % 10 / 40
            claims.append(
                claim(
                    subject, predicate, obj, where, k * 40, polarity=polarity, confidence=strength
                )
            )
            if n % 3 == 1:  # a second, weaker claim of the same triple in the same article
                claims.append(claim(subject, predicate, obj, where, k * 40 + 200, confidence=0.05))
    store.load_claims(claims[:5], batch_size=1)
    store.load_claims(claims[5:], batch_size=7)
    folded = [(s, p, o, {k: r[k] for k in SUMMARY}) for s, p, o, r in summaries(store)]
    recompute_all(store)
    assert [(s, p, o, {k: r[k] for k in SUMMARY}) for s, p, o, r in summaries(store)] == folded
    assert [(s, p, o, *r.values()) for s, p, o, r in folded] == [
        # USA MEETS CHN and CHN MEETS USA are one symmetric pair.
        ("CHN", "MEETS", "USA", 18, 8, 3, "2020-02-15", "2023-04-15", 0.877),
        ("CHN", "SUPPORTS", "RUS", 13, 10, 3, "2020-02-15", "2024-05-15", 0.913),
        ("USA", "AIDS", "UKR", 3, 3, 3, "2021-03-15", "2023-04-15", 0.359),
    ]


def two_reports(confidence: float) -> tuple[str, str, str, dict]:
    """The summary of CHN SUPPORTS RUS stated once in each of two articles, from two sources."""
    return (
        "CHN",
        "SUPPORTS",
        "RUS",
        {
            "claims": 2,
            "articles": 2,
            "sources": 2,
            "first_seen": "2024-03-01",
            "last_seen": "2024-03-01",
            "confidence": confidence,
        },
    )


def test_a_second_loader_folds_after_the_first_commits(store):
    # Loader A has folded CHN SUPPORTS RUS and not committed; loader B folds the same triple. B must
    # wait for A's commit and add to A's summary: no second relationship, no lost update. China and
    # Russia are dense nodes (over 50 relationships), on which creating a relationship takes no
    # node lock: only the loaders' own entity locks make B wait.
    store.load_claims(
        [claim(CHN, "OPPOSES", EXPANSION, article(9), 40 * k) for k in range(60)]
        + [claim(RUS, "OPPOSES", EXPANSION, article(9), 40 * k + 20) for k in range(60)]
    )
    first = [claim(CHN, "SUPPORTS", RUS, article(1), 0, confidence=0.5)]
    second = [claim(CHN, "SUPPORTS", RUS, article(2, source="Fjord Post"), 0, confidence=0.5)]
    with store.driver.session(database=store.database) as session:
        tx = session.begin_transaction()
        _BatchWriter(store, list(store._claim_groups(first))).run(tx)
        other = threading.Thread(target=store.load_claims, args=(second,), daemon=True)
        other.start()
        other.join(timeout=3)
        waited = other.is_alive()
        tx.commit()
    other.join(timeout=60)
    assert waited
    assert [s for s in summaries(store) if s[1] == "SUPPORTS"] == [two_reports(0.75)]


@pytest.mark.parametrize("missing", ["_doubt", "_sources"])
def test_summary_without_bookkeeping_is_recomputed_when_new_claims_come(store, missing):
    # A relationship stored before `_doubt` or `_sources` existed cannot take claims by folding.
    store.load_claims([claim(CHN, "SUPPORTS", RUS, article(1), 0, confidence=0.5)])
    store.write(f"MATCH ()-[r:SUPPORTS]->() REMOVE r.{missing} SET r.claims = 7")
    store.load_claims([claim(CHN, "SUPPORTS", RUS, article(2, source="Fjord Post"), 0)])
    assert summaries(store) == [two_reports(0.9)]  # 1 - 0.5 * 0.2


def test_wikidata_set_when_known_also_on_entities_stored_before(store):
    store.load_claims([claim(CHN, "OPPOSES", EXPANSION, article(1), 0)])
    store.write("MATCH (e:Entity {id: 'CHN'}) REMOVE e.wikidata")  # stored before QIDs were
    store.load_claims([claim(CHN, "OPPOSES", NATO, article(2), 0)])
    rows = store.read("MATCH (e:Entity) RETURN e.id AS id, e.wikidata AS qid ORDER BY id")
    assert rows.data() == [
        {"id": "CHN", "qid": "Q148"},
        {"id": "NATO", "qid": "Q7184"},
        {"id": "topic:nato-expansion", "qid": None},  # no QID known
    ]


def test_wikidata_mapping_can_be_given(clean_neo4j, neo4j_settings):
    store = Store(clean_neo4j, neo4j_settings.database, wikidata={"CHN": "Q1"})
    store.load_claims([claim(CHN, "OPPOSES", NATO, article(1), 0)])
    rows = store.read("MATCH (e:Entity) RETURN e.id AS id, e.wikidata AS qid ORDER BY id")
    assert rows.data() == [{"id": "CHN", "qid": "Q1"}, {"id": "NATO", "qid": None}]


def french(claim: Claim) -> Claim:
    return replace(claim, evidence=replace(claim.evidence, lang="fr"))


def topic_names(store: Store) -> list[dict]:
    rows = store.read("MATCH (t:Topic) RETURN t.id AS id, t.name AS name, t.aliases AS aliases")
    return rows.data()


def test_topic_named_in_english_whichever_language_came_first(store):
    weapons = Entity("topic:nuclear-weapons", "armes nucléaires", "Topic")
    store.load_claims([french(claim(CHN, "OPPOSES", weapons, article(1), 0))])
    # Only French so far: the words of the id's slug, the French label an alias.
    assert topic_names(store) == [
        {"id": "topic:nuclear-weapons", "name": "nuclear weapons", "aliases": ["armes nucléaires"]}
    ]
    english = replace(weapons, label="Nuclear weapons")
    store.load_claims([claim(USA, "OPPOSES", english, article(2), 0)])
    store.load_claims([french(claim(RUS, "OPPOSES", weapons, article(3), 0))])
    assert topic_names(store) == [
        {"id": "topic:nuclear-weapons", "name": "Nuclear weapons", "aliases": ["armes nucléaires"]}
    ]


def test_topic_named_in_english_keeps_it_when_other_languages_follow(store):
    ceasefire = Entity("topic:ceasefire", "ceasefire", "Topic")
    store.load_claims([claim(USA, "DEMANDS", ceasefire, article(1), 0)])
    spanish = claim(RUS, "DEMANDS", replace(ceasefire, label="alto el fuego"), article(2), 0)
    store.load_claims([replace(spanish, evidence=replace(spanish.evidence, lang="es"))])
    assert topic_names(store) == [
        {"id": "topic:ceasefire", "name": "ceasefire", "aliases": ["alto el fuego"]}
    ]


def test_alias_recorded_when_another_label_names_the_same_entity(store):
    store.load_claims([claim(CHN, "OPPOSES", EXPANSION, article(1), 0)])
    other = Entity("CHN", "People's Republic of China", "Country")
    store.load_claims([claim(other, "OPPOSES", EXPANSION, article(2), 0)])
    store.load_claims([claim(other, "OPPOSES", EXPANSION, article(3), 0)])
    rows = store.read("MATCH (e:Entity {id: 'CHN'}) RETURN e.name AS name, e.aliases AS aliases")
    assert rows.data() == [{"name": "China", "aliases": ["People's Republic of China"]}]


# ---------------------------------------------------------------- idempotency and replacement


def test_loading_twice_changes_nothing(store):
    claims = [
        claim(CHN, "OPPOSES", EXPANSION, article(1), 0),
        claim(USA, "AIDS", UKR, article(2), 0),
        claim(RUS, "ATTACKS", UKR, article(2), 50, polarity="negative"),
    ]
    store.load_claims(claims, batch_size=1)
    before = snapshot(store)
    report = store.load_claims(claims, batch_size=2)
    assert (report.articles, report.claims, report.new_entities, report.skipped) == (0, 0, 0, 2)
    assert snapshot(store) == before  # timestamps of the first load kept


def test_text_arriving_after_a_claims_file_is_added_to_the_skipped_article(store):
    # A claims file (the spool, kg load --claims) carries no text; a later load of the article
    # with the same claims is skipped but must not leave the text missing for good.
    bare = [claim(USA, "AIDS", UKR, replace(article(2), text=""), 0)]
    store.load_claims(bare)
    full = [claim(USA, "AIDS", UKR, replace(article(2), text="The text of article 2."), 0)]
    report = store.load_claims(full)
    assert (report.articles, report.claims, report.skipped) == (0, 0, 1)
    texts = store.read("MATCH (a:Article) RETURN a.id AS id, a.text AS text", {})
    assert [(r["id"], r["text"]) for r in texts] == [("art-2", "The text of article 2.")]
    again = [claim(USA, "AIDS", UKR, replace(article(2), text="Another text."), 0)]
    store.load_claims(again)
    texts = store.read("MATCH (a:Article) RETURN a.text AS text", {})
    assert [r["text"] for r in texts] == ["The text of article 2."]  # a stored text is kept


def test_newer_extractor_version_replaces_claims_and_summaries(store):
    where = article(1)
    store.load_claims(
        [
            claim(CHN, "OPPOSES", EXPANSION, where, 0),
            claim(CHN, "CRITICIZES", NATO, where, 40),
            claim(USA, "MEETS", CHN, article(2), 0),
        ]
    )
    v2 = [
        claim(CHN, "OPPOSES", EXPANSION, where, 0, extractor=V2),
        claim(RUS, "SUPPORTS", CHN, where, 40, extractor=V2),
    ]
    report = store.load_claims(v2)
    assert (report.articles, report.replaced, report.claims) == (1, 1, 2)
    assert [(s, t, o) for s, t, o, _ in summaries(store)] == [
        ("CHN", "MEETS", "USA"),
        ("CHN", "OPPOSES", "topic:nato-expansion"),
        ("RUS", "SUPPORTS", "CHN"),
    ]
    assert store.read("MATCH (e:Entity {id: 'NATO'}) RETURN e").records == []  # orphan gone
    versions = store.read("MATCH (c:Claim)-[:STATED_IN]->(:Article {id: 'art-1'}) RETURN c")
    assert sorted(r["c"]["extractor_version"] for r in versions) == ["2", "2"]
    # An older extraction loaded later does not win.
    old = store.load_claims([claim(CHN, "CRITICIZES", NATO, where, 40)])
    assert (old.articles, old.skipped) == (0, 1)
    assert "NATO" not in {s.id for s in store.read_claims()} | {
        c.object.id for c in store.read_claims()
    }


def test_same_version_with_other_claims_replaces(store):
    store.load_claims([claim(CHN, "OPPOSES", EXPANSION, article(1), 0)])
    store.load_claims([claim(CHN, "SUPPORTS", EXPANSION, article(1), 0)])
    assert [(s, t, o) for s, t, o, _ in summaries(store)] == [
        ("CHN", "SUPPORTS", "topic:nato-expansion")
    ]


# ---------------------------------------------------------------- deletion, denials, symmetry


def test_delete_article_removes_claims_and_recomputes(store):
    store.load_claims(
        [
            claim(CHN, "OPPOSES", EXPANSION, article(1), 0),
            claim(CHN, "OPPOSES", EXPANSION, article(2, source="Fjord Post"), 0),
            claim(USA, "SANCTIONS", RUS, article(2, source="Fjord Post"), 40),
        ]
    )
    assert store.delete_article("art-2") == 2
    assert summaries(store)[0][:3] == ("CHN", "OPPOSES", "topic:nato-expansion")
    assert summaries(store)[0][3]["claims"] == 1
    assert len(summaries(store)) == 1
    assert counts(store) == {
        "Entity": 2,
        "Country": 1,
        "Topic": 1,
        "Article": 1,
        "Claim": 1,
        "Source": 1,
        "SUBJECT": 1,
        "OBJECT": 1,
        "STATED_IN": 1,
        "PUBLISHED_BY": 1,
        "OPPOSES": 1,
    }
    with pytest.raises(InputError, match="no article 'art-2' in the database"):
        store.delete_article("art-2")


def test_denial_never_feeds_a_direct_relationship(store):
    denial = claim(RUS, "ATTACKS", UKR, article(1), 0, polarity="negative")
    store.load_claims([denial])
    assert summaries(store) == []
    store.load_claims([claim(RUS, "ATTACKS", UKR, article(2), 0, confidence=0.7)])
    assert [(s, t, o, p["claims"], p["articles"]) for s, t, o, p in summaries(store)] == [
        ("RUS", "ATTACKS", "UKR", 1, 1)
    ]
    rows = store.read(
        "MATCH (c:Claim {polarity: 'negative'})-[:SUBJECT]->(s) RETURN s.id AS s, c.predicate AS p"
    )
    assert rows.data() == [{"s": "RUS", "p": "ATTACKS"}]


def test_symmetric_predicate_stored_once_in_canonical_direction(store):
    store.load_claims(
        [
            claim(USA, "MEETS", CHN, article(1), 0),
            claim(CHN, "MEETS", USA, article(2), 0),
            claim(USA, "CRITICIZES", CHN, article(2), 40),
        ]
    )
    assert [(s, t, o, p["claims"]) for s, t, o, p in summaries(store)] == [
        ("CHN", "MEETS", "USA", 2),
        ("USA", "CRITICIZES", "CHN", 1),
    ]
    undirected = store.read("MATCH (:Entity {id: 'USA'})-[r:MEETS]-(o) RETURN o.id AS o")
    assert undirected.data() == [{"o": "CHN"}]


# ---------------------------------------------------------------- closed vocabulary


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (
            claim(CHN, "LIKES", USA, article(1), 0),
            "article 'art-1', claim CHN LIKES USA: unknown predicate 'LIKES'; valid: AGREES_WITH",
        ),
        (
            claim(CHN, "OPPOSES", Entity("x:thing", "Thing", "Planet"), article(1), 0),
            "article 'art-1', claim CHN OPPOSES x:thing: unknown entity type 'Planet'",
        ),
        (
            claim(CHN, "CRITICIZES", EXPANSION, article(1), 0),
            "CRITICIZES does not allow a Topic object",
        ),
        (
            claim(Entity("China", "China", "Country"), "OPPOSES", EXPANSION, article(1), 0),
            "entity id 'China' is not a valid Country id",
        ),
    ],
    ids=["predicate", "type", "object-type", "id-form"],
)
def test_claims_outside_the_schema_are_rejected_before_writing(store, bad, message):
    good = claim(USA, "AIDS", UKR, article(0), 0)
    with pytest.raises(SchemaError, match=message.replace("(", r"\(")):
        store.load_claims([good, bad], batch_size=10)
    assert store.read("MATCH (n) RETURN count(n) AS n").records[0]["n"] == 0


# ---------------------------------------------------------------- reads


def test_read_runs_read_only(store):
    with pytest.raises(StoreError, match="the query tries to write, but runs read-only"):
        store.read("CREATE (n:Entity {id: 'XXX'}) RETURN n")
    assert store.read("MATCH (n) RETURN count(n) AS n").records[0]["n"] == 0
    assert store.read("MATCH (n:Nothing) RETURN n.id AS id").keys == ("id",)


def test_read_reports_bad_cypher_in_one_line(store):
    with pytest.raises(StoreError, match=r"^Neo4j at .* failed: Invalid input") as info:
        store.read("MATCH (n RETURN n")
    assert "\n" not in str(info.value)


def test_write_returns_rows(store):
    rows = store.write("CREATE (n:Scratch {v: 1}) RETURN n.v AS v")
    assert (rows.keys, rows.data()) == (("v",), [{"v": 1}])


def test_read_claims_round_trip_in_sort_order(store):
    claims = [
        claim(USA, "AIDS", UKR, article(2), 10, rules=("en.aid.1",)),
        claim(CHN, "OPPOSES", EXPANSION, article(1), 0, confidence=0.75),
        claim(RUS, "ATTACKS", UKR, article(1), 50, polarity="negative", attributed_to=RUS),
        claim(PUTIN, "LEADER_OF", RUS, article(1), 90, agent=PUTIN),
    ]
    store.load_claims(sorted(claims, key=claim_sort_key))
    assert list(store.read_claims()) == sorted(claims, key=claim_sort_key)


def test_read_claims_filters(store):
    a1 = article(1, published="2022-02-04")
    a2 = article(2, source="Fjord Post", published="2023-07-15")
    a3 = replace(article(3, published="2024-01-10"), lang="sv")
    claims = [
        claim(CHN, "OPPOSES", EXPANSION, a1, 0),
        claim(RUS, "ATTACKS", UKR, a1, 40, polarity="negative"),
        claim(CHN, "OPPOSES", EXPANSION, a2, 0),
        claim(USA, "AIDS", UKR, a2, 40),
        claim(UKR, "CLAIMS", CRIMEA, a3, 0),
        claim(NATO, "SUPPORTS", EXPANSION, a3, 40),
    ]
    store.load_claims(claims)

    def ids(**kwargs) -> list[tuple[str, str, str, str]]:
        return [
            (c.article.id, c.subject.id, c.predicate, c.object.id)
            for c in store.read_claims(ClaimFilter(**kwargs))
        ]

    assert ids(actor="CHN") == [
        ("art-1", "CHN", "OPPOSES", "topic:nato-expansion"),
        ("art-2", "CHN", "OPPOSES", "topic:nato-expansion"),
    ]
    assert ids(actor="CHN", depth=2) == ids(actor="CHN") + [
        ("art-3", "NATO", "SUPPORTS", "topic:nato-expansion")
    ]
    assert ids(actor="RUS", depth=3, polarity="positive") == []
    assert ids(actor="RUS", depth=3) == [  # the claims of RUS, UKR, then USA and region:crimea
        ("art-1", "RUS", "ATTACKS", "UKR"),
        ("art-2", "USA", "AIDS", "UKR"),
        ("art-3", "UKR", "CLAIMS", "region:crimea"),
    ]
    assert ids(predicates=("AIDS", "CLAIMS")) == [
        ("art-2", "USA", "AIDS", "UKR"),
        ("art-3", "UKR", "CLAIMS", "region:crimea"),
    ]
    assert ids(since="2023", until="2023-07") == [
        ("art-2", "CHN", "OPPOSES", "topic:nato-expansion"),
        ("art-2", "USA", "AIDS", "UKR"),
    ]
    assert ids(until="2022-02-04") == ids(until="2022") == ids(until="2022-02")
    assert len(ids(until="2022-02-04")) == 2
    assert ids(min_evidence=2) == [
        ("art-1", "CHN", "OPPOSES", "topic:nato-expansion"),
        ("art-2", "CHN", "OPPOSES", "topic:nato-expansion"),
    ]
    assert ids(source="Fjord Post") == ids(since="2023-07-15", until="2023-07-15")
    assert ids(lang="sv") == [
        ("art-3", "UKR", "CLAIMS", "region:crimea"),
        ("art-3", "NATO", "SUPPORTS", "topic:nato-expansion"),
    ]
    with pytest.raises(SchemaError, match="unknown predicate 'LIKES'"):
        ids(predicates=("LIKES",))
    with pytest.raises(InputError, match="since must be a date YYYY, YYYY-MM or YYYY-MM-DD"):
        ids(since="last week")
    with pytest.raises(InputError, match="no entity 'XYZ' in the database"):
        ids(actor="XYZ")


class CountingStore(Store):
    """A Store that records how many rows each of its read transactions returned."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.pages: list[int] = []

    def read(self, cypher, params=None, *, timeout=None):
        rows = super().read(cypher, params, timeout=timeout)
        self.pages.append(len(rows))
        return rows


def test_read_claims_streams_in_pages_of_whole_articles(store):
    # Articles of 1, 4, 2, 3 and 1 claims, loaded out of order; art-2 is larger than a page.
    sizes = {5: 1, 2: 4, 4: 2, 1: 3, 3: 1}
    subjects = (CHN, USA, RUS, UKR)
    claims = [
        claim(subjects[k], "OPPOSES", EXPANSION, article(n, published=f"202{n}-01-01"), 100 - k)
        for n, size in sizes.items()
        for k in range(size)
    ]
    store.load_claims(claims)
    counting = CountingStore(store.driver, store.database, uri=store.uri)
    expected = sorted(claims, key=claim_sort_key)
    assert list(counting.read_claims(page_size=100)) == expected
    assert counting.pages == [11]
    for page_size in (1, 2, 3, 5):
        counting.pages.clear()
        assert list(counting.read_claims(page_size=page_size)) == expected
        assert max(counting.pages) == max(page_size, 4)  # art-2 is read alone when it overflows
    counting.pages.clear()
    assert list(counting.read_claims(page_size=3)) == expected
    # A full page may end inside its last article, which is read again: art-1 (3 rows) and
    # alone (3); art-2 overflows (3) and alone (4); art-3 with art-4 (3); art-4 with art-5 (3);
    # art-5 (1).
    assert counting.pages == [3, 3, 3, 4, 3, 3, 1]
    newer = [c for c in expected if c.article.published >= "2023"]
    assert list(counting.read_claims(ClaimFilter(since="2023"), page_size=2)) == newer
    # CHN's triple is in five articles, USA's in three, RUS's in two, UKR's in one.
    in_three = [c for c in expected if c.subject in (CHN, USA)]
    assert list(counting.read_claims(ClaimFilter(min_evidence=3), page_size=1)) == in_three
    with pytest.raises(InputError, match="page size must be at least 1, not 0"):
        list(store.read_claims(page_size=0))


def test_stats(store):
    store.load_claims(
        [
            claim(CHN, "OPPOSES", EXPANSION, article(1, published="2022-02-04"), 0),
            claim(RUS, "ATTACKS", UKR, article(1, published="2022-02-04"), 40, polarity="negative"),
            claim(CHN, "OPPOSES", EXPANSION, replace(article(2), lang="sv"), 0),
        ]
    )
    stats = store.stats()
    assert stats.claims == [("ATTACKS", "negative", 1), ("OPPOSES", "positive", 2)]
    assert stats.articles == [("Harbour Wire", "en", 1), ("Harbour Wire", "sv", 1)]
    assert (stats.first_published, stats.last_published) == ("2022-02-04", "2024-03-01")
    assert stats.nodes["Claim"] == 3 and stats.relationships["OPPOSES"] == 1


# ---------------------------------------------------------------- failure: spool and replay


class FailingDriver:
    """A real driver whose Nth write transaction fails as if the server went away."""

    def __init__(self, driver: neo4j.Driver, fail_on_write: int) -> None:
        self.driver = driver
        self.fail_on_write = fail_on_write
        self.writes = 0

    def session(self, **config):
        outer = self
        session = self.driver.session(**config)

        class Session:
            def __enter__(self):
                return self

            def __exit__(self, *exc):
                session.close()

            def run(self, *args, **kwargs):
                return session.run(*args, **kwargs)

            def execute_read(self, *args, **kwargs):
                return session.execute_read(*args, **kwargs)

            def execute_write(self, *args, **kwargs):
                outer.writes += 1
                if outer.writes >= outer.fail_on_write:
                    raise neo4j_errors.ServiceUnavailable("connection refused (injected)")
                return session.execute_write(*args, **kwargs)

        return Session()

    def close(self):
        pass


def test_failure_mid_load_keeps_stored_batches_and_spools_the_rest(store, tmp_path):
    claims = [claim(CHN, "OPPOSES", EXPANSION, article(n), 0) for n in range(1, 6)] + [
        claim(USA, "AIDS", UKR, article(n), 40) for n in range(1, 6)
    ]
    claims.sort(key=claim_sort_key)
    failing = Store(FailingDriver(store.driver, fail_on_write=3), store.database, uri="bolt://x:1")
    spool = tmp_path / "spool.jsonl"
    with pytest.raises(StoreError) as info:
        failing.load_claims(claims, batch_size=2, spool=spool)
    assert str(info.value) == (
        "cannot reach Neo4j at bolt://x:1: connection refused (injected); start it with: "
        f"kg db start; 6 claims of the articles not stored were saved to {spool}; "
        f"replay them with: kg load --claims {spool}"
    )
    stored = store.read("MATCH (a:Article) RETURN a.id AS id ORDER BY id")
    assert [r["id"] for r in stored] == ["art-1", "art-2"]
    spooled = list(read_claims(spool))
    # The JSONL form of a claim carries no article language (GUIDE); the rest is intact.
    assert spooled == [replace(c, article=replace(c.article, lang=None)) for c in claims[4:]]
    report = store.load_claims(spooled)
    assert (report.articles, report.claims) == (3, 6)
    assert list(store.read_claims()) == claims


@pytest.mark.slow
def test_server_stopped_mid_load_spools_the_rest_and_replay_completes(store, tmp_path):
    # A private server (not the session's), stopped for real once the first batch is stored.
    from conftest import make_server

    from kg import server as runtime
    from kg.config import Settings

    server = make_server(tmp_path / "home")
    settings = Settings(uri=server.uri, user="neo4j", password="stop-test-pw-1", database="neo4j")
    claims = sorted(
        [claim(CHN, "OPPOSES", EXPANSION, article(n), 0) for n in range(1, 7)]
        + [claim(USA, "AIDS", UKR, article(n), 40) for n in range(1, 7)],
        key=claim_sort_key,
    )
    spool = tmp_path / "spool.jsonl"
    stored_before_stop = []
    runtime.start(server, settings=settings, timeout=300)
    try:
        driver = neo4j.GraphDatabase.driver(
            settings.uri, auth=settings.auth, max_transaction_retry_time=1.0
        )
        doomed = Store(driver, "neo4j", uri=settings.uri)

        def stop_after_first_batch(handled: int) -> None:
            rows = doomed.read("MATCH (a:Article) RETURN a.id AS id ORDER BY id")
            stored_before_stop.extend(r["id"] for r in rows)
            runtime.stop(server)

        with doomed, pytest.raises(StoreError) as info:
            doomed.load_claims(claims, batch_size=4, progress=stop_after_first_batch, spool=spool)
    finally:
        runtime.stop(server)
    assert stored_before_stop == ["art-1", "art-2"]
    message = str(info.value)
    assert message.startswith(f"cannot reach Neo4j at {settings.uri}: ")
    assert message.endswith(
        f"8 claims of the articles not stored were saved to {spool}; "
        f"replay them with: kg load --claims {spool}"
    )
    # Replay (here into the session's server): the claims of the articles not stored, whole.
    report = store.load_claims(read_claims(spool))
    assert (report.articles, report.claims) == (4, 8)
    assert [c.id for c in store.read_claims()] == [c.id for c in claims[4:]]
