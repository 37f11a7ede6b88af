"""The picture of a computational graph, drawn from a [`Value`][backprop.autograd.Value].

The graph pictures are drawn from the engine's own export, [`backprop.autograd.Value.graph`][]
(a dict of ``nodes`` and ``edges``), with matplotlib alone: no graphviz. [`layered_layout`][]
places the nodes in columns computed from the topological order (inputs on the left, the output
on the right), and [`draw_graph`][] draws a box per node with its name, value and gradient.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from backprop._checks import check_int
from backprop.plot._style import COLORS, INK, new_figure, styled

__all__ = ["GraphLayout", "draw_graph", "layered_layout", "node_title"]

_OPS = {"*": "×", "-": "−", "neg": "−", "/": "÷"}


@dataclass(frozen=True)
class GraphLayout:
    """Where [`layered_layout`][] puts things.

    Attributes
    ----------
    layer : dict
        Node id -> column (0 for the leftmost).
    pos : dict
        Node id -> ``(x, y)`` centre of its box.
    routes : list
        One entry per edge, in the order of ``graph["edges"]``: the points the edge passes
        through, from its source's centre to its target's centre (one bend per skipped column).
    """

    layer: dict[int, int]
    pos: dict[int, tuple[float, float]]
    routes: list[list[tuple[float, float]]]


def _check_graph(graph: Mapping[str, Any]) -> tuple[list[dict], list[dict]]:
    if not isinstance(graph, Mapping) or "nodes" not in graph or "edges" not in graph:
        raise ValueError(
            "graph must be a dict with 'nodes' and 'edges' (as Value.graph() returns), "
            f"got {graph!r}"
        )
    nodes, edges = list(graph["nodes"]), list(graph["edges"])
    if not nodes:
        raise ValueError("graph must have at least one node, got none")
    ids = [n["id"] for n in nodes]
    if ids != list(range(len(nodes))):
        raise ValueError(f"graph node ids must be 0, 1, ... in order, got {ids}")
    for e in edges:
        if not (0 <= e["source"] < e["target"] < len(nodes)):
            raise ValueError(
                "graph edges must point from an earlier node to a later one "
                f"(topological order), got {e!r}"
            )
    return nodes, edges


def layered_layout(graph: Mapping[str, Any], dx: float = 1.0, dy: float = 1.0) -> GraphLayout:
    """Place the nodes of ``graph`` in columns, inputs on the left, the output on the right.

    A computed node goes one column right of its furthest parent (the longest path from the
    inputs); an input goes just left of its first use, so a bias or a target does not sit far
    from where it enters. An edge that skips columns gets a bend point in each column it crosses,
    and the order inside each column is settled by a few sweeps of the barycentre rule (each node
    moves towards the mean row of its neighbours), which keeps arrows from crossing.

    Parameters
    ----------
    graph : dict
        ``{"nodes": [...], "edges": [...]}`` as [`Value.graph`][] returns it: node ids are
        positions in topological order, edges go from parent to child.
    dx : float
        Spacing between columns.
    dy : float
        Spacing between rows.

    Examples
    --------
    >>> from backprop.autograd import Value
    >>> from backprop.plot import layered_layout
    >>> x, y = Value(2.0, label="x"), Value(-3.0, label="y")
    >>> z = x * y + y
    >>> lay = layered_layout(z.graph())
    >>> [lay.layer[n["id"]] for n in z.graph()["nodes"]]
    [0, 0, 1, 2]
    """
    nodes, edges = _check_graph(graph)
    n = len(nodes)
    parents: dict[int, list[int]] = {i: [] for i in range(n)}
    children: dict[int, list[int]] = {i: [] for i in range(n)}
    for e in edges:
        parents[e["target"]].append(e["source"])
        children[e["source"]].append(e["target"])
    layer = _columns(parents, children)
    columns, chains, neighbours = _bend_points(edges, layer)
    order = _barycentre_order(columns, neighbours, layer)
    xy = _coordinates(order, dx, dy)
    pos = {i: xy[i] for i in range(n)}
    routes = [[xy[key] for key in chain] for chain in chains]
    return GraphLayout(layer=layer, pos=pos, routes=routes)


def _columns(parents: dict[int, list[int]], children: dict[int, list[int]]) -> dict[int, int]:
    """Each node's column: one right of its furthest parent; an input just left of its first use."""
    layer: dict[int, int] = {}
    for i in parents:  # topological order: parents are placed before their children
        if parents[i]:
            layer[i] = 1 + max(layer[p] if parents[p] else 0 for p in parents[i])
        else:
            layer[i] = 0
    for i in parents:  # inputs move right, next to their first use
        if not parents[i] and children[i]:
            layer[i] = min(layer[c] for c in children[i]) - 1
    return layer


