"""The interactive figures' functions, and the static figures shown when JavaScript is off.

Three pages carry an interactive figure written in plain JavaScript
(``docs/javascripts/widgets/``): a descent playground (chapter 2), a one-weight trainer
(chapter 3) and a backpropagation stepper (chapter 4). The JavaScript recomputes in the browser
what this module computes with the package; the browser tests (``tests/browser/test_widgets.py``)
check that the two agree. This module holds

* the functions and exact gradients the playground offers ([`DESCENT_FUNCTIONS`][]), the same
  ones the page passes as ``grad=`` to [`backprop.descent.gradient_descent`][];
* the two graphs of the stepper, built with [`backprop.autograd.Value`][]
  ([`stepper_graph`][]);
* a static figure for each widget, which the page shows until the script starts (and for good
  if it never does).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from figures.descent import parabola, parabola_grad, two_starts_quartic
from matplotlib.figure import Figure

from backprop.autograd import Value
from backprop.data import one_weight_example, one_weight_steps
from backprop.descent import gradient_descent
from backprop.plot._style import COLORS, new_figure
from backprop.plot.graphs import draw_graph

__all__ = [
    "DESCENT_FUNCTIONS",
    "STEPPER_INPUTS",
    "DescentFunction",
    "descent_playground_static",
    "one_weight_static",
    "quartic_grad",
    "stepper_edge_table",
    "stepper_graph",
    "stepper_static",
]


def quartic_grad(x: float) -> float:
    """The slope of ``x**4 - 3 x**2 + x``: ``4 x**3 - 6 x + 1``.

    Examples
    --------
    >>> quartic_grad(0.0), quartic_grad(1.0)
    (1.0, -1.0)
    """
    return 4 * x**3 - 6 * x + 1


def bowl(v: np.ndarray) -> float:
    """The chapter's narrow bowl ``f(x, y) = x**2 + 10 y**2``.

    Examples
    --------
    >>> bowl(np.array([-4.0, 1.5]))
    38.5
    """
    return float(v[0] ** 2 + 10 * v[1] ** 2)


def bowl_grad(v: np.ndarray) -> np.ndarray:
    """The gradient of [`bowl`][], ``(2 x, 20 y)``.

    Examples
    --------
    >>> bowl_grad(np.array([-4.0, 1.5])).tolist()
    [-8.0, 30.0]
    """
    return np.array([2 * v[0], 20 * v[1]])


@dataclass(frozen=True)
class DescentFunction:
    """One choice of the descent playground, with the settings its sliders start at.

    Attributes
    ----------
    f, grad : callable
        The function and its exact gradient.
    x0 : float or tuple of float
        The default start.
    lr : float
        The default learning rate.
    """

    f: Callable[[Any], float]
    grad: Callable[[Any], Any]
    x0: float | tuple[float, float]
    lr: float


DESCENT_FUNCTIONS: Mapping[str, DescentFunction] = {
    "parabola": DescentFunction(parabola, parabola_grad, 0.0, 0.1),
    "quartic": DescentFunction(two_starts_quartic, quartic_grad, 0.5, 0.05),
    "bowl": DescentFunction(bowl, bowl_grad, (-4.0, 1.5), 0.09),
}
"""The playground's functions by the key the page uses (``data-function``)."""


STEPPER_INPUTS: Mapping[str, dict[str, float]] = {
    "expression": {"x": 2.0, "y": -3.0, "t": -7.0},
    "neuron": {"x1": 1.0, "x2": -2.0, "w1": 0.5, "w2": 0.25, "b": 0.1, "t": 1.0},
}
"""The stepper's two graphs and their default inputs (the graphs page's numbers)."""


