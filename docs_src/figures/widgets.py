"""The interactive figures' settings, and the static figures shown when JavaScript is off.

Three pages carry an interactive figure written in plain JavaScript
(``docs/javascripts/widgets/``): a descent playground (gradient descent), a one-weight trainer
(learning one weight) and a backpropagation stepper (computational graphs). Every constant a
widget starts from (functions' defaults, start points, learning rates, slider ranges, graph
inputs and layout, stopping rules) is defined here once: [`widget_html`][] prints it as JSON
in the widget's ``data-config`` attribute while the site is built, and the static figure next
to it is drawn from the same constants, so the two cannot disagree. Only the recurrences live
in JavaScript; the browser tests (``tests/browser/test_widgets.py``) check them against the
package.
"""

from __future__ import annotations

import html
import inspect
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from backprop.autograd import Value
from backprop.data import one_weight_example
from backprop.descent import gradient_descent
from backprop.optim import Momentum
from backprop.plot import COLORS, new_figure, styled
from backprop.plot.graphs import draw_graph
from figures.descent import parabola, parabola_grad, two_starts_quartic
from figures.one_weight import steps_to_read, weights

__all__ = [
    "BOWL_LEVELS",
    "DESCENT_FUNCTIONS",
    "ONE_WEIGHT_RATES",
    "STEPPER_INPUTS",
    "DescentFunction",
    "descent_config",
    "descent_playground_static",
    "one_weight_config",
    "one_weight_static",
    "stepper_config",
    "stepper_edge_table",
    "stepper_graph",
    "stepper_static",
    "widget_html",
]


def _defaults(func: Callable[..., Any], *names: str) -> dict[str, Any]:
    """The default values of some parameters of ``func``, so a widget uses the package's own."""
    params = inspect.signature(func).parameters
    return {name: params[name].default for name in names}


# ------------------------------------------------------------------------------ descent


def quartic_grad(x: float) -> float:
    """The slope of `figures.descent.two_starts_quartic`: ``4 x**3 - 6 x + 1``.

    Examples
    --------
    >>> from figures.widgets import quartic_grad
    >>> quartic_grad(0.0), quartic_grad(1.0)
    (1.0, -1.0)
    """
    return 4 * x**3 - 6 * x + 1


def quartic_hump() -> float:
    """Where the quartic's slope is zero between its two valleys (its local maximum).

    Examples
    --------
    >>> from figures.widgets import quartic_hump
    >>> round(quartic_hump(), 4)
    0.1699
    """
    roots = np.sort(np.roots([4.0, 0.0, -6.0, 1.0]).real)
    return float(roots[1])


def bowl(v: np.ndarray) -> float:
    """The chapter's narrow bowl ``f(x, y) = x**2 + 10 y**2``.

    Examples
    --------
    >>> import numpy as np
    >>> from figures.widgets import bowl
    >>> bowl(np.array([-4.0, 1.5]))
    38.5
    """
    return float(v[0] ** 2 + 10 * v[1] ** 2)


def bowl_grad(v: np.ndarray) -> np.ndarray:
    """The gradient of [`bowl`][], ``(2 x, 20 y)``.

    Examples
    --------
    >>> import numpy as np
    >>> from figures.widgets import bowl_grad
    >>> bowl_grad(np.array([-4.0, 1.5])).tolist()
    [-8.0, 30.0]
    """
    return np.array([2 * v[0], 20 * v[1]])


BOWL_LEVELS = (0.5, 2, 5, 10, 18, 28, 40)
"""The contour levels of the bowl, in the static figure and in the widget."""


