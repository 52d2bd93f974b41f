"""Network analytics on small hand-made graphs, with expectations worked out by hand."""

from __future__ import annotations

import itertools

import pytest

from kg.errors import InputError, SchemaError
from kg.network import (
    analyze,
    from_records,
    pagerank,
    signed_blocs,
    signed_modularity,
    stance_similarity,
)
from kg.schema import Schema

SCHEMA = Schema.load()
TYPES = {"topic:x": "Topic", "topic:y": "Topic"}


def edges(*rows):
    """Rows (subject, predicate, object, articles) in the network-edges form."""
    return [
        {
            "subject": s,
            "subject_type": TYPES.get(s, "Country"),
            "predicate": p,
            "object": o,
            "object_type": TYPES.get(o, "Country"),
            "claims": n,
            "articles": n,
            "sources": 1,
        }
        for s, p, o, n in rows
    ]


# Two camps: a western triangle and an eastern one, hostile across, plus a neutral meeting and a
# topic on which they split.
WORLD = edges(
    ("USA", "COOPERATES_WITH", "GBR", 3),
    ("GBR", "COOPERATES_WITH", "FRA", 2),
    ("USA", "SUPPORTS", "FRA", 1),
    ("RUS", "COOPERATES_WITH", "CHN", 3),
    ("CHN", "AIDS", "IRN", 1),
    ("RUS", "SUPPORTS", "IRN", 2),
    ("USA", "SANCTIONS", "RUS", 4),
    ("GBR", "CRITICIZES", "CHN", 1),
    ("IRN", "THREATENS", "USA", 2),
    ("USA", "MEETS", "CHN", 5),
    ("SWE", "MEETS", "USA", 1),
    ("USA", "SUPPORTS", "topic:x", 2),
    ("GBR", "SUPPORTS", "topic:x", 1),
    ("RUS", "OPPOSES", "topic:x", 2),
)


def test_from_records_builds_one_edge_per_triple_with_schema_attributes():
    graph = from_records(
        edges(("RUS", "COOPERATES_WITH", "CHN", 2), ("CHN", "COOPERATES_WITH", "RUS", 1))
        + edges(("RUS", "OPPOSES", "topic:x", 1), ("RUS", "OPPOSES", "topic:x", 2)),
        schema=SCHEMA,
    )
    assert sorted(graph.edges(keys=True, data=True)) == [
        (
            "CHN",
            "RUS",
            "COOPERATES_WITH",
            {
                "predicate": "COOPERATES_WITH",
                "family": "cooperative",
                "sign": 1,
                "symmetric": True,
                "claims": 3,
                "articles": 3,
                "sources": 2,
            },
        ),
        (
            "RUS",
            "topic:x",
            "OPPOSES",
            {
                "predicate": "OPPOSES",
                "family": "hostile",
                "sign": -1,
                "symmetric": False,
                "claims": 3,
                "articles": 3,
                "sources": 2,
            },
        ),
    ]
    assert dict(graph.nodes(data=True)) == {
        "RUS": {"name": "RUS", "type": "Country"},
        "CHN": {"name": "CHN", "type": "Country"},
        "topic:x": {"name": "topic:x", "type": "Topic"},
    }


def test_from_records_rejects_bad_rows():
    with pytest.raises(InputError) as info:
        from_records([{"subject": "RUS", "predicate": "OPPOSES", "object": "UKR"}], schema=SCHEMA)
    assert str(info.value) == "edge row 1: missing column 'articles'"
    with pytest.raises(SchemaError):
        from_records(edges(("RUS", "HATES", "UKR", 1)), schema=SCHEMA)


def test_pagerank_matches_the_closed_form():
    # A -> C <- B, C dangling: PR(C) = 27/47 and PR(A) = PR(B) = 10/47 with damping 0.85.
    graph = from_records(
        edges(("AAA", "SUPPORTS", "CCC", 1), ("BBB", "SUPPORTS", "CCC", 1)), schema=SCHEMA
    )
    assert pagerank(graph) == {
        "AAA": pytest.approx(10 / 47, abs=1e-6),
        "BBB": pytest.approx(10 / 47, abs=1e-6),
        "CCC": pytest.approx(27 / 47, abs=1e-6),
    }


def test_pagerank_counts_symmetric_relations_both_ways():
    graph = from_records(edges(("AAA", "MEETS", "BBB", 1)), schema=SCHEMA)
    assert pagerank(graph) == {"AAA": pytest.approx(0.5), "BBB": pytest.approx(0.5)}