def _bend_points(
    edges: list[dict[str, Any]], layer: dict[int, int]
) -> tuple[dict[int, list[Any]], list[list[Any]], dict[Any, list[Any]]]:
    """Columns of real nodes and of bend points, each edge's chain of keys, and neighbours.

    An edge that skips columns passes through a bend point ``("bend", edge, column)`` in each
    column it crosses, so that every link of a chain joins two neighbouring columns.
    """
    columns: dict[int, list[Any]] = {}
    for i in layer:
        columns.setdefault(layer[i], []).append(i)
    chains = []  # per edge: the keys it passes through, source first
    neighbours: dict[Any, list[Any]] = {i: [] for i in layer}
    for k, e in enumerate(edges):
        s, t = e["source"], e["target"]
        chain = [s] + [("bend", k, c) for c in range(layer[s] + 1, layer[t])] + [t]
        for key in chain[1:-1]:
            columns.setdefault(key[2], []).append(key)
            neighbours[key] = []
        for a, b in pairwise(chain):
            neighbours[a].append(b)
            neighbours[b].append(a)
        chains.append(chain)
    return columns, chains, neighbours


def _barycentre_order(
    columns: dict[int, list[Any]], neighbours: dict[Any, list[Any]], layer: dict[int, int]
) -> dict[int, list[Any]]:
    """The order inside each column after four sweeps (left to right, then back) of the
    barycentre rule: each key moves towards the mean row of its neighbours in the column just
    swept, which keeps edges from crossing."""

    def column_of(key: Any) -> int:
        return key[2] if isinstance(key, tuple) else layer[key]

    order = {c: list(keys) for c, keys in sorted(columns.items())}
    row = {key: float(r) for keys in order.values() for r, key in enumerate(keys)}
    cols = sorted(order)
    for sweep in range(4):
        forward = sweep % 2 == 0
        for c in cols[1:] if forward else cols[-2::-1]:
            side = c - 1 if forward else c + 1

            def barycentre(key: Any, side: int = side) -> float:
                near = [row[m] for m in neighbours[key] if column_of(m) == side]
                return sum(near) / len(near) if near else row[key]

            order[c].sort(key=barycentre)  # stable: ties keep their order
            for r, key in enumerate(order[c]):
                row[key] = float(r)
    return order


def _coordinates(
    order: dict[int, list[Any]], dx: float, dy: float
) -> dict[Any, tuple[float, float]]:
    """(x, y) of every key: columns ``dx`` apart, rows ``dy`` apart, each column centred."""
    tallest = max(len(keys) for keys in order.values())
    xy: dict[Any, tuple[float, float]] = {}
    for c, keys in order.items():
        offset = (tallest - len(keys)) / 2
        for r, key in enumerate(keys):
            xy[key] = (c * dx, -(r + offset) * dy)
    return xy


def node_title(node: Mapping[str, Any]) -> str:
    """The name shown on a node's box: its label, its operation, or (for a constant) its value.

    Examples
    --------
    >>> from backprop.plot.graphs import node_title
    >>> node_title({"label": "q", "op": "*", "data": -6.0})
    'q = ×'
    >>> node_title({"label": "", "op": "sigmoid", "data": 0.5})
    'sigmoid'
    >>> node_title({"label": "L", "op": "**2", "data": 4.0})
    'L = (·)²'
    >>> node_title({"label": "", "op": "", "data": 3.0})
    '3'
    """
    op = node["op"]
    if op.startswith("**"):
        op = "(·)²" if op == "**2" else f"(·)^{op[2:]}"
    op = _OPS.get(op, op)
    if node["label"] and op:
        return f"{node['label']} = {op}"
    return node["label"] or op or f"{node['data']:g}"