def stepper_graph(name: str, **inputs: float) -> Value:
    """Build one of the stepper's graphs with [`Value`][] and return its output ``L``.

    Every node carries the label the stepper shows. ``backward()`` has not been called.

    Parameters
    ----------
    name : {"expression", "neuron"}
        ``L = (x y + y - t)**2``, or the sigmoid neuron ``L = (sigmoid(x1 w1 + x2 w2 + b) -
        t)**2``.
    **inputs : float
        Values for the inputs; the others keep their [`STEPPER_INPUTS`][] defaults.

    Examples
    --------
    >>> L = stepper_graph("expression")
    >>> L.backward()
    >>> {n["label"]: n["grad"] for n in L.graph()["nodes"]}
    {'x': 12.0, 'y': -12.0, 'q': -4.0, 'z': -4.0, 't': 4.0, 'd': -4.0, 'L': 1.0}
    >>> [n["label"] for n in stepper_graph("neuron").graph()["nodes"]]
    ['x1', 'w1', 'p1', 'x2', 'w2', 'p2', 's', 'b', 'n', 'a', 't', 'e', 'L']
    """
    if name not in STEPPER_INPUTS:
        raise ValueError(f"name must be one of {sorted(STEPPER_INPUTS)}, got {name!r}")
    unknown = set(inputs) - set(STEPPER_INPUTS[name])
    if unknown:
        raise ValueError(f"unknown inputs for {name!r}: {sorted(unknown)}")
    v = {k: Value(float(inputs.get(k, d)), label=k) for k, d in STEPPER_INPUTS[name].items()}

    def named(node: Value, label: str) -> Value:
        node.label = label
        return node

    if name == "expression":
        q = named(v["x"] * v["y"], "q")
        z = named(q + v["y"], "z")
        d = named(z - v["t"], "d")
        return named(d**2, "L")
    p1 = named(v["x1"] * v["w1"], "p1")
    p2 = named(v["x2"] * v["w2"], "p2")
    s = named(p1 + p2, "s")
    n = named(s + v["b"], "n")
    a = named(n.sigmoid(), "a")
    e = named(a - v["t"], "e")
    return named(e**2, "L")


def descent_playground_static(steps: int = 12) -> Figure:
    """The playground's three functions, each with ``steps`` updates from its default start.

    Examples
    --------
    >>> fig = descent_playground_static()
    >>> [ax.get_title() for ax in fig.axes]
    ['(x + 2)², lr = 0.1', 'x⁴ − 3x² + x, lr = 0.05', 'x² + 10y², lr = 0.09']
    """
    fig, axes = new_figure(ncols=3, figsize=(7.6, 2.7))
    titles = {
        "parabola": "(x + 2)²",
        "quartic": "x⁴ − 3x² + x",
        "bowl": "x² + 10y²",
    }
    spans = {"parabola": (-5.5, 3.5), "quartic": (-2.2, 2.2)}
    for ax, (key, fn) in zip(axes, DESCENT_FUNCTIONS.items(), strict=True):
        x0 = list(fn.x0) if isinstance(fn.x0, tuple) else fn.x0
        run = gradient_descent(fn.f, x0, lr=fn.lr, steps=steps, grad=fn.grad)
        ax.set_title(f"{titles[key]}, lr = {fn.lr:g}", fontsize=9)
        if key == "bowl":
            gx, gy = np.meshgrid(np.linspace(-5, 5, 161), np.linspace(-2, 2, 65))
            ax.contour(
                gx, gy, gx**2 + 10 * gy**2, levels=[0.5, 2, 5, 10, 18, 28, 40],
                colors=COLORS["grey"], linewidths=0.8,
            )  # fmt: skip
            ax.plot(run.xs[:, 0], run.xs[:, 1], "o-", color=COLORS["orange"], markersize=3,
                    linewidth=1.2)  # fmt: skip
            ax.plot([0], [0], "*", color=COLORS["green"], markersize=10)
            ax.set_aspect("equal")
            ax.set_xlim(-5, 5)
            ax.set_ylim(-2, 2)
            ax.set_xlabel("$x$")
            ax.set_ylabel("$y$", labelpad=0)
            ax.grid(False)
            continue
        lo, hi = spans[key]
        grid = np.linspace(lo, hi, 200)
        ax.plot(grid, [fn.f(x) for x in grid], color=COLORS["grey"], linewidth=1.5)
        ax.plot(run.xs, run.fs, "o-", color=COLORS["orange"], markersize=3, linewidth=1.2)
        ax.plot(run.xs[:1], run.fs[:1], "o", color=COLORS["orange"], markersize=8,
                markerfacecolor="none")  # fmt: skip
        ax.set_xlim(lo, hi)
        ax.set_ylim(-1 if key == "parabola" else -4.5, 26 if key == "parabola" else 7)
        ax.set_xlabel("$x$")
    axes[0].set_ylabel("$f(x)$", labelpad=0)
    return fig


