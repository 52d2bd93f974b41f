"""Draw a DrawableGraph as one self-contained interactive HTML file (vis-network, via pyvis).

The file makes no network request: vis-network is inlined from the copy pyvis ships, and our own
template (kg/_data/viz/) replaces pyvis's, which links Bootstrap from a CDN. Everything that came
from articles travels as JSON in a ``<script type="application/json">`` block with ``<``, ``>`` and
``&`` escaped, and the page builds tooltips with ``textContent``, so an article holding HTML or a
script can neither run nor break the page. A Content-Security-Policy forbids every fetch.

Encoding (all from schema/kg.toml): node shape and colour by entity type, edge colour by predicate
family, arrows only for non-symmetric predicates, dashed edges below ``LOW_CONFIDENCE``, node size
by PageRank when nodes carry ``pagerank`` (``kg analyze``), else by evidence. Above
``LAYOUT_THRESHOLD`` nodes the layout is computed here (kg.layout, fixed seed) and
physics is off, so that large graphs open at once and stay still.

>>> html = render(graph_from_claims(claims, schema=schema), schema=schema, title="Claims")
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import pyvis
from pyvis.network import Network

from kg import __version__
from kg.drawable import DrawableGraph
from kg.errors import InputError
from kg.layout import spread_layout
from kg.network import pagerank
from kg.schema import Schema

__all__ = ["LAYOUT_THRESHOLD", "LOW_CONFIDENCE", "count", "render", "with_pagerank", "write_html"]

LAYOUT_THRESHOLD = 500
LAYOUT_SEED = 7
# Pixels per unit of the precomputed layout (its ideal edge length).
EDGE_LENGTH = 90
LOW_CONFIDENCE = 0.5
# Edge labels (the predicate) help on small graphs and only clutter large ones.
EDGE_LABEL_LIMIT = 150
_VIS_DIR = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028"}


def with_pagerank(drawable: DrawableGraph) -> DrawableGraph:
    """Return a copy whose nodes carry ``pagerank`` (kg.network's, weighted by articles)."""
    graph = drawable.graph.copy()
    nx.set_node_attributes(graph, pagerank(graph), "pagerank")
    return replace(drawable, graph=graph)


def _viz_dir() -> Path:
    return Path(str(resources.files("kg"))) / "_data" / "viz"


def _script_json(value: Any) -> str:
    """Serialise for a <script> block: no character in it can end the block or open a tag."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in _JSON_ESCAPES.items():
        text = text.replace(char, escape)
    return text.replace("\u2029", "\\u2029")


def _inline_script(path: Path) -> str:
    # A literal "</script" inside inlined code would end the element early; "<\/" means the same.
    return path.read_text(encoding="utf-8").replace("</script", "<\\/script")


def _sizes(graph: nx.MultiDiGraph) -> dict[str, float]:
    """Return node sizes from 10 to 40 by PageRank when every node has it, else by evidence."""
    key = "pagerank" if all("pagerank" in d for _, d in graph.nodes(data=True)) else "evidence"
    values = {node: float(data.get(key) or 0.0) for node, data in graph.nodes(data=True)}
    top = max(values.values(), default=0.0) or 1.0
    return {node: round(10 + 30 * math.sqrt(value / top), 2) for node, value in values.items()}


def _layout(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Return fixed positions for large graphs (deterministic), or {} to let physics place nodes."""
    if graph.number_of_nodes() <= LAYOUT_THRESHOLD:
        return {}
    positions = spread_layout(nx.Graph(graph), seed=LAYOUT_SEED)
    return {
        str(n): (round(x * EDGE_LENGTH, 1), round(y * EDGE_LENGTH, 1))
        for n, (x, y) in positions.items()
    }


def _add_nodes(net: Network, graph: nx.MultiDiGraph, schema: Schema) -> None:
    sizes, positions = _sizes(graph), _layout(graph)
    for node in sorted(graph):
        data = graph.nodes[node]
        entity_type = schema.entity_type(str(data.get("type")))
        info = {"type": entity_type.name, "evidence": int(data.get("evidence") or 0)}
        if "pagerank" in data:
            info["pagerank"] = round(float(data["pagerank"]), 6)
        place: dict[str, Any] = {}
        if node in positions:
            place = {"x": positions[node][0], "y": positions[node][1], "physics": False}
        net.add_node(
            node,
            label=str(data.get("label") or node),
            shape=entity_type.shape,
            color=entity_type.color,
            size=sizes[node],
            kg=info,
            **place,
        )


def _edge_item(data: dict[str, Any], schema: Schema, index: int, parallel: int) -> dict[str, Any]:
    predicate = schema.predicate(str(data["predicate"]))
    colour = schema.families[predicate.family].color
    claims = int(data.get("claims") or 1)
    confidence = float(data.get("confidence", 1.0))
    item: dict[str, Any] = {
        "color": {"color": colour, "highlight": colour, "hover": colour},
        "arrows": {"to": {"enabled": not predicate.symmetric, "scaleFactor": 0.6}},
        "dashes": confidence < LOW_CONFIDENCE,
        "width": round(1 + min(5.0, math.log2(claims)), 2),
        "kg": {
            "predicate": predicate.name,
            "family": predicate.family,
            "symmetric": predicate.symmetric,
            "claims": claims,
            "articles": int(data.get("articles") or 0),
            "confidence": round(confidence, 3),
            "first_seen": data.get("first_seen"),
            "last_seen": data.get("last_seen"),
            "evidence": list(data.get("evidence") or []),
        },
    }
    if parallel > 1:  # several predicates between one pair: fan them out so each stays visible
        item["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.12 + 0.14 * index}
    return item


def _add_edges(net: Network, graph: nx.MultiDiGraph, schema: Schema) -> None:
    labelled = graph.number_of_edges() <= EDGE_LABEL_LIMIT
    pairs: dict[tuple[str, str], list[tuple[str, dict[str, Any]]]] = {}
    for source, target, key, data in graph.edges(keys=True, data=True):
        pair = (min(source, target), max(source, target))
        pairs.setdefault(pair, []).append((str(key), {**data, "_ends": (source, target)}))
    number = 0
    for pair in sorted(pairs):
        group = sorted(pairs[pair], key=lambda item: (item[0], item[1]["_ends"]))
        for index, (_, data) in enumerate(group):
            source, target = data.pop("_ends")
            item = _edge_item(data, schema, index, len(group))
            if labelled:
                item["label"] = item["kg"]["predicate"]
            net.add_edge(source, target, id=f"e{number}", **item)
            number += 1


def _options(physics: bool, count: int) -> dict[str, Any]:
    # "continuous" smoothing: "dynamic" adds a physics node per edge (7x slower to settle at 500).
    smooth = {"enabled": True, "type": "continuous"} if physics else False
    return {
        "physics": {
            "enabled": physics,
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -6000, "springLength": 140, "avoidOverlap": 0.2},
            "stabilization": {"enabled": physics, "iterations": 400, "fit": True},
        },
        "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": count <= 150},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": count > 1000},
        "nodes": {"font": {"size": 14, "face": "sans-serif"}, "borderWidth": 1},
        "edges": {
            "smooth": smooth,
            "font": {"size": 10, "align": "middle", "color": "#555555"},
        },
    }