@dataclass(frozen=True)
class DescentFunction:
    """One choice of the descent playground, with the settings its sliders start at.

    Attributes
    ----------
    title : str
        How the page names it.
    f, grad : callable
        The function and its exact gradient.
    x0 : tuple of float
        The default start (one number per variable).
    lr : float
        The default learning rate.
    view : tuple of (lo, hi) pairs
        The plotted ranges of ``x`` and of ``f(x)`` (or of ``x`` and ``y`` for the bowl).
    sliders : dict
        ``(min, max, step)`` of the start slider(s) (``"x0"``, ``"y0"``) and of ``"lr"``.
    hint : str
        One sentence under the widget, for plain descent.
    curvature : float or None
        The largest second derivative, where it is the same everywhere (a quadratic): plain
        descent converges for ``lr < 2 / curvature``, momentum for ``lr < 2 (1 + beta) /
        curvature``, and the widget states the second limit when momentum is on.
    """

    title: str
    f: Callable[[Any], float]
    grad: Callable[[Any], Any]
    x0: tuple[float, ...]
    lr: float
    view: tuple[tuple[float, float], tuple[float, float]]
    sliders: Mapping[str, tuple[float, float, float]]
    hint: str
    curvature: float | None = None

    def config(self) -> dict[str, Any]:
        """The JSON-ready settings the widget reads."""
        sliders = {
            k: dict(zip(("min", "max", "step"), v, strict=True)) for k, v in self.sliders.items()
        }
        return {
            "title": self.title,
            "dims": len(self.x0),
            "x0": list(self.x0),
            "lr": self.lr,
            "view": {"x": list(self.view[0]), "y": list(self.view[1])},
            "sliders": sliders,
            "hint": self.hint,
            "curvature": self.curvature,
        }


DESCENT_FUNCTIONS: Mapping[str, DescentFunction] = {
    "parabola": DescentFunction(
        "y = (x + 2)²", parabola, parabola_grad, (0.0,), 0.1, ((-6.5, 2.5), (-1.0, 17.0)),
        {"x0": (-6, 2, 0.1), "lr": (0.01, 1.2, 0.01)},
        # the curvature is 2, so each step multiplies x + 2 by 1 - 2 lr
        f"On this parabola descent converges for lr < {2 / 2:g} "
        "(the factor 1 − 2·lr stays between −1 and 1).",
        2.0,
    ),
    "quartic": DescentFunction(
        "f(x) = x⁴ − 3x² + x", two_starts_quartic, quartic_grad, (0.5,), 0.05,
        ((-2.3, 2.3), (-4.5, 8.0)),
        {"x0": (-2, 2, 0.05), "lr": (0.005, 0.3, 0.005)},
        f"Starts left of the hump near x = {quartic_hump():.2f} roll into the deep valley, "
        "starts right of it into the shallow one.",
    ),
    "bowl": DescentFunction(
        "f(x, y) = x² + 10y²", bowl, bowl_grad, (-4.0, 1.5), 0.09, ((-5.0, 5.0), (-2.0, 2.0)),
        {"x0": (-4.5, 4.5, 0.1), "y0": (-1.8, 1.8, 0.1), "lr": (0.005, 0.12, 0.005)},
        # the y direction has curvature 20: each step multiplies y by 1 - 20 lr
        f"The steep y direction needs lr < {2 / 20:g}; just below it the path zig-zags "
        "across the valley.",
        20.0,
    ),
}  # fmt: skip
"""The playground's functions by the key the page and the widget use."""

MOMENTUM_HINT = (
    "With momentum, v ← β·v + gradient and x ← x − lr·v: the velocity keeps β of the last one. "
    "Here that converges for lr < 2(1 + β)/{curvature} = {limit} (β = {beta}), "
    "where plain descent needs lr < 2/{curvature} = {plain}."
)
"""The hint under the playground with momentum on, for a function with a ``curvature``; the
widget fills in the numbers for the β the reader chose."""

MOMENTUM_BETA = (0.0, 0.95, 0.05)
"""``(min, max, step)`` of the playground's momentum slider; it starts at Momentum's default."""