def test_signed_blocs_split_the_two_camps():
    graph = from_records(WORLD, schema=SCHEMA)
    assert signed_blocs(graph, schema=SCHEMA) == [
        ["CHN", "IRN", "RUS"],
        ["FRA", "GBR", "USA"],
        ["SWE"],  # only a neutral tie: a bloc of its own
    ]


def _partitions(items):
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for smaller in _partitions(rest):
        for i in range(len(smaller)):
            yield smaller[:i] + [[first, *smaller[i]]] + smaller[i + 1 :]
        yield [[first], *smaller]


def test_signed_blocs_reach_the_best_signed_modularity_of_all_partitions():
    graph = from_records(WORLD, schema=SCHEMA)
    actors = ["CHN", "FRA", "GBR", "IRN", "RUS", "SWE", "USA"]

    def score(blocs):
        return signed_modularity(
            graph, {a: i for i, bloc in enumerate(blocs) for a in bloc}, schema=SCHEMA
        )

    best = max(score(p) for p in _partitions(actors))
    assert score(signed_blocs(graph, schema=SCHEMA)) == pytest.approx(best)
    # ... and the hostile ties matter: merging the camps scores lower.
    assert score([actors]) < best


def test_hostile_ties_alone_push_actors_apart():
    graph = from_records(
        edges(
            ("AAA", "ATTACKS", "BBB", 1), ("BBB", "SANCTIONS", "CCC", 1), ("AAA", "AIDS", "CCC", 1)
        ),
        schema=SCHEMA,
    )
    assert signed_blocs(graph, schema=SCHEMA) == [["AAA", "CCC"], ["BBB"]]


def test_stance_similarity_is_the_cosine_of_signed_stance_vectors():
    graph = from_records(
        edges(
            ("AAA", "SUPPORTS", "topic:x", 2),
            ("AAA", "OPPOSES", "topic:y", 1),
            ("BBB", "SUPPORTS", "topic:x", 1),
            ("BBB", "OPPOSES", "topic:y", 2),
            ("CCC", "OPPOSES", "topic:x", 1),
            ("DDD", "MEETS", "AAA", 3),  # neutral: no stance
        ),
        schema=SCHEMA,
    )
    # A = (2, -1), B = (1, -2), C = (-1, 0) over (x, y).
    assert stance_similarity(graph, schema=SCHEMA) == [
        ("AAA", "BBB", pytest.approx(4 / 5)),
        ("BBB", "CCC", pytest.approx(-1 / 5**0.5)),
        ("AAA", "CCC", pytest.approx(-2 / 5**0.5)),
    ]


def test_analyze_gives_every_entity_its_metrics():
    analysis = analyze(from_records(WORLD, schema=SCHEMA), schema=SCHEMA)
    by_id = {m.id: m for m in analysis.metrics}
    assert sorted(by_id) == ["CHN", "FRA", "GBR", "IRN", "RUS", "SWE", "USA", "topic:x"]
    assert [(m.id, m.degree, m.bloc) for m in sorted(analysis.metrics, key=lambda m: m.id)] == [
        ("CHN", 4, 1),
        ("FRA", 2, 2),
        ("GBR", 4, 2),
        ("IRN", 3, 1),
        ("RUS", 4, 1),
        ("SWE", 1, 3),
        ("USA", 7, 2),
        ("topic:x", 3, None),
    ]
    assert analysis.blocs == [["CHN", "IRN", "RUS"], ["FRA", "GBR", "USA"], ["SWE"]]
    ranks = [m.pagerank for m in analysis.metrics]
    assert ranks == sorted(ranks, reverse=True)
    assert sum(ranks) == pytest.approx(1.0)
    # USA: GBR +3, FRA +1, RUS -4, x +2; GBR: USA +3, FRA +2, CHN -1, x +1. Shared: FRA, x.
    usa_gbr = (1 * 2 + 2 * 1) / (30**0.5 * 15**0.5)
    assert ("GBR", "USA", pytest.approx(usa_gbr)) in analysis.similarity
    assert by_id["SWE"].similar_to is None and by_id["SWE"].similarity is None


def test_empty_graph():
    analysis = analyze(from_records([], schema=SCHEMA), schema=SCHEMA)
    assert (analysis.metrics, analysis.blocs, analysis.similarity) == ([], [], [])


def test_partitions_helper_enumerates_bell_numbers():
    assert [sum(1 for _ in _partitions(list(range(n)))) for n in range(1, 6)] == [1, 2, 5, 15, 52]
    assert len(list(itertools.islice(_partitions(list("abcdefg")), 1000))) == 877
