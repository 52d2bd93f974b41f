"""Every canned query on the fixture graph (tests/graph_fixture.py), with the exact rows it returns.

The fixture is loaded once for the module through Store.load_claims, so the graph has the real
model; every query here only reads.
"""

from __future__ import annotations

import re

import pytest
from graph_fixture import load_fixture

from kg.catalogue import Catalogue
from kg.schema import Schema
from kg.store import Store

CATALOGUE = Catalogue.load()
SCHEMA = Schema.load()


@pytest.fixture(scope="module")
def graph(neo4j_settings, neo4j_driver):
    """A Store on the session's Neo4j, holding the fixture graph (loaded once per module)."""
    store = Store(neo4j_driver, neo4j_settings.database, uri=neo4j_settings.uri)
    load_fixture(store)
    return store


def run(graph, name, **values):
    query = CATALOGUE.get(name)
    rows = graph.read(query.cypher, query.bind(values, schema=SCHEMA))
    assert rows.keys == query.returns  # the header's `returns` is the truth
    return [tuple(record.values()) for record in rows]


# name, parameters, rows (a table: kept one row a line where it fits)
# fmt: off
CASES = [
    (
        "actor-profile",
        {"actor": "RUS"},
        [
            ("mutual", "COOPERATES_WITH", "positive", "CHN", "China", 2, 2, 2,
             "2022-01-10", "2022-02-01"),
            ("object", "SANCTIONS", "positive", "USA", "United States", 2, 2, 2,
             "2022-03-05", "2022-03-20"),
            ("subject", "OPPOSES", "positive", "topic:nato-expansion", "NATO expansion", 2, 2, 2,
             "2022-01-10", "2022-02-01"),
            ("object", "CRITICIZES", "positive", "FRA", "France", 1, 1, 1,
             "2022-03-05", "2022-03-05"),
            ("subject", "ATTACKS", "negative", "UKR", "Ukraine", 1, 1, 1,
             "2022-03-20", "2022-03-20"),
            ("subject", "ATTACKS", "positive", "UKR", "Ukraine", 1, 1, 1,
             "2022-03-05", "2022-03-05"),
            ("subject", "OPPOSES", "positive", "topic:grain-deal", "grain deal", 1, 1, 1,
             "2023-01-15", "2023-01-15"),
            ("subject", "THREATENS", "positive", "UKR", "Ukraine", 1, 1, 1,
             "2022-06-01", "2022-06-01"),
        ],
    ),
    # The larger id of a mutual relation (stored from the smaller) sees it as mutual too.
    (
        "actor-profile",
        {"actor": "UKR"},
        [
            ("mutual", "COOPERATES_WITH", "positive", "USA", "United States", 1, 1, 1,
             "2022-06-01", "2022-06-01"),
            ("object", "AIDS", "positive", "USA", "United States", 1, 1, 1,
             "2022-03-05", "2022-03-05"),
            ("object", "ATTACKS", "negative", "RUS", "Russia", 1, 1, 1,
             "2022-03-20", "2022-03-20"),
            ("object", "ATTACKS", "positive", "RUS", "Russia", 1, 1, 1,
             "2022-03-05", "2022-03-05"),
            ("object", "THREATENS", "positive", "RUS", "Russia", 1, 1, 1,
             "2022-06-01", "2022-06-01"),
        ],
    ),
    ("actor-profile", {"actor": "XKX"}, []),
    (
        "partners",
        {"actor": "RUS"},
        [("CHN", "China", ["COOPERATES_WITH"], 2, 2, 2, "2022-02-01")],
    ),
    (
        "partners",
        {"actor": "USA"},
        [
            ("FRA", "France", ["MEETS"], 1, 1, 1, "2022-03-20"),
            ("UKR", "Ukraine", ["COOPERATES_WITH"], 1, 1, 1, "2022-06-01"),
        ],
    ),
    ("partners", {"actor": "USA", "limit": "1"},
     [("FRA", "France", ["MEETS"], 1, 1, 1, "2022-03-20")]),
    (
        "adversaries",
        {"actor": "RUS"},
        [
            ("USA", "United States", ["SANCTIONS"], 2, 2, 2, "2022-03-20"),
            ("UKR", "Ukraine", ["ATTACKS", "THREATENS"], 2, 2, 1, "2022-06-01"),
            ("FRA", "France", ["CRITICIZES"], 1, 1, 1, "2022-03-05"),
        ],
    ),
    (
        "stance-on-topic",
        {"topic": "topic:nato-expansion"},
        [
            ("SUPPORTS", "USA", "United States", 1, 1, ["Gazette"], "2022-02-01", "2022-02-01"),
            ("OPPOSES", "RUS", "Russia", 2, 2, ["Daily Planet", "Gazette"],
             "2022-01-10", "2022-02-01"),
            ("OPPOSES", "CHN", "China", 1, 1, ["Daily Planet"], "2022-01-10", "2022-01-10"),
        ],
    ),
    (
        "alignment",
        {"a": "RUS", "b": "CHN"},
        [("topic:nato-expansion", "NATO expansion", "OPPOSES", "OPPOSES", "same", 2, 1)],
    ),
    (
        "alignment",
        {"a": "USA", "b": "FRA"},
        [
            ("topic:grain-deal", "grain deal", "SUPPORTS", "SUPPORTS", "same", 1, 1),
            ("topic:grain-deal", "grain deal", "SUPPORTS", "OPPOSES", "differ", 1, 1),
        ],
    ),
    (
        "alignment",
        {"a": "RUS", "b": "USA"},
        [
            ("topic:grain-deal", "grain deal", "OPPOSES", "SUPPORTS", "differ", 1, 1),
            ("topic:nato-expansion", "NATO expansion", "OPPOSES", "SUPPORTS", "differ", 2, 1),
        ],
    ),
    (
        "evidence",
        {"subject": "RUS", "predicate": "ATTACKS", "object": "UKR"},
        [
            ("positive", "RUS", "UKR", "La Russie attaque l'Ukraine.", "a3", "Invasion",
             "https://co.example/3", "2022-03-05", "Courier", "fr", None, 0.9),
            ("negative", "RUS", "UKR", "Moscow denies attacking Ukraine.", "a4", "Denials",
             "https://dp.example/4", "2022-03-20", "Daily Planet", "en", "RUS", 0.9),
        ],
    ),
    # A directed predicate does not match the other direction ...
    ("evidence", {"subject": "UKR", "predicate": "ATTACKS", "object": "RUS"}, []),
    # ... a symmetric one does, whichever way it was stated.
    (
        "evidence",
        {"subject": "CHN", "predicate": "cooperates_with", "object": "RUS"},
        [
            ("positive", "RUS", "CHN", "The two pledged friendship.", "a1", "Joint line",
             "https://dp.example/1", "2022-01-10", "Daily Planet", "en", None, 0.9),
            ("positive", "CHN", "RUS", "Peking arbeitet mit Moskau.", "a2", "Ostpolitik",
             "https://gz.example/2", "2022-02-01", "Gazette", "de", None, 0.9),
        ],
    ),
    (
        "timeline",
        {"a": "UKR", "b": "RUS"},
        [
            ("2022-03-05", "RUS", "ATTACKS", "UKR", "positive", "Courier", "a3",
             "La Russie attaque l'Ukraine."),
            ("2022-03-20", "RUS", "ATTACKS", "UKR", "negative", "Daily Planet", "a4",
             "Moscow denies attacking Ukraine."),
            ("2022-06-01", "RUS", "THREATENS", "UKR", "positive", "Courier", "a5",
             "Moscow warns Kyiv."),
        ],
    ),
    (
        "timeline",
        {"a": "RUS", "b": "UKR", "since": "2022-03-10", "until": "2022-03-31"},
        [
            ("2022-03-20", "RUS", "ATTACKS", "UKR", "negative", "Daily Planet", "a4",
             "Moscow denies attacking Ukraine."),
        ],
    ),
    (
        "contradictions",
        {},
        [
            ("asserted-and-denied", "RUS", "UKR", "ATTACKS", "not ATTACKS", 1, 1, 1, 1,
             "2022-03-05", "2022-03-05", "2022-03-20", "2022-03-20"),
            ("supports-and-opposes", "FRA", "topic:grain-deal", "SUPPORTS", "OPPOSES", 1, 1, 1, 1,
             "2023-01-15", "2023-01-15", "2022-06-01", "2022-06-01"),
        ],
    ),
    (
        "most-active",
        {},
        [
            ("RUS", "Russia", 6, 3, 7),
            ("USA", "United States", 5, 3, 7),
            ("FRA", "France", 3, 2, 3),
            ("CHN", "China", 2, 2, 2),
        ],
    ),
    (
        "most-active",
        {"since": "2022-03-01", "until": "2022-06-30", "limit": "2"},
        [("USA", "United States", 3, 2, 5), ("RUS", "Russia", 3, 2, 3)],
    ),
    (
        "new-claims",
        {"since": "2022-06-01", "limit": "4"},
        [
            ("2023-01-15", "FRA", "SUPPORTS", "topic:grain-deal", "positive", "Gazette", "a6",
             "Paris stöder avtalet."),
            ("2023-01-15", "USA", "SUPPORTS", "topic:grain-deal", "positive", "Gazette", "a6",
             "USA stöder avtalet."),
            ("2023-01-15", "RUS", "OPPOSES", "topic:grain-deal", "positive", "Gazette", "a6",
             "Ryssland motsätter sig."),
            ("2022-06-01", "FRA", "OPPOSES", "topic:grain-deal", "positive", "Courier", "a5",
             "Paris rejects the grain deal."),
        ],
    ),
    ("new-claims", {"since": "2024-01-01"}, []),
    ("path", {"a": "RUS", "b": "USA"}, [(1, ["RUS", "USA"], ["USA SANCTIONS RUS (2)"], 2)]),
    (
        "path",
        {"a": "FRA", "b": "CHN"},
        [(2, ["FRA", "RUS", "CHN"], ["FRA CRITICIZES RUS (1)", "CHN COOPERATES_WITH RUS (2)"], 1)],
    ),
    (
        "path",
        {"a": "UKR", "b": "FRA", "limit": "3"},
        [
            (2, ["UKR", "RUS", "FRA"], ["RUS ATTACKS UKR (1)", "FRA CRITICIZES RUS (1)"], 1),
            (2, ["UKR", "RUS", "FRA"], ["RUS THREATENS UKR (1)", "FRA CRITICIZES RUS (1)"], 1),
            (2, ["UKR", "USA", "FRA"], ["UKR COOPERATES_WITH USA (1)", "FRA MEETS USA (1)"], 1),
        ],
    ),
    # Topics are entities too, and a path may run through one.
    (
        "path",
        {"a": "CHN", "b": "USA"},
        [
            (2, ["CHN", "RUS", "USA"], ["CHN COOPERATES_WITH RUS (2)", "USA SANCTIONS RUS (2)"], 2),
            (2, ["CHN", "topic:nato-expansion", "USA"],
             ["CHN OPPOSES topic:nato-expansion (1)", "USA SUPPORTS topic:nato-expansion (1)"], 1),
        ],
    ),
    (
        "coverage",
        {},
        [
            ("Daily Planet", "en", 2, 6, 1),
            ("Courier", "fr", 1, 4, 0),
            ("Courier", "en", 1, 3, 0),
            ("Gazette", "de", 1, 3, 0),
            ("Gazette", "sv", 1, 3, 0),
        ],
    ),
    (
        "corroborated",
        {},
        [
            ("CHN", "COOPERATES_WITH", "RUS", 2, 2, 2, "2022-01-10", "2022-02-01"),
            ("RUS", "OPPOSES", "topic:nato-expansion", 2, 2, 2, "2022-01-10", "2022-02-01"),
            ("USA", "SANCTIONS", "RUS", 2, 2, 2, "2022-03-05", "2022-03-20"),
        ],
    ),
    ("corroborated", {"min_sources": "3"}, []),
    (
        "single-source",
        {"limit": "3"},
        [
            ("CHN", "OPPOSES", "topic:nato-expansion", "Daily Planet", 1, 1,
             "2022-01-10", "2022-01-10"),
            ("FRA", "CRITICIZES", "RUS", "Courier", 1, 1, "2022-03-05", "2022-03-05"),
            ("FRA", "MEETS", "USA", "Daily Planet", 1, 1, "2022-03-20", "2022-03-20"),
        ],
    ),
    (
        "stance-shifts",
        {"at": "2023-01-01"},
        [
            ("FRA", "topic:grain-deal", "OPPOSES", "SUPPORTS", 1, 1,
             "a5: Paris rejects the grain deal.", "a6: Paris stöder avtalet."),
        ],
    ),
    # Both stances in the same period: no shift.
    ("stance-shifts", {"at": "2024-01-01"}, []),
    ("stance-shifts", {"at": "2023-01-01", "actor": "RUS"}, []),
    (
        "network-edges",
        {"predicates": "supports,OPPOSES", "min_articles": "2"},
        [
            ("RUS", "Russia", "Country", "OPPOSES", "topic:nato-expansion", "NATO expansion",
             "Topic", 2, 2, 2),
        ],
    ),
    (
        "network-edges",
        {"predicates": "COOPERATES_WITH", "until": "2022-12-31"},
        [
            ("CHN", "China", "Country", "COOPERATES_WITH", "RUS", "Russia", "Country", 2, 2, 2),
            ("UKR", "Ukraine", "Country", "COOPERATES_WITH", "USA", "United States", "Country",
             1, 1, 1),
        ],
    ),
]
# fmt: on