@styled
def draw_graph(
    graph: Mapping[str, Any],
    digits: int = 4,
    show_grad: bool = True,
    highlight: tuple[int, ...] = (),
    box_width: float = 0.78,
    *,
    vertical: bool = False,
) -> Figure:
    """Draw a computational graph exported by [`Value.graph`][].

    Each node is a box holding its name (label and operation), its value (``data``) and,
    if ``show_grad``, its gradient (``grad``, the derivative of the output with respect to it).
    Inputs have blue borders, computed nodes orange ones, and the output a green one. An
    arrow runs from each parent to each child: a node used twice sends two arrows.

    Parameters
    ----------
    graph : dict
        The export of [`Value.graph`][].
    digits : int
        Significant digits of the numbers in the boxes.
    show_grad : bool
        Print the gradients (after ``backward()``) or only the values (the forward pass).
    highlight : tuple of int
        Ids of nodes to draw with a thicker red border.
    box_width : float
        Width of a box, as a fraction of the spacing between columns.
    vertical : bool
        Flow from top to bottom instead of left to right: a long graph becomes a tall, narrow
        figure, the layout for a phone.

    Examples
    --------
    >>> from backprop.autograd import Value
    >>> from backprop.plot import draw_graph
    >>> x, y = Value(2.0, label="x"), Value(-3.0, label="y")
    >>> z = x * y + y
    >>> z.backward()
    >>> fig = draw_graph(z.graph())
    >>> ax = fig.axes[0]
    >>> len(ax.patches)        # one box per node
    4
    >>> sum("grad" in t.get_text() for t in ax.texts)
    4
    """
    nodes, edges = _check_graph(graph)
    check_int("digits", digits, minimum=1)
    dx, dy = (1.25, 1.05) if vertical else (1.0, 0.9)
    lay = layered_layout(graph, dx=dx, dy=dy)
    if vertical:  # columns become rows, read downwards; the order inside a column runs right
        turn = {i: (-y / dy * dx, -x / dx * dy) for i, (x, y) in lay.pos.items()}
        routes = [[(-y / dy * dx, -x / dx * dy) for x, y in r] for r in lay.routes]
        lay = GraphLayout(layer=lay.layer, pos=turn, routes=routes)
    points = [p for route in lay.routes for p in route] + list(lay.pos.values())
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    span_x, span_y = (max(xs) - min(xs)) / dx + 1, (max(ys) - min(ys)) / dy + 1
    w, h = box_width * dx, (0.62 if show_grad else 0.46) * dy
    per_node = 1.15 if vertical else 1.5  # inches per column (per node in a row, if vertical)
    fig, ax = new_figure(figsize=(max(3.2, per_node * span_x), max(1.4, 1.05 * span_y + 0.2)))
    ax.set_axis_off()
    _draw_boxes(ax, nodes, edges, lay, (w, h, dy), digits, show_grad, highlight)
    _draw_arrows(ax, edges, lay, (w, h), vertical)
    ax.set_xlim(min(xs) - dx / 2, max(xs) + dx / 2)
    ax.set_ylim(min(ys) - dy / 2, max(ys) + dy / 2)
    return fig


def _draw_boxes(
    ax: Axes,
    nodes: list[dict],
    edges: list[dict],
    lay: GraphLayout,
    size: tuple[float, float, float],
    digits: int,
    show_grad: bool,
    highlight: tuple[int, ...],
) -> None:
    """One rounded box per node: its title, its value and (if shown) its gradient."""
    w, h, dy = size
    output = len(nodes) - 1
    has_parent = {e["target"] for e in edges}
    for node in nodes:
        i = node["id"]
        x, y = lay.pos[i]
        if i == output:
            color = COLORS["green"]
        else:
            color = COLORS["orange"] if i in has_parent else COLORS["blue"]
        ax.add_patch(
            FancyBboxPatch(
                (x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0,rounding_size=0.06",
                edgecolor=COLORS["red"] if i in highlight else color,
                linewidth=2.4 if i in highlight else 1.4, fill=False,
            )
        )  # fmt: skip
        top = y + h / 2 - 0.13 * dy
        title = node_title(node)
        size = 10 if len(title) <= 9 else 9  # "a = sigmoid" fits its box at 9 pt
        ax.text(x, top, title, ha="center", va="center", fontsize=size, weight="bold")
        ax.text(x, top - 0.19 * dy, f"data {node['data']:.{digits}g}", ha="center",
                va="center", fontsize=9)  # fmt: skip
        if show_grad:
            ax.text(x, top - 0.37 * dy, f"grad {node['grad']:.{digits}g}", ha="center",
                    va="center", fontsize=9, color=COLORS["red"])  # fmt: skip


def _draw_arrows(
    ax: Axes, edges: list[dict], lay: GraphLayout, size: tuple[float, float], vertical: bool
) -> None:
    """An arrow per edge, from the source box's far side to the target box's near side."""
    w, h = size
    incoming: dict[int, list[int]] = {}
    for k, e in enumerate(edges):
        incoming.setdefault(e["target"], []).append(k)
    across = 0 if vertical else 1  # the coordinate along which arrows into one box spread
    for ins in incoming.values():  # arrows keep their order into a box: no crossing there
        ins.sort(key=lambda k: -lay.routes[k][-2][across] * (1 if not vertical else -1))
    for k, e in enumerate(edges):
        route = list(lay.routes[k])
        ins = incoming[e["target"]]
        spread = 0.6 * (w if vertical else h)
        j = ins.index(k)
        off = 0.0 if len(ins) == 1 else spread / 2 - j * spread / (len(ins) - 1)
        (sx, sy), (tx, ty) = route[0], route[-1]
        if vertical:
            route[0], route[-1] = (sx, sy - h / 2), (tx - off, ty + h / 2)
        else:
            route[0], route[-1] = (sx + w / 2, sy), (tx - w / 2, ty + off)
        if len(route) > 2:
            ax.plot(*zip(*route[:-1], strict=True), color=INK, linewidth=1, alpha=0.7)
        ax.annotate(
            "", xy=route[-1], xytext=route[-2],
            arrowprops={"arrowstyle": "-|>", "color": INK, "alpha": 0.7, "linewidth": 1,
                        "shrinkA": 0, "shrinkB": 0, "mutation_scale": 10},
        )  # fmt: skip