def descent_config(start: str = "parabola") -> dict[str, Any]:
    """Everything the descent playground starts from, ready for [`widget_html`][].

    The stopping and divergence rules are [`gradient_descent`][]'s own defaults, and the
    momentum slider starts at [`Momentum`][]'s default ``beta``.

    Examples
    --------
    >>> from figures.widgets import descent_config
    >>> cfg = descent_config()
    >>> cfg["rules"], cfg["functions"]["bowl"]["x0"], cfg["beta"]["value"]
    ({'steps': 1000, 'tol': 1e-10, 'max_abs': 1000000000000.0}, [-4.0, 1.5], 0.9)
    """
    beta = dict(zip(("min", "max", "step"), MOMENTUM_BETA, strict=True))
    beta["value"] = _defaults(Momentum, "beta")["beta"]
    return {
        "start": start,
        "rules": _defaults(gradient_descent, "steps", "tol", "max_abs"),
        "functions": {k: fn.config() for k, fn in DESCENT_FUNCTIONS.items()},
        "levels": list(BOWL_LEVELS),
        "beta": beta,
        "momentum_hint": MOMENTUM_HINT,
    }


def _bowl_panel(ax: Any, fn: DescentFunction, run: Any) -> None:
    (x0, x1), (y0, y1) = fn.view
    gx, gy = np.meshgrid(np.linspace(x0, x1, 161), np.linspace(y0, y1, 65))
    ax.contour(gx, gy, gx**2 + 10 * gy**2, levels=list(BOWL_LEVELS), colors=COLORS["grey"],
               linewidths=0.8)  # fmt: skip
    ax.plot(run.xs[:, 0], run.xs[:, 1], "o-", color=COLORS["orange"], markersize=3,
            linewidth=1.2)  # fmt: skip
    ax.plot([0], [0], "*", color=COLORS["green"], markersize=10)
    ax.set_aspect("equal")
    ax.set_ylabel("$y$", labelpad=0)
    ax.grid(False)


def descent_playground_static(steps: int = 12) -> Figure:
    """The playground's three functions, each with ``steps`` updates from its default start.

    Examples
    --------
    >>> from figures.widgets import descent_playground_static
    >>> fig = descent_playground_static()
    >>> [ax.get_title() for ax in fig.axes]
    ['y = (x + 2)², lr = 0.1', 'f(x) = x⁴ − 3x² + x, lr = 0.05', 'f(x, y) = x² + 10y², lr = 0.09']
    """
    fig, axes = new_figure(ncols=3, figsize=(7.6, 2.7))
    for ax, fn in zip(axes, DESCENT_FUNCTIONS.values(), strict=True):
        x0 = list(fn.x0) if len(fn.x0) > 1 else fn.x0[0]
        run = gradient_descent(fn.f, x0, lr=fn.lr, steps=steps, grad=fn.grad)
        ax.set_title(f"{fn.title}, lr = {fn.lr:g}", fontsize=9)
        if len(fn.x0) > 1:
            _bowl_panel(ax, fn, run)
        else:
            grid = np.linspace(*fn.view[0], 200)
            ax.plot(grid, [fn.f(x) for x in grid], color=COLORS["grey"], linewidth=1.5)
            ax.plot(run.xs, run.fs, "o-", color=COLORS["orange"], markersize=3, linewidth=1.2)
            ax.plot(run.xs[:1], run.fs[:1], "o", color=COLORS["orange"], markersize=8,
                    markerfacecolor="none")  # fmt: skip
        ax.set_xlim(*fn.view[0])
        ax.set_ylim(*fn.view[1])
        ax.set_xlabel("$x$")
    axes[0].set_ylabel("$f(x)$", labelpad=0)
    return fig


# ------------------------------------------------------------------------------ one weight

ONE_WEIGHT_RATES = (0.05, 0.1, 0.3, 0.43, 0.46)
"""The learning rates drawn by [`one_weight_static`][]."""

ONE_WEIGHT_SLIDERS = {"w0": (-1.0, 2.0, 0.05), "lr": (0.01, 0.5, 0.01)}
"""``(min, max, step)`` of the trainer's two sliders."""

ONE_WEIGHT_ROWS = 40
"""The most rows the trainer's table shows (and the steps of the static figure)."""