ONE_WEIGHT_RATES = (0.05, 0.1, 0.3, 0.43, 0.46)
"""The learning rates drawn by [`one_weight_static`][]."""


def one_weight_static(rates: tuple[float, ...] = ONE_WEIGHT_RATES, steps: int = 40) -> Figure:
    """The weight after each step of the worked example, for several learning rates.

    Descent on ``J(w) = (1.5 w - 0.5)**2`` converges for ``lr < 1/x**2 = 0.444...``: below it
    every line reaches ``w* = 1/3`` (the faster, the closer ``lr`` is to ``1/(2 x**2)``, where one
    step lands on it), above it the weight swings ever wider.

    Examples
    --------
    >>> fig = one_weight_static()
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()][-1]
    'lr = 0.46 (diverges)'
    """
    ex = one_weight_example()
    limit = 1 / ex.x**2
    fig, ax = new_figure(figsize=(6.4, 3.4))
    colors = [COLORS[c] for c in ("blue", "green", "purple", "orange", "red")]
    k = np.arange(steps + 1)
    for lr, color in zip(rates, colors, strict=False):
        ws = one_weight_steps(ex.x, ex.y, ex.w0, lr, steps=steps)
        label = f"lr = {lr:g}" + (" (diverges)" if lr > limit else "")
        ax.plot(k, ws, "o-", color=color, markersize=2.5, linewidth=1.1, label=label)
    ax.axhline(ex.w_star, color=COLORS["grey"], linewidth=1, linestyle="--")
    ax.annotate("w* = 1/3", (steps, ex.w_star), textcoords="offset points", xytext=(0, 4),
                ha="right", fontsize=8)  # fmt: skip
    ax.set_ylim(-0.9, 1.6)
    ax.set_xlim(0, steps)
    ax.set_xlabel("step $k$")
    ax.set_ylabel("weight $w_k$")
    ax.legend(loc="upper right", fontsize=7, ncols=2)
    return fig


def _g(v: float) -> str:
    return f"{v:.6g}".replace("-", "\u2212")


def stepper_static(name: str = "expression", **inputs: float) -> Figure:
    """The stepper's last frame: the graph after the backward pass, values and gradients.

    Examples
    --------
    >>> fig = stepper_static()
    >>> len(fig.axes[0].patches)
    7
    """
    out = stepper_graph(name, **inputs)
    out.backward()
    return draw_graph(out.graph(), digits=4)


def stepper_edge_table(name: str = "expression", **inputs: float) -> str:
    """The backward pass edge by edge, as an HTML table: upstream × local = downstream.

    Rows come in the order the backward walk visits the edges (the output's edges first). Each
    row's upstream gradient is the gradient of the edge's target, its local gradient the
    target's derivative with respect to the source, and the product is what the edge adds to
    the source's gradient.

    Examples
    --------
    >>> html = stepper_edge_table()
    >>> html.count("<tr>"), "<td>d \u2192 L</td>" in html
    (8, True)
    """
    out = stepper_graph(name, **inputs)
    out.backward()
    graph = out.graph()
    nodes = graph["nodes"]
    rows = []
    for e in sorted(graph["edges"], key=lambda e: -e["target"]):
        src, dst = nodes[e["source"]], nodes[e["target"]]
        up = dst["grad"]
        rows.append(
            f"<tr><td>{src['label']} \u2192 {dst['label']}</td><td>{_g(up)}</td>"
            f"<td>{_g(e['local'])}</td><td>{_g(up * e['local'])}</td></tr>"
        )
    head = (
        '<tr><th scope="col">edge</th><th scope="col">upstream</th>'
        '<th scope="col">\u00d7 local</th><th scope="col">= downstream</th></tr>'
    )
    return f"<table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"
