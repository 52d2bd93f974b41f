"""kg.drawable and kg.html: claims to the drawable graph, and the page parsed back (no browser).

The page is parsed with html.parser and compared structurally: node and edge sets from the JSON
data block, the legend against schema/kg.toml, escaping of hostile article text.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from html.parser import HTMLParser

import networkx as nx
import numpy as np
import pytest

from kg.claims import Article, Claim, Entity, Evidence, Extractor
from kg.drawable import MAX_EVIDENCE, ClaimSelection, graph_from_claims, select_claims
from kg.errors import InputError, SchemaError
from kg.html import LAYOUT_THRESHOLD, render
from kg.layout import spread_layout
from kg.schema import Schema

SCHEMA = Schema.load()
MADE = datetime(2025, 5, 4, 3, 2, tzinfo=UTC)
TOOL = Extractor("test", "1")

CHN = Entity("CHN", "China", "Country")
USA = Entity("USA", "United States", "Country")
SWE = Entity("SWE", "Sweden", "Country")
NATO = Entity("NATO", "NATO", "Organization")
EXPANSION = Entity("topic:nato-expansion", "NATO expansion", "Topic")
ARCTIC = Entity("region:arctic", "Arctic", "Region")

HOSTILE = (
    'Sweden <img src=x onerror="window.__pwned=1"> backs NATO '
    "</script><script>window.__pwned=2</script> & more."
)


def article(n: int, published: str, *, source: str = "Tidning", lang: str = "en") -> Article:
    return Article(
        id=f"a{n}",
        title=f"Report {n}",
        url=f"https://news.example/{n}",
        published=published,
        source=source,
        lang=lang,
    )


def claim(subject, predicate, obj, where, start, *, sentence="A test sentence.", **extra):
    evidence = Evidence(sentence, start, start + len(sentence), where.lang)
    return Claim(subject, predicate, obj, evidence, where, TOOL, **extra)


A1 = article(1, "2024-01-10")
A2 = article(2, "2024-03-05", source="Courier")
A3 = article(3, "2025-02-01", lang="sv")
CLAIMS = [
    claim(CHN, "OPPOSES", EXPANSION, A1, 0, sentence="China opposes NATO expansion."),
    claim(CHN, "OPPOSES", EXPANSION, A2, 10, sentence="Beijing again rejected expansion.",
          confidence=0.9),
    claim(USA, "MEETS", CHN, A1, 40, sentence="US and Chinese envoys met.", confidence=0.3),
    claim(CHN, "MEETS", USA, A2, 60, sentence="China met the US.", confidence=0.3),
    claim(SWE, "MEMBER_OF", NATO, A3, 0, sentence=HOSTILE),
    claim(USA, "SUPPORTS", NATO, A3, 90, sentence="Washington backs the alliance."),
    claim(USA, "CRITICIZES", CHN, A3, 120, sentence="The US did not criticise China.",
          polarity="negative"),
]  # fmt: skip


class Page(HTMLParser):
    """Collect what the tests compare: script blocks, legend items, title and caption text."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.items: list[dict[str, str | None]] = []
        self.text: dict[str, str] = {}
        self.tags: list[str] = []
        self._script: dict[str, str | None] | None = None
        self._id: str | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append(tag)
        if tag == "script":
            self._script = attributes
            self.scripts.append((attributes, ""))
        if tag == "li" and attributes.get("class") in ("kg-type", "kg-family"):
            self.items.append(attributes)
        if attributes.get("id") in ("kg-title", "kg-caption"):
            self._id = attributes["id"]
            self.text[self._id] = ""

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None
        if tag in ("h1", "p"):
            self._id = None

    def handle_data(self, data):
        if self._script is not None:
            attributes, text = self.scripts[-1]
            self.scripts[-1] = (attributes, text + data)
        elif self._id:
            self.text[self._id] += data

    def data(self) -> dict:
        [block] = [text for attrs, text in self.scripts if attrs.get("id") == "kg-data"]
        return json.loads(block)


def page_for(claims, **kwargs) -> tuple[str, Page]:
    text = render(graph_from_claims(claims, schema=SCHEMA), schema=SCHEMA, made=MADE, **kwargs)
    return text, Page(text)