def one_weight_config() -> dict[str, Any]:
    """Everything the one-weight trainer starts from: the worked example and its rules.

    "Converged" is [`steps_to_read`][figures.one_weight.steps_to_read]'s default: the weight
    rounded to ``decimals`` places reads as ``w* = y / x`` does.

    Examples
    --------
    >>> from figures.widgets import one_weight_config
    >>> cfg = one_weight_config()
    >>> cfg["x"], cfg["y"], cfg["w0"], cfg["lr"], cfg["decimals"], cfg["rows"]
    (1.5, 0.5, 0.8, 0.1, 6, 40)
    """
    ex = one_weight_example()
    sliders = {
        k: dict(zip(("min", "max", "step"), v, strict=True)) for k, v in ONE_WEIGHT_SLIDERS.items()
    }
    return {
        "x": ex.x,
        "y": ex.y,
        "w0": ex.w0,
        "lr": ex.lr,
        "sliders": sliders,
        "rows": ONE_WEIGHT_ROWS,
        **_defaults(steps_to_read, "decimals", "max_steps"),
    }


@styled
def one_weight_static(
    rates: tuple[float, ...] = ONE_WEIGHT_RATES, steps: int = ONE_WEIGHT_ROWS
) -> Figure:
    """The weight after each step of the worked example, for several learning rates.

    Descent on ``J(w) = (1.5 w - 0.5)**2`` converges for ``lr < 1/x**2 = 0.444...``: below it
    every line reaches ``w* = 1/3`` (the faster, the closer ``lr`` is to ``1/(2 x**2)``, where one
    step lands on it), above it the weight swings ever wider.

    Examples
    --------
    >>> from figures.widgets import one_weight_static
    >>> fig = one_weight_static()
    >>> [t.get_text() for t in fig.legends[0].get_texts()][-1]
    'lr = 0.46 (diverges)'
    """
    ex = one_weight_example()
    limit = 1 / ex.x**2
    fig, ax = new_figure(figsize=(6.4, 3.8))
    colors = [COLORS[c] for c in ("blue", "green", "purple", "orange", "red")]
    k = np.arange(steps + 1)
    for lr, color in zip(rates, colors, strict=False):
        ws = weights(ex.w0, lr, steps)
        label = f"lr = {lr:g}" + (" (diverges)" if lr > limit else "")
        ax.plot(k, ws, "o-", color=color, markersize=2.5, linewidth=1.1, label=label)
    ax.axhline(ex.w_star, color=COLORS["grey"], linewidth=1, linestyle="--")
    # w* named outside the axes, on the right, where no zig-zag runs over it
    ax.annotate("$w^* = 1/3$", (1, ex.w_star), xycoords=("axes fraction", "data"),
                textcoords="offset points", xytext=(4, 0), va="center", fontsize=9,
                annotation_clip=False)  # fmt: skip
    ax.set_ylim(-0.9, 1.6)
    ax.set_xlim(0, steps)
    ax.set_xlabel("step $k$")
    ax.set_ylabel("weight $w_k$")
    # the legend above the axes: the diverging rate's spikes reach the top and the bottom
    fig.legend(loc="outside upper center", fontsize=9, ncols=3)
    return fig


# ------------------------------------------------------------------------------ stepper

STEPPER_INPUTS: Mapping[str, dict[str, float]] = {
    "expression": {"x": 2.0, "y": -3.0, "t": -7.0},
    "neuron": {"x1": 1.0, "x2": -2.0, "w1": 0.5, "w2": 0.25, "b": 0.1, "t": 1.0},
}
"""The stepper's two graphs and their default inputs (the graphs page's numbers)."""

STEPPER_TITLES = {"expression": "L = (x y + y − t)²", "neuron": "L = (σ(x1 w1 + x2 w2 + b) − t)²"}
"""How the stepper names its two graphs."""

STEPPER_BOX = (96, 60)
"""Width and height of a node's box in the stepper, in SVG units."""