@pytest.mark.parametrize(
    ("name", "values", "expected"),
    CASES,
    ids=[f"{name}-{i}" for i, (name, _, _) in enumerate(CASES)],
)
def test_query_returns_exact_rows(graph, name, values, expected):
    assert run(graph, name, **values) == expected


def test_every_query_has_a_case():
    assert sorted({name for name, _, _ in CASES}) == CATALOGUE.names


def test_network_edges_without_filters_has_one_row_per_direct_relationship(graph):
    rows = run(graph, "network-edges")
    direct = graph.read(
        "MATCH (s:Entity)-[r]->(o:Entity) RETURN s.id AS s, type(r) AS p, o.id AS o, "
        "r.claims AS claims, r.articles AS articles, r.sources AS sources ORDER BY s, p, o"
    )
    assert [(r[0], r[3], r[4], r[7], r[8], r[9]) for r in rows] == [
        tuple(record.values()) for record in direct
    ]


def _literal_lists(cypher):
    return [
        sorted(re.findall(r"'([A-Z_]+)'", body)) for body in re.findall(r"IN \[([^\]]*)\]", cypher)
    ]


def test_symmetric_predicates_in_queries_match_the_schema():
    symmetric = sorted(p.name for p in SCHEMA.predicates.values() if p.symmetric)
    assert _literal_lists(CATALOGUE.get("evidence").cypher)[0] == symmetric
    assert _literal_lists(CATALOGUE.get("actor-profile").cypher)[0] == symmetric


def test_actor_profile_names_every_predicate_of_the_schema():
    cypher = CATALOGUE.get("actor-profile").cypher
    listed = re.search(r"\[r:([A-Z_|\s]+)\]", cypher).group(1)
    assert sorted(name.strip() for name in listed.split("|")) == SCHEMA.predicate_names


@pytest.mark.parametrize(
    ("name", "families"),
    [("partners", {"cooperative", "neutral"}), ("adversaries", {"hostile"})],
)
def test_partner_and_adversary_predicates_come_from_their_families(name, families):
    (listed,) = _literal_lists(CATALOGUE.get(name).cypher)
    assert {SCHEMA.predicate(p).family for p in listed} == families
    assert set(listed) <= set(SCHEMA.predicate_names)