def edge_set(data: dict) -> set[tuple[str, str, str]]:
    return {(e["from"], e["kg"]["predicate"], e["to"]) for e in data["edges"]}


# ---------------------------------------------------------------- the drawable graph


def test_graph_aggregates_claims_per_triple_and_skips_denials():
    drawable = graph_from_claims(CLAIMS, schema=SCHEMA)
    graph = drawable.graph
    assert sorted(graph.nodes) == ["CHN", "NATO", "SWE", "USA", "topic:nato-expansion"]
    assert sorted(graph.edges(keys=True)) == [
        ("CHN", "USA", "MEETS"),  # symmetric: one edge, smaller id first, from both directions
        ("CHN", "topic:nato-expansion", "OPPOSES"),
        ("SWE", "NATO", "MEMBER_OF"),
        ("USA", "NATO", "SUPPORTS"),
    ]
    opposes = graph.edges["CHN", "topic:nato-expansion", "OPPOSES"]
    assert (opposes["claims"], opposes["articles"], opposes["confidence"]) == (2, 2, 0.95)
    assert (opposes["first_seen"], opposes["last_seen"]) == ("2024-01-10", "2024-03-05")
    assert [e["sentence"] for e in opposes["evidence"]] == [
        "Beijing again rejected expansion.",  # newest first
        "China opposes NATO expansion.",
    ]
    assert opposes["evidence"][0] == {
        "sentence": "Beijing again rejected expansion.",
        "title": "Report 2",
        "source": "Courier",
        "date": "2024-03-05",
        "url": "https://news.example/2",
        "article": "a2",
        "confidence": 0.9,
        "attributed_to": None,
    }
    assert graph.nodes["CHN"] == {"label": "China", "type": "Country", "evidence": 4}
    assert (drawable.claims, drawable.articles, drawable.denials) == (6, 3, 1)


def test_graph_keeps_at_most_max_evidence_per_edge_but_counts_all():
    many = [
        claim(CHN, "OPPOSES", EXPANSION, article(n, f"2024-01-{n:02d}"), 0)
        for n in range(1, MAX_EVIDENCE + 6)
    ]
    edge = graph_from_claims(many, schema=SCHEMA).graph.edges["CHN", "topic:nato-expansion",
                                                               "OPPOSES"]  # fmt: skip
    assert edge["claims"] == MAX_EVIDENCE + 5
    assert len(edge["evidence"]) == MAX_EVIDENCE
    assert edge["evidence"][0]["date"] == f"2024-01-{MAX_EVIDENCE + 5:02d}"


def test_graph_rejects_a_predicate_outside_the_schema():
    bad = claim(CHN, "LIKES", USA, A1, 0)
    with pytest.raises(SchemaError, match="unknown predicate 'LIKES'"):
        graph_from_claims([bad], schema=SCHEMA)


OPP = "CHN-OPPOSES-topic:nato-expansion"
SELECTIONS = [
    (ClaimSelection(), ["CHN-MEETS-USA", OPP, OPP, "SWE-MEMBER_OF-NATO", "USA-CRITICIZES-CHN",
                        "USA-MEETS-CHN", "USA-SUPPORTS-NATO"]),
    (ClaimSelection(actor="SWE"), ["SWE-MEMBER_OF-NATO"]),
    (ClaimSelection(actor="SWE", depth=2), ["SWE-MEMBER_OF-NATO", "USA-SUPPORTS-NATO"]),
    (ClaimSelection(predicates=("OPPOSES",)), [OPP, OPP]),
    (ClaimSelection(since="2025"), ["SWE-MEMBER_OF-NATO", "USA-CRITICIZES-CHN",
                                    "USA-SUPPORTS-NATO"]),
    (ClaimSelection(until="2024-01"), [OPP, "USA-MEETS-CHN"]),
    (ClaimSelection(source="Courier"), ["CHN-MEETS-USA", OPP]),
    (ClaimSelection(lang="sv"), ["SWE-MEMBER_OF-NATO", "USA-CRITICIZES-CHN", "USA-SUPPORTS-NATO"]),
    # MEETS is symmetric: USA-MEETS-CHN (a1) and CHN-MEETS-USA (a2) are one triple in 2 articles
    (ClaimSelection(min_evidence=2), ["CHN-MEETS-USA", OPP, OPP, "USA-MEETS-CHN"]),
]  # fmt: skip


