"""The figures of the Backpropagation in a network page, and the experiment behind one.

[`network_figure`][] draws the 3-layer sigmoid network with the shape of every matrix, or its
backward pass.
[`update_rule_runs`][] trains that network with the true gradient and with the shortcuts
that drop the sigmoid's derivative, and [`shortcut_figure`][] plots what it measures.
[`traced_figure`][] draws the 2-2-2 network of "A network by hand" with its numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import pairwise

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Circle
from matplotlib.ticker import FuncFormatter, NullFormatter

from backprop.data import teacher_student
from backprop.nn import init_weights, sigmoid
from backprop.plot import COLORS, INK, NARROW, WIDE, new_figure, styled

__all__ = [
    "RULES",
    "TRACED",
    "delta_flow",
    "delta_nudge_figure",
    "gradient_cost_figure",
    "mazur_position",
    "network_figure",
    "rule_step",
    "shortcut_figure",
    "traced_figure",
    "update_rule_runs",
]

RULES = ("true gradient", "drop sigma'", "Rashid's rule")
"""The backward rules [`rule_step`][] knows.

``"true gradient"``: ``delta_l = e_l * s'(Z_l)``, ``dW_l = A_{l-1}^T delta_l``,
``e_{l-1} = delta_l W_l^T``. ``"drop sigma'"``: every ``s'(Z)`` replaced by 1.
``"Rashid's rule"``: each layer's own ``s'(Z_l)`` kept in its update, but the error sent back is
``e_l W_l^T`` (as in the published code of Rashid's *Make Your Own Neural Network*).
"""


@styled
def network_figure(
    sizes: Sequence[int] = (3, 5, 4, 2), narrow: bool = False, backward: bool = False
) -> Figure:
    """Draw a sigmoid network without biases, with the shape of every matrix written beside it.

    With ``backward``, the same network read from the loss back: each layer's delta under it,
    red arrows carrying each delta down to the layer below (``δ3 W3ᵀ ⊙ σ′(Z2)``), and each
    weight matrix's gradient above it, in the backward pass's colour.

    Examples
    --------
    >>> from figures.network import network_figure
    >>> fig = network_figure((3, 5, 4, 2))
    >>> len([p for p in fig.axes[0].patches])      # one circle per unit
    14
    >>> any("W2 (5, 4)" in t.get_text() for t in fig.axes[0].texts)
    True
    >>> back = network_figure((3, 5, 4, 2), backward=True)
    >>> any(t.get_text() == "dW2 = A1ᵀ δ2" for t in back.axes[0].texts)
    True
    >>> any(t.get_text() == "δ3 W3ᵀ ⊙ σ′(Z2)" for t in back.axes[0].texts)
    True
    """
    sizes = [int(s) for s in sizes]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"sizes must hold at least two positive layer widths, got {sizes}")
    extra = 0.7 if backward else 0.0  # a row of arrows under the deltas
    fig, ax = new_figure(
        figsize=(NARROW, 3.3 + 1.2 * extra) if narrow else (WIDE, 2.9 + 0.5 * extra)
    )
    fs = 11 if narrow else 9  # a phone shows the narrow figure at its own width
    back = COLORS["red"]
    ax.set_axis_off()
    ax.set_aspect("equal")
    dx, dy, r = 2.2, 0.62, 0.2
    tallest = max(sizes)
    centres = []
    for c, n in enumerate(sizes):
        top = (n - 1) * dy / 2
        centres.append([(c * dx, top - k * dy) for k in range(n)])
    for c in range(len(sizes) - 1):
        for x0, y0 in centres[c]:
            for x1, y1 in centres[c + 1]:
                ax.plot([x0 + r, x1 - r], [y0, y1], color=INK, alpha=0.18, linewidth=0.8)
        xm = (c + 0.5) * dx
        source = "X" if c == 0 else f"A{c}"
        gap = "\n" if narrow else " "  # on a phone the gradients' formulas take two lines
        top = (
            f"dW{c + 1} ={gap}{source}ᵀ δ{c + 1}"
            if backward
            else f"W{c + 1} ({sizes[c]}, {sizes[c + 1]})"
        )
        ax.text(
            xm, tallest * dy / 2 + 0.05, top, ha="center", va="bottom", fontsize=fs,
            color=back if backward else COLORS["orange"], weight="bold",
        )  # fmt: skip
    last = len(sizes) - 1
    bottom = -tallest * dy / 2 - 0.05
    for c, column in enumerate(centres):
        color = COLORS["blue"] if c == 0 else COLORS["green"] if c == last else COLORS["purple"]
        for x, y in column:
            ax.add_patch(Circle((x, y), r, fill=False, edgecolor=color, linewidth=1.5))
            if c > 0:
                ax.text(x, y, "σ", ha="center", va="center", fontsize=fs)
        if c == 0:
            label = f"X\n(N, {sizes[0]})"
        elif backward:
            label = (
                f"δ{c}\n= dL/dZ{c}\n(N, {sizes[c]})"
                if narrow
                else f"δ{c} = dL/dZ{c}\n(N, {sizes[c]})"
            )
        else:
            label = f"Z{c} → A{c}\n(N, {sizes[c]})"
        ax.text(column[0][0], bottom, label, ha="center", va="top", fontsize=fs, color=color)
    if backward:  # each delta is sent down to the layer below: delta_l W_l^T, times s'(Z_{l-1})
        y_arrow = bottom - (1.25 if narrow else 0.72)
        for c in range(last, 1, -1):
            ax.annotate(
                "", xy=((c - 1) * dx + 0.1, y_arrow), xytext=(c * dx - 0.1, y_arrow),
                arrowprops={"arrowstyle": "-|>", "color": back, "linewidth": 1.5,
                            "shrinkA": 0, "shrinkB": 0},
            )  # fmt: skip
            send = f"δ{c} W{c}ᵀ{gap}⊙ σ′(Z{c - 1})" if narrow else f"δ{c} W{c}ᵀ ⊙ σ′(Z{c - 1})"
            ax.text((c - 0.5) * dx, y_arrow - 0.1, send, ha="center", va="top", fontsize=fs,
                    color=back)  # fmt: skip
    x_out = last * dx
    loss = f"L = mean((A{last} − Y)²),  Y (N, {sizes[-1]})"
    if backward:
        loss = f"dL/dA{last} = 2(A{last} − Y) / (N·{sizes[-1]}),  ← the backward pass"
    if narrow:  # the loss on a line of its own, under the network
        y_loss = bottom - (2.25 if backward else 1.0)
        ax.text(x_out / 2, y_loss, loss.replace(",  ", "\n"), ha="center", va="top", fontsize=fs)
        ax.set_xlim(-0.6, x_out + 0.6)
        ax.set_ylim(y_loss - (0.85 if backward else 0.6), tallest * dy / 2 + 0.45)
        return fig
    ends = [(x_out + 1.25, 0), (x_out + r + 0.1, 0)]  # to the loss; backward, from it
    tip, tail = ends[::-1] if backward else ends
    ax.annotate(
        "", xy=tip, xytext=tail,
        arrowprops={"arrowstyle": "-|>", "color": back if backward else INK, "linewidth": 1.2},
    )  # fmt: skip
    ax.text(x_out + 1.35, 0, loss.replace(",  ", "\n"), va="center", fontsize=fs)
    ax.set_xlim(-0.5, x_out + 3.6)
    ax.set_ylim(-tallest * dy / 2 - 0.75 - extra, tallest * dy / 2 + 0.45)
    return fig


@styled
def delta_nudge_figure(
    loss: Callable[[np.ndarray], float],
    Z: np.ndarray,
    slopes: Sequence[float],
    layer: int = 2,
    reach: float = 2.0,
    narrow: bool = False,
) -> Figure:
    """The loss as one unit's pre-activation is nudged, one curve per unit, with its delta.

    ``loss(Z)`` is the loss as a function of the layer's pre-activations ``Z`` (one example,
    shape ``(1, n)``); curve ``k`` is ``loss(Z + t e_k)`` for ``t`` in ``[-reach, reach]``.
    ``slopes[k]``, the delta the page measured by nudging unit ``k``, is drawn as the tangent
    at ``t = 0``: near 0 the curve follows it, farther away it bends.

    Examples
    --------
    >>> import numpy as np
    >>> from figures.network import delta_nudge_figure
    >>> fig = delta_nudge_figure(lambda Z: float(np.sum(Z**2)), np.array([[1.0, -1.0]]), [2, -2])
    >>> len(fig.axes[0].lines)  # a curve and a tangent per unit, the zero nudge, the start
    6
    """
    Z = np.asarray(Z, dtype=np.float64)
    fs = 11 if narrow else 9
    fig, ax = new_figure(figsize=(NARROW, 3.6) if narrow else (WIDE, 3.0))
    t = np.linspace(-reach, reach, 201)
    base = loss(Z)
    ax.axvline(0, color=INK, linewidth=0.8, alpha=0.5)
    ax.plot([0], [base], "o", color=INK, markersize=4, zorder=3)
    hues = (COLORS["orange"], COLORS["green"], COLORS["purple"], COLORS["yellow"])
    for k, (slope, color) in enumerate(zip(slopes, hues, strict=False)):
        curve = []
        for step in t:
            nudged = Z.copy()
            nudged[0, k] += step
            curve.append(loss(nudged))
        ax.plot(t, curve, color=color, linewidth=2,
                label=f"nudge unit {k}: loss")  # fmt: skip
        near = np.abs(t) <= reach / 2
        ax.plot(t[near], base + slope * t[near], "--", color=color, linewidth=1.8,
                label=f"slope δ{layer}[{k}] = {slope:+.4f}".replace("-", "−"))  # fmt: skip
    ax.set_xlabel(f"nudge t added to Z{layer}[0, k]", fontsize=fs)
    ax.set_ylabel("loss L", fontsize=fs)
    ax.tick_params(labelsize=fs)
    fig.legend(loc="outside upper center", ncols=2, fontsize=fs, handlelength=1.8)
    return fig


def rule_step(
    Ws: Sequence[np.ndarray], X: np.ndarray, Y: np.ndarray, rule: str = "true gradient"
) -> tuple[float, list[np.ndarray]]:
    """The MSE loss of a sigmoid network without biases, and the update direction of each W.

    Parameters
    ----------
    Ws : sequence of numpy.ndarray
        The weights, ``Ws[l]`` of shape ``(n_l, n_{l+1})``.
    X, Y : numpy.ndarray
        A batch ``(N, n_in)`` and its targets ``(N, n_out)``.
    rule : str
        One of [`RULES`][].

    Examples
    --------
    >>> import numpy as np
    >>> from figures.network import rule_step
    >>> rng = np.random.default_rng(0)
    >>> Ws = [rng.standard_normal((2, 3)), rng.standard_normal((3, 1))]
    >>> X, Y = rng.standard_normal((4, 2)), rng.uniform(size=(4, 1))
    >>> L, grads = rule_step(Ws, X, Y)
    >>> [g.shape for g in grads]
    [(2, 3), (3, 1)]
    >>> rule_step(Ws, X, Y, rule="sign")
    Traceback (most recent call last):
    ...
    ValueError: rule must be one of 'true gradient', "drop sigma'", "Rashid's rule"; got 'sign'
    """
    if rule not in RULES:
        raise ValueError(f"rule must be one of {', '.join(map(repr, RULES))}; got {rule!r}")
    A = [np.asarray(X, dtype=np.float64)]
    for W in Ws:
        A.append(sigmoid(A[-1] @ W))
    L = float(np.mean((A[-1] - Y) ** 2))
    e = (A[-1] - Y) * (2 / np.size(Y))
    grads: list[np.ndarray] = [np.empty(0)] * len(Ws)
    for k in range(len(Ws), 0, -1):
        s_prime = A[k] * (1 - A[k])
        if rule == "true gradient":
            delta = e * s_prime
            grads[k - 1] = A[k - 1].T @ delta
            e = delta @ Ws[k - 1].T
        elif rule == "drop sigma'":
            grads[k - 1] = A[k - 1].T @ e
            e = e @ Ws[k - 1].T
        else:
            grads[k - 1] = A[k - 1].T @ (e * s_prime)
            e = e @ Ws[k - 1].T
    return L, grads


def _cosine(a: Sequence[np.ndarray], b: Sequence[np.ndarray]) -> float:
    u = np.concatenate([x.ravel() for x in a])
    v = np.concatenate([x.ravel() for x in b])
    return float(u @ v / (np.linalg.norm(u) * np.linalg.norm(v)))


@lru_cache(maxsize=4)  # the wide and the phone figure share one set of runs
def update_rule_runs(
    runs: Sequence[tuple[str, float]] = (
        ("true gradient", 1.0),
        ("true gradient", 4.0),
        ("drop sigma'", 1.0),
        ("Rashid's rule", 1.0),
    ),
    sizes: Sequence[int] = (3, 5, 4, 2),
    epochs: int = 3000,
    seed: int = 1,
    data_seed: int = 0,
    n: int = 200,
) -> dict[tuple[str, float], dict[str, np.ndarray]]:
    """Train one network from one start with each ``(rule, lr)``; record loss and cosine.

    The data come from a teacher network ([`backprop.data.teacher_student`][], sizes
    ``(sizes[0], 6, sizes[-1])``); every run starts from the same Xavier weights drawn with
    ``seed`` and takes ``epochs`` full-batch steps ``W -= lr * step``. At every step it records
    the loss and the cosine between the rule's step and the true gradient (1: the same
    direction, 0: at right angles, negative: uphill).

    Returns
    -------
    dict
        ``(rule, lr) -> {"loss": array (epochs,), "cosine": array (epochs,)}``.

    Examples
    --------
    >>> from figures.network import update_rule_runs
    >>> out = update_rule_runs(epochs=300)
    >>> round(float(out[("drop sigma'", 1.0)]["cosine"][0]), 3)
    0.776
    >>> bool(out[("true gradient", 1.0)]["loss"][-1] < out[("true gradient", 1.0)]["loss"][0])
    True
    """
    sizes = [int(s) for s in sizes]
    X, Y, _ = teacher_student(n, teacher_sizes=(sizes[0], 6, sizes[-1]), rng=data_seed)
    out = {}
    for rule, lr in runs:
        rng = np.random.default_rng(seed)
        Ws = [init_weights(a, b, "xavier", rng) for a, b in pairwise(sizes)]
        losses, cosines = np.empty(epochs), np.empty(epochs)
        for k in range(epochs):
            L, step = rule_step(Ws, X, Y, rule)
            true = step if rule == "true gradient" else rule_step(Ws, X, Y)[1]
            losses[k], cosines[k] = L, _cosine(step, true)
            Ws = [W - lr * d for W, d in zip(Ws, step, strict=True)]
        out[(rule, lr)] = {"loss": losses, "cosine": cosines}
    return out


def _plain_log_ticks(ax, axis: str = "both") -> None:
    """Label a log axis 1, 10, 100 and 1e-3, 1e-4: no superscripts, which shrink on a phone."""

    def label(v: float, _pos: object) -> str:
        if v <= 0:
            return ""
        e = round(float(np.log10(v)))
        if not np.isclose(v, 10.0**e):
            return ""
        return f"{10**e:g}" if 0 <= e <= 3 else f"1e{e}"

    for which in ("x", "y") if axis == "both" else (axis,):
        target = ax.xaxis if which == "x" else ax.yaxis
        target.set_major_formatter(FuncFormatter(label))
        target.set_minor_formatter(NullFormatter())


@styled
def shortcut_figure(
    epochs: int = 3000,
    narrow: bool = False,
    runs: dict[tuple[str, float], dict[str, np.ndarray]] | None = None,
) -> Figure:
    """Loss curves and cosines of the true gradient and the two sigma'-dropping shortcuts.

    ``runs`` are records in the form [`update_rule_runs`][] returns (the page passes the runs
    its own code made, so they are trained once); by default that function makes them. One
    legend above both panels names each run; the cosine panel's range follows its data.

    Examples
    --------
    >>> from figures.network import shortcut_figure
    >>> fig = shortcut_figure(epochs=50)
    >>> fig.axes[0].get_yscale(), len(fig.axes)
    ('log', 2)
    """
    runs = update_rule_runs(epochs=epochs) if runs is None else runs
    epochs = len(next(iter(runs.values()))["loss"])
    # three hues far apart, on light and dark pages alike
    colors = dict(zip(RULES, (COLORS["blue"], COLORS["red"], COLORS["purple"]), strict=True))
    names = dict(zip(RULES, ("true gradient", "drop σ′", "Rashid's rule"), strict=True))
    fs = 11 if narrow else 9  # the phone layout is shown at about 0.7 of its size
    if narrow:  # the loss above, the cosines below
        fig, (left, right) = new_figure(nrows=2, figsize=(NARROW, 7.0))
    else:
        fig, (left, right) = new_figure(ncols=2, figsize=(WIDE, 3.4))
    steps = np.arange(1, epochs + 1)
    seen: set[str] = set()
    lowest = 0.0
    for (rule, lr), rec in runs.items():
        color, ls = colors[rule], "--" if rule in seen else "-"  # a second rate is dashed
        seen.add(rule)
        label = f"{names[rule]}, lr {f'1/{round(1 / lr)}' if lr < 1 else f'{lr:g}'}"
        left.plot(steps, rec["loss"], color=color, linestyle=ls, linewidth=1.6, label=label)
        if rule != "true gradient":
            right.plot(steps, rec["cosine"], color=color, linestyle=ls, linewidth=1.6)
            lowest = min(lowest, float(np.min(rec["cosine"])))
    left.set_yscale("log")
    for ax in (left, right):
        ax.set_xscale("log")
        ax.set_xlabel("step", fontsize=fs)
        ax.tick_params(labelsize=fs)
    _plain_log_ticks(left)
    _plain_log_ticks(right, "x")
    left.set_ylabel("training loss (MSE)", fontsize=fs)
    right.axhline(0, color=INK, linewidth=0.8, alpha=0.6)
    right.axhline(1, color=COLORS["blue"], linewidth=1.2, linestyle=":")
    right.text(
        1.2, 0.97, "true gradient: 1 (same direction)", color=COLORS["blue"], fontsize=fs,
        va="top",
    )  # fmt: skip
    right.text(1.2, -0.02, "below 0: uphill", color=INK, fontsize=fs, va="top", alpha=0.8)
    right.set_ylim(min(lowest, 0) - 0.2, 1.05)
    right.set_ylabel("cosine with the true gradient", fontsize=fs)
    fig.legend(
        loc="outside upper center", ncols=1 if narrow else 3, fontsize=fs,
        handlelength=1.6 if narrow else 2.0, columnspacing=1.2,
    )  # fmt: skip
    return fig


# The traced 2-2-2 network of "A network by hand" (the weights of Matt Mazur's worked example).
TRACED = {
    "X": [[0.05, 0.10]],
    "Y": [[0.01, 0.99]],
    "W1": [[0.15, 0.25], [0.20, 0.30]],
    "b1": [0.35, 0.35],
    "W2": [[0.40, 0.50], [0.45, 0.55]],
    "b2": [0.60, 0.60],
}


def mazur_position(n: int) -> tuple[int, int, int]:
    """Where Mazur's weight ``w_n`` sits in the traced network: ``W_layer[j, k]`` as a tuple.

    The article numbers its eight weights unit by unit: the two weights into ``h1``, then those
    into ``h2``, ``o1`` and ``o2``. Column ``k`` of ``W_layer`` holds the weights into unit
    ``k``, so the numbers run down the columns.

    Examples
    --------
    >>> from figures.network import TRACED, mazur_position
    >>> mazur_position(2)  # w2: input i2 -> hidden h1
    (1, 1, 0)
    >>> layer, j, k = mazur_position(7)  # w7: hidden h1 -> output o2, 0.50 in the article
    >>> TRACED[f"W{layer}"][j][k]
    0.5
    >>> mazur_position(9)
    Traceback (most recent call last):
    ...
    ValueError: n must be an integer from 1 to 8, got 9
    """
    if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= 8:
        raise ValueError(f"n must be an integer from 1 to 8, got {n!r}")
    layer, m = 1 + (n - 1) // 4, (n - 1) % 4
    return layer, m % 2, m // 2


def delta_flow() -> dict[str, np.ndarray]:
    """The traced network's activations and deltas, one row each (X, A1, A2, delta1, delta2),
    and its loss L = 1/2 sum (A2 - Y)^2.

    Examples
    --------
    >>> from figures.network import delta_flow
    >>> round(float(delta_flow()["delta2"][0]), 6)
    0.138499
    >>> round(delta_flow()["L"], 9)
    0.298371109
    """
    t = {k: np.array(v, dtype=float) for k, v in TRACED.items()}
    A1 = sigmoid(t["X"] @ t["W1"] + t["b1"])
    A2 = sigmoid(A1 @ t["W2"] + t["b2"])
    D2 = (A2 - t["Y"]) * A2 * (1 - A2)  # MSELoss over 2 outputs: dL/dA2 = A2 - Y
    D1 = (D2 @ t["W2"].T) * A1 * (1 - A1)
    L = 0.5 * float(np.sum((A2 - t["Y"]) ** 2))
    return {"X": t["X"][0], "A1": A1[0], "A2": A2[0], "delta1": D1[0], "delta2": D2[0], "L": L}


@styled  # the legend and labels take the page's ink
def gradient_cost_figure(rows: list[dict], big: dict | None = None, narrow: bool = False) -> Figure:
    """Plot the time of a finite-difference gradient and of backprop against ``P``.

    ``rows`` holds one dict per network size with its parameter count ``P`` and the seconds of
    the finite-difference gradient (``numeric``), of a ``forward`` and of a ``backward`` pass.
    ``big``, a network too large for finite differences, holds ``P``, ``forward`` and
    ``backward``: its backprop time is plotted as measured, and its finite-difference time as
    the estimate ``2 P`` forward passes, with an open marker on a dotted line.

    Examples
    --------
    >>> from figures.network import gradient_cost_figure
    >>> rows = [{"P": 31, "numeric": 1e-3, "forward": 1e-5, "backward": 2e-5}]
    >>> fig = gradient_cost_figure(rows)
    >>> len(fig.axes[0].lines)
    2
    >>> big = {"P": 10**6, "forward": 1e-2, "backward": 2e-2}
    >>> len(gradient_cost_figure(rows, big=big).axes[0].lines)  # and 2 dotted, 1 open marker
    5
    """
    fs = 11 if narrow else 9
    fig, ax = new_figure(figsize=(NARROW, 4.2) if narrow else (WIDE, 3.3))
    P = [row["P"] for row in rows]
    red, blue = COLORS["red"], COLORS["blue"]
    ax.loglog(P, [row["numeric"] for row in rows], "o-", color=red,
              label="finite differences, timed (2P forward passes)")  # fmt: skip
    backprop = [row["forward"] + row["backward"] for row in rows]
    ax.loglog(P, backprop, "s-", color=blue,
              label="backprop, timed (1 forward + 1 backward)")  # fmt: skip
    if big is not None:
        estimate = 2 * big["P"] * big["forward"]
        ax.loglog([P[-1], big["P"]], [rows[-1]["numeric"], estimate], ":", color=red)
        ax.loglog([big["P"]], [estimate], "o", color=red, markerfacecolor="none",
                  label="finite differences, 2P × the timed forward pass")  # fmt: skip
        ax.loglog([P[-1], big["P"]], [backprop[-1], big["forward"] + big["backward"]], "s:",
                  color=blue)  # fmt: skip
    ax.set_xlabel("parameters P", fontsize=fs)
    ax.set_ylabel("seconds per gradient", fontsize=fs)
    ax.tick_params(labelsize=fs)
    _plain_log_ticks(ax)
    # above the axes, where no data point can sit under it
    fig.legend(loc="outside upper left", fontsize=fs, handlelength=2.2)
    return fig


@styled  # its labels take the page's ink (unstyled text is black, unreadable in dark mode)
def traced_figure(narrow: bool = False, backward: bool = False) -> Figure:
    """Draw the traced 2-2-2 network with its numbers: weights and biases, or the backward pass.

    Forward: each edge carries Mazur's name of its weight and the weight's value, each unit its
    activation and its bias. With ``backward``, each edge carries its weight's gradient, each unit
    its delta, the loss sends ``dL/dA2`` into the outputs, and orange arrows run the deltas back
    to the hidden units (none into the inputs: training needs no ``dL/dX``).

    Examples
    --------
    >>> from figures.network import traced_figure
    >>> fig = traced_figure()
    >>> len(fig.axes[0].patches)  # one circle per unit
    6
    >>> any(t.get_text() == "w5 = 0.40" for t in fig.axes[0].texts)
    True
    >>> back = traced_figure(backward=True)
    >>> any(t.get_text() == "δ = 0.1385" for t in back.axes[0].texts)
    True
    """
    flow = delta_flow()
    W = [np.array(TRACED["W1"]), np.array(TRACED["W2"])]
    b = [TRACED["b1"], TRACED["b2"]]
    dW = [np.outer(flow["X"], flow["delta1"]), np.outer(flow["A1"], flow["delta2"])]
    fs = 10 if narrow else 9  # a phone shows the narrow figure at 343 px: 10 pt is 10 px
    dx, r = 3.0, 0.3
    xs, ys = (0.0, dx, 2 * dx), (1.0, -1.0)
    x_loss = xs[2] + (1.2 if narrow else 2.2)
    fig, ax = new_figure(figsize=(NARROW, 3.4) if narrow else (WIDE, 3.0))
    ax.set_axis_off()
    ax.set_aspect("equal")
    back, grey = COLORS["orange"], COLORS["grey"]
    for layer in (1, 2):  # the edges, each with its weight (or gradient)
        x0, x1 = xs[layer - 1] + r, xs[layer] - r
        for j, y0 in enumerate(ys):
            for k, y1 in enumerate(ys):
                if backward and layer == 2:  # the deltas' way back, output to hidden
                    ax.annotate(
                        "", xy=(x0, y0), xytext=(x1, y1),
                        arrowprops={"arrowstyle": "-|>", "color": back, "linewidth": 1.2,
                                    "shrinkA": 0, "shrinkB": 0},
                    )  # fmt: skip
                else:
                    ax.plot([x0, x1], [y0, y1], color=grey, linewidth=1.0)
                n = next(n for n in range(1, 9) if mazur_position(n) == (layer, j, k))
                t = 0.5 if j == k else 0.3  # crossing edges: near their start
                px, py = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
                angle = np.degrees(np.arctan2(y1 - y0, x1 - x0))
                side = 1 if py > 0 else -1  # above the line in the top half, below it under
                nx, ny = -np.sin(np.radians(angle)), np.cos(np.radians(angle))
                label = (
                    f"{dW[layer - 1][j, k]:.3g}"
                    if backward
                    else (f"w{n} = {W[layer - 1][j, k]:.2f}")
                )
                ax.text(
                    px + side * 0.13 * nx, py + side * 0.13 * ny, label, fontsize=fs,
                    rotation=angle, rotation_mode="anchor", ha="center",
                    va="bottom" if side > 0 else "top",
                    color=back if backward else INK,
                )  # fmt: skip
    names = (("i1", "i2"), ("h1", "h2"), ("o1", "o2"))
    colors = (COLORS["blue"], COLORS["purple"], COLORS["green"])
    for c, x in enumerate(xs):
        for k, y in enumerate(ys):
            ax.add_patch(Circle((x, y), r, fill=False, edgecolor=colors[c], linewidth=1.5))
            ax.text(x, y, names[c][k], ha="center", va="center", fontsize=fs, color=colors[c])
            if c == 0:
                lines = [f"x{k} = {flow['X'][k]:.2f}"]
            elif backward:
                lines = [f"δ = {flow[f'delta{c}'][k]:.{4 if c == 2 else 5}f}"]
            else:
                lines = [f"A{c}[{k}] = {flow[f'A{c}'][k]:.4f}", f"bias {b[c - 1][k]:.2f}"]
            up = k == 0
            ax.text(
                x, y + (r + 0.08) * (1 if up else -1), "\n".join(lines),
                ha="center", va="bottom" if up else "top", fontsize=fs,
                color=back if backward and c else INK,
                weight="bold" if backward and c else "normal",
            )  # fmt: skip
    # the loss, fed by both outputs; backward, it sends dL/dA2 into them
    error = flow["A2"] - np.array(TRACED["Y"][0])
    for k, y in enumerate(ys):
        start, end = (xs[2] + r, y), (x_loss - 0.1, 0.0)
        if backward:
            ax.annotate(
                "", xy=start, xytext=end,
                arrowprops={"arrowstyle": "-|>", "color": back, "linewidth": 1.2,
                            "shrinkA": 0, "shrinkB": 0},
            )  # fmt: skip
            ax.text(
                (start[0] + end[0]) / 2 + 0.1, y / 2 + 0.12 * np.sign(y),
                f"{error[k]:+.4f}", fontsize=fs, color=back,
                ha="left", va="bottom" if y > 0 else "top",
            )  # fmt: skip
        else:
            ax.plot([start[0], end[0]], [start[1], end[1]], color=grey, linewidth=1.0)
    loss = f"L = {flow['L']:.4f}"
    if backward:
        loss += ",  dL/dA2 = A2 − Y"
    if narrow:  # the loss named at its node, its numbers on a line under the network
        ax.text(x_loss + 0.08, 0, "L", ha="left", va="center", fontsize=fs)
        ax.text(x_loss, -2.1, loss, ha="right", va="top", fontsize=fs)
        ax.set_xlim(-0.75, x_loss + 0.45)
        ax.set_ylim(-2.55, 1.95)
        return fig
    ax.text(x_loss + 0.08, 0, loss.replace(",  ", "\n\n").replace(" = A2", "\n= A2"),
            ha="left", va="center", fontsize=fs)  # fmt: skip
    ax.set_xlim(-0.75, x_loss + 1.3)
    ax.set_ylim(-1.95, 1.95)
    return fig
