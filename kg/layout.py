"""A force-directed layout fast enough for thousands of nodes, computed before drawing.

networkx's ``spring_layout`` computes every pairwise repulsion: on this 2-core machine it takes
minutes for 5,000 nodes. This is Fruchterman and Reingold's own "grid variant" (Software: Practice
and Experience 21(11), 1991, section 4): repulsion only between nodes closer than ``2k``, found
with a k-d tree (scipy), attraction along edges, a linear cooling schedule. Each iteration is
O(n log n); the start is networkx's ``random_layout`` with a fixed seed, so the result is
deterministic.

>>> positions = spread_layout(graph, seed=7)  # {node: (x, y)}, centred on (0, 0)
"""

from __future__ import annotations

from collections.abc import Hashable

import networkx as nx
import numpy as np
from scipy.spatial import cKDTree

__all__ = ["spread_layout"]


def _accumulate(indices: np.ndarray, forces: np.ndarray, count: int) -> np.ndarray:
    return np.stack(
        [np.bincount(indices, forces[:, axis], minlength=count) for axis in (0, 1)], axis=1
    )


def _far_field(pos: np.ndarray, k: float) -> np.ndarray:
    """Repulsion from the mass centres of a coarse grid of cells (Barnes-Hut, one level)."""
    count = len(pos)
    cells = max(2, int(np.sqrt(count) / 6))
    low, high = pos.min(axis=0), pos.max(axis=0)
    size = np.maximum((high - low) / cells, 1e-9)
    cell = np.minimum(((pos - low) / size).astype(np.intp), cells - 1)
    flat = cell[:, 0] * cells + cell[:, 1]
    mass = np.bincount(flat, minlength=cells * cells).astype(float)
    occupied = mass > 0
    centre = _accumulate(flat, pos, cells * cells)[occupied] / mass[occupied, None]
    dx = pos[:, 0, None] - centre[None, :, 0]
    dy = pos[:, 1, None] - centre[None, :, 1]
    squared = np.maximum(dx * dx + dy * dy, float(size.max()) ** 2)
    weight = mass[occupied][None, :] * (k * k) / squared  # k^2/d along the unit vector (dx, dy)/d
    return np.stack([(dx * weight).sum(axis=1), (dy * weight).sum(axis=1)], axis=1)


def _step(pos: np.ndarray, edges: np.ndarray, k: float) -> np.ndarray:
    """Return each node's displacement: repulsion (near pairs exact, far by cells) and springs."""
    count = len(pos)
    pairs = cKDTree(pos).query_pairs(2 * k, output_type="ndarray")
    disp = _far_field(pos, k)
    for (a, b), law in ((pairs.T, lambda d: k * k / d), (edges.T, lambda d: -d * d / k)):
        if a.size == 0:
            continue
        delta = pos[a] - pos[b]
        distance = np.maximum(np.hypot(delta[:, 0], delta[:, 1]), 0.01 * k)
        force = delta / distance[:, None] * law(distance)[:, None]
        disp += _accumulate(a, force, count) - _accumulate(b, force, count)
    return disp


def spread_layout(
    graph: nx.Graph, *, seed: int, iterations: int = 80, k: float = 1.0
) -> dict[Hashable, tuple[float, float]]:
    """Return positions (in units of ``k``, the ideal edge length) for every node of the graph."""
    nodes = sorted(graph, key=str)
    if not nodes:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    edges = np.array(
        sorted({tuple(sorted((index[u], index[v]))) for u, v in graph.edges() if u != v}),
        dtype=np.intp,
    ).reshape(-1, 2)
    side = np.sqrt(len(nodes)) * k
    ordered = nx.Graph()
    ordered.add_nodes_from(nodes)  # random_layout draws in node order: make the order fixed
    start = nx.random_layout(ordered, seed=seed)
    pos = np.array([start[node] for node in nodes], dtype=float) * side
    temperature = side / 10
    for step in range(iterations):
        disp = _step(pos, edges, k)
        length = np.maximum(np.hypot(disp[:, 0], disp[:, 1]), 1e-9)
        limit = temperature * (1 - step / iterations)
        pos += disp / length[:, None] * np.minimum(length, limit)[:, None]
    pos -= pos.mean(axis=0)
    return {node: (float(pos[i, 0]), float(pos[i, 1])) for node, i in index.items()}