@pytest.mark.parametrize(("selection", "expected"), SELECTIONS, ids=[str(i) for i in range(9)])
def test_select_claims_applies_the_store_filters(selection, expected):
    kept = select_claims(CLAIMS, selection, schema=SCHEMA)
    assert sorted(f"{c.subject.id}-{c.predicate}-{c.object.id}" for c in kept) == expected


@pytest.mark.parametrize(
    ("selection", "message"),
    [
        (ClaimSelection(actor="RUS"), "actor 'RUS' is in no selected claim; check the id"),
        (ClaimSelection(since="March 2024"), "since must be a date YYYY, YYYY-MM or YYYY-MM-DD"),
        (ClaimSelection(depth=0), "depth and min_evidence must be at least 1"),
    ],
)
def test_select_claims_reports_bad_filters_in_one_line(selection, message):
    with pytest.raises(InputError, match=re.escape(message)):
        select_claims(CLAIMS, selection, schema=SCHEMA)


def test_selection_describes_itself_for_the_caption():
    selection = ClaimSelection(actor="CHN", depth=2, since="2024", min_evidence=2, lang="de")
    assert selection.describe() == (
        "within 2 hop(s) of CHN; dated 2024 to …; triples stated in at least 2 articles; "
        "language de"
    )


# ---------------------------------------------------------------- the page


def test_page_holds_the_nodes_and_edges_with_their_encoding():
    _, page = page_for(CLAIMS)
    data = page.data()
    nodes = {n["id"]: n for n in data["nodes"]}
    assert set(nodes) == {"CHN", "NATO", "SWE", "USA", "topic:nato-expansion"}
    assert edge_set(data) == {
        ("CHN", "MEETS", "USA"),
        ("CHN", "OPPOSES", "topic:nato-expansion"),
        ("SWE", "MEMBER_OF", "NATO"),
        ("USA", "SUPPORTS", "NATO"),
    }
    for node in data["nodes"]:
        entity_type = SCHEMA.entity_types[node["kg"]["type"]]
        assert (node["shape"], node["color"]) == (entity_type.shape, entity_type.color)
    assert nodes["CHN"]["size"] == 40.0  # most evidence: the largest
    assert nodes["SWE"]["size"] == 25.0  # 10 + 30 * sqrt(1 / 4)
    edges = {e["kg"]["predicate"]: e for e in data["edges"]}
    assert edges["MEETS"]["arrows"]["to"]["enabled"] is False  # symmetric
    assert edges["OPPOSES"]["arrows"]["to"]["enabled"] is True
    assert edges["MEETS"]["dashes"] is True  # mean confidence 0.3
    assert edges["OPPOSES"]["dashes"] is False
    assert edges["OPPOSES"]["color"]["color"] == SCHEMA.families["hostile"].color
    assert edges["SUPPORTS"]["color"]["color"] == SCHEMA.families["cooperative"].color
    assert data["physics"] is True
    assert "x" not in nodes["CHN"]


def test_pagerank_sizes_nodes_when_present():
    drawable = graph_from_claims(CLAIMS, schema=SCHEMA)
    for node, rank in zip(sorted(drawable.graph), (0.1, 0.4, 0.1, 0.1, 0.3), strict=True):
        drawable.graph.nodes[node]["pagerank"] = rank
    page = Page(render(drawable, schema=SCHEMA, made=MADE))
    sizes = {n["id"]: (n["size"], n["kg"]["pagerank"]) for n in page.data()["nodes"]}
    assert sizes["NATO"] == (40.0, 0.4)
    assert sizes["CHN"] == (25.0, 0.1)  # most evidence, but a low PageRank