def count(number: int, noun: str, plural: str | None = None) -> str:
    """Return "1 claim", "2 claims" (or the given plural)."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def _caption(drawable: DrawableGraph, made: datetime) -> str:
    graph = drawable.graph
    text = (
        f"{count(graph.number_of_nodes(), 'entity', 'entities')} and "
        f"{count(graph.number_of_edges(), 'relation')} from {count(drawable.claims, 'claim')} "
        f"in {count(drawable.articles, 'article')}"
    )
    if drawable.denials:
        text += f" ({count(drawable.denials, 'denial')} not drawn)"
    text += f". Filters: {drawable.filters or 'none'}."
    if graph.number_of_nodes() > LAYOUT_THRESHOLD:
        text += " Layout computed before drawing (physics off)."
    return text + f" Made {made:%Y-%m-%d %H:%M} UTC by kg {__version__}."


def render(
    drawable: DrawableGraph,
    *,
    schema: Schema,
    title: str = "kg: international relations",
    made: datetime | None = None,
) -> str:
    """Return the whole HTML page; raise InputError when there is nothing to draw."""
    graph = drawable.graph
    if graph.number_of_nodes() == 0:
        raise InputError("nothing to draw: no relation matches the filters; loosen them")
    count = graph.number_of_nodes()
    physics = count <= LAYOUT_THRESHOLD
    net = Network(directed=True, heading=title)
    _add_nodes(net, graph, schema)
    _add_edges(net, graph, schema)
    net.options = _options(physics, count)
    nodes, edges, _, _, _, options = net.get_network_data()
    payload = {"nodes": nodes, "edges": edges, "options": json.loads(options), "physics": physics}
    # pyvis's own Jinja environment, pointed at our template; autoescape on for every {{ value }}.
    net.set_template_dir(str(_viz_dir()) + "/", "graph.html")
    net.templateEnv.autoescape = True
    template = net.templateEnv.get_template(net.path)
    return template.render(
        title=title,
        caption=_caption(drawable, made or datetime.now(UTC)),
        entity_types=[schema.entity_types[name] for name in schema.type_names],
        families=[schema.families[name] for name in sorted(schema.families)],
        low_confidence=LOW_CONFIDENCE,
        data_json=_script_json(payload),
        vis_js=_inline_script(_VIS_DIR / "vis-network.min.js"),
        app_js=_inline_script(_viz_dir() / "graph.js"),
        css=(_viz_dir() / "graph.css").read_text(encoding="utf-8"),
    )


def write_html(drawable: DrawableGraph, path: Path, *, schema: Schema, title: str) -> int:
    """Write the page to path; return its size in bytes."""
    page = render(drawable, schema=schema, title=title)
    try:
        path.write_text(page, encoding="utf-8")
    except OSError as err:
        raise InputError(f"{path}: cannot write: {err.strerror}") from err
    return len(page.encode("utf-8"))