STEPPER_LAYOUT: Mapping[str, dict[str, tuple[int, int]]] = {
    "expression": {
        "x": (50, 48), "y": (50, 190), "q": (200, 48), "z": (350, 100), "t": (350, 205),
        "d": (500, 150), "L": (650, 150),
    },
    "neuron": {
        "x1": (50, 40), "w1": (50, 120), "x2": (50, 210), "w2": (50, 290), "p1": (200, 80),
        "p2": (200, 250), "s": (350, 165), "b": (350, 275), "n": (500, 220), "a": (650, 220),
        "t": (650, 100), "e": (800, 160), "L": (950, 160),
    },
}  # fmt: skip
"""Centre of each node's box, by graph and label; columns 150 units apart leave 54 units between
the boxes for the edge labels."""


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
    >>> from figures.widgets import stepper_graph
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


def _stepper_nodes(name: str) -> list[dict[str, Any]]:
    """The graph's nodes in ``Value``'s topological order: label, operation, inputs, place."""
    graph = stepper_graph(name).graph()
    labels = [n["label"] for n in graph["nodes"]]
    ins: dict[int, list[str]] = {}
    for e in graph["edges"]:
        ins.setdefault(e["target"], []).append(labels[e["source"]])
    place = STEPPER_LAYOUT[name]
    return [
        {"id": n["label"], "op": n["op"] or None, "ins": ins.get(n["id"], []),
         "x": place[n["label"]][0], "y": place[n["label"]][1]}
        for n in graph["nodes"]
    ]  # fmt: skip


def stepper_config() -> dict[str, Any]:
    """The stepper's two graphs: their nodes (from the ``Value`` graphs), inputs and layout.

    Examples
    --------
    >>> from figures.widgets import stepper_config
    >>> cfg = stepper_config()
    >>> [(n["id"], n["op"], n["ins"]) for n in cfg["graphs"]["expression"]["nodes"]][2:4]
    [('q', '*', ['x', 'y']), ('z', '+', ['q', 'y'])]
    >>> cfg["graphs"]["neuron"]["width"], cfg["box"]
    (1006, [96, 60])
    """
    w, h = STEPPER_BOX
    graphs = {}
    for name, inputs in STEPPER_INPUTS.items():
        nodes = _stepper_nodes(name)
        graphs[name] = {
            "title": STEPPER_TITLES[name],
            "inputs": dict(inputs),
            "nodes": nodes,
            "width": max(n["x"] for n in nodes) + w // 2 + 8,
            "height": max(n["y"] for n in nodes) + h // 2 + 10,
        }
    return {"box": [w, h], "graphs": graphs}


def _g(v: float) -> str:
    return f"{v:.6g}".replace("-", "\u2212")


def stepper_static(name: str = "expression", **inputs: float) -> Figure:
    """The stepper's last frame: the graph after the backward pass, values and gradients.

    Examples
    --------
    >>> from figures.widgets import stepper_static
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
    >>> from figures.widgets import stepper_edge_table
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


# ------------------------------------------------------------------------------ the page


def widget_html(kind: str, config: Mapping[str, Any], static: str) -> str:
    """A widget's container with its settings as JSON, after the static figure it replaces.

    The widget (``docs/javascripts/widgets/<kind>.js``) reads ``data-config`` when it starts
    and removes the static figure; without JavaScript the reader keeps the static figure.

    Examples
    --------
    >>> from figures.widgets import widget_html
    >>> out = widget_html("demo", {"it's": 1}, "<p>still</p>")
    >>> out.split("</div>")[1]
    '<div class="bp-widget" data-widget="demo" data-config="{&quot;it&#x27;s&quot;: 1}" hidden>'
    """
    data = html.escape(json.dumps(config, ensure_ascii=False, allow_nan=False), quote=True)
    return (
        f'<div class="bp-widget-wrap"><div class="bp-static">\n{static}\n</div>'
        f'<div class="bp-widget" data-widget="{kind}" data-config="{data}" hidden></div></div>'
    )