def test_hostile_article_text_is_data_and_never_markup():
    text, page = page_for(CLAIMS, title="Title <script>window.__pwned=3</script>")
    # Only our three script elements: the data block, vis-network and the page logic.
    assert [attrs.get("type") for attrs, _ in page.scripts] == ["application/json", None, None]
    assert "img" not in page.tags
    assert "window.__pwned" not in "".join(body for _, body in page.scripts[1:])
    assert page.text["kg-title"] == "Title <script>window.__pwned=3</script>"
    sentences = {ev["sentence"] for e in page.data()["edges"] for ev in e["kg"]["evidence"]}
    assert HOSTILE in sentences  # intact as data
    block = page.scripts[0][1]
    assert "<" not in block and ">" not in block and "&" not in block
    assert "\\u003c/script\\u003e" in block


def test_legend_is_drawn_from_the_schema():
    _, page = page_for(CLAIMS)
    types = [(i["data-type"], i["data-shape"], i["data-color"]) for i in page.items
             if i["class"] == "kg-type"]  # fmt: skip
    families = [
        (i["data-family"], i["data-color"]) for i in page.items if i["class"] == "kg-family"
    ]
    assert types == [(t.name, t.shape, t.color) for _, t in sorted(SCHEMA.entity_types.items())]
    assert families == [(f.name, f.color) for _, f in sorted(SCHEMA.families.items())]


def test_caption_says_what_is_shown_and_when_it_was_made():
    drawable = graph_from_claims(CLAIMS, schema=SCHEMA, filters="source Courier")
    page = Page(render(drawable, schema=SCHEMA, title="Alliances", made=MADE))
    assert page.text["kg-title"] == "Alliances"
    assert page.text["kg-caption"] == (
        "5 entities and 4 relations from 6 claims in 3 articles (1 denial not drawn). "
        "Filters: source Courier. Made 2025-05-04 03:02 UTC by kg 0.1.0."
    )


def test_page_makes_no_request_and_is_deterministic():
    text, page = page_for(CLAIMS)
    assert page_for(CLAIMS)[0] == text
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text)
    assert csp is not None and csp.group(1).startswith("default-src 'none';")
    assert [attrs.get("src") for attrs, _ in page.scripts] == [None, None, None]
    assert not {"link", "iframe", "img", "object", "embed"} & set(page.tags)
    assert not re.search(r"(src|href)=\"https?:", text)


def test_above_the_threshold_the_layout_is_computed_and_physics_is_off():
    ring = [
        claim(Entity(f"person:p{i}", f"P {i}", "Person"), "MEETS",
              Entity(f"person:p{i + 1}", f"P {i + 1}", "Person"), A1, i)
        for i in range(LAYOUT_THRESHOLD)
    ]  # fmt: skip
    text, page = page_for(ring)
    data = page.data()
    assert len(data["nodes"]) == LAYOUT_THRESHOLD + 1
    assert data["physics"] is False and data["options"]["physics"]["enabled"] is False
    assert all(isinstance(n["x"], float) and n["physics"] is False for n in data["nodes"])
    assert "Layout computed before drawing (physics off)." in page.text["kg-caption"]
    assert page_for(ring)[0] == text  # the layout's seed is fixed


def test_nothing_to_draw_is_an_input_error():
    with pytest.raises(InputError, match="nothing to draw: no relation matches the filters"):
        render(graph_from_claims([], schema=SCHEMA), schema=SCHEMA)


def test_layout_is_deterministic_spread_out_and_keeps_neighbours_close():
    graph = nx.barabasi_albert_graph(600, 2, seed=5)
    positions = spread_layout(graph, seed=7)
    assert spread_layout(graph, seed=7) == positions
    assert sorted(positions) == list(range(600))
    points = np.array([positions[n] for n in range(600)])
    gaps = np.hypot(*(points[:, None, :] - points[None, :, :]).transpose(2, 0, 1))
    np.fill_diagonal(gaps, np.inf)
    assert gaps.min() > 0.05  # no two nodes drawn on top of each other
    edge_length = np.mean([gaps[u, v] for u, v in graph.edges()])
    assert edge_length < 0.5 * gaps[np.isfinite(gaps)].mean()  # neighbours closer than strangers
