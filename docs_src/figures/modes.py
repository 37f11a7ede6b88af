"""The figure of the Forward and reverse mode page.

[`modes_figure`][] draws the page's function, ``h = x W``, ``a = tanh(h)``, ``L = sum(a)``, as a
graph, once per forward-mode pass and once for the single reverse-mode pass. Every node shows
the number the pass gives it: its tangent in a forward pass, its adjoint in the reverse pass.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from backprop.plot import COLORS, INK, NARROW, WIDE, new_figure, styled

__all__ = ["modes_figure"]

_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_BOX_W, _BOX_H = 1.0, 0.84  # a node's box, in data units
_STEP_X, _STEP_Y = 1.55, 1.08  # between the centres of neighbouring columns and rows


def _name(kind: str, i: int) -> str:
    return "L" if kind == "L" else f"{kind}{i + 1}".translate(_SUB)


def _positions(n: int, m: int) -> dict[str, tuple[float, float]]:
    """Node centres: inputs, pre-activations, activations, loss, left to right."""
    spots = {}
    for column, (kind, count) in enumerate((("x", n), ("h", m), ("a", m), ("L", 1))):
        for i in range(count):
            spots[_name(kind, i)] = (_STEP_X * column, _STEP_Y * ((count - 1) / 2 - i))
    return spots


def _edges(n: int, m: int) -> list[tuple[str, str]]:
    x = [_name("x", i) for i in range(n)]
    h = [_name("h", j) for j in range(m)]
    a = [_name("a", j) for j in range(m)]
    return [(u, v) for u in x for v in h] + list(zip(h, a, strict=True)) + [(v, "L") for v in a]


def _numbers(x: np.ndarray, W: np.ndarray, active: int | None) -> dict[str, float]:
    """What each node holds after the pass: its tangent in forward pass ``active`` (0-based),
    or its adjoint in the reverse pass when ``active`` is None."""
    n, m = W.shape
    slope = 1 - np.tanh(x @ W) ** 2  # da/dh, elementwise
    if active is None:
        a_bar = np.ones(m)
        h_bar = a_bar * slope
        x_bar = h_bar @ W.T
        nodes = {"L": 1.0}
        columns = (("x", x_bar), ("h", h_bar), ("a", a_bar))
    else:
        x_dot = np.eye(n)[active]
        h_dot = x_dot @ W
        a_dot = slope * h_dot
        nodes = {"L": float(a_dot.sum())}
        columns = (("x", x_dot), ("h", h_dot), ("a", a_dot))
    for kind, values in columns:
        nodes.update({_name(kind, i): float(v) for i, v in enumerate(values)})
    return nodes


def _number(v: float) -> str:
    """Two decimals, a true minus sign, and no "-0.00"."""
    text = f"{v:.2f}"
    if text == "-0.00":
        text = "0.00"
    return "1" if v == 1 else "0" if v == 0 else text.replace("-", "−")


def _draw(ax: Axes, x: np.ndarray, W: np.ndarray, active: int | None, size: float) -> None:
    """One panel: forward-mode pass ``active`` (0-based), or the reverse pass when None.

    ``size`` is the font size of the labels, in points. Each node is a box with its name and,
    below it in the pass's colour, the number the pass leaves there (its ``gid`` is the node's
    name, for the tests).
    """
    n, m = W.shape
    spots = _positions(n, m)
    color = COLORS["blue"] if active is not None else COLORS["orange"]
    half = _BOX_W / 2
    for u, v in _edges(n, m):
        (x0, y0), (x1, y1) = spots[u], spots[v]
        # every edge does work in every pass: a forward pass carries a tangent along all of
        # them, zeros included, so none is drawn idle
        start, end = (x0 + half, y0), (x1 - half, y1)
        if active is None:
            start, end = end, start
        ax.annotate(
            "", xy=end, xytext=start,
            arrowprops={"arrowstyle": "-|>", "color": color, "linewidth": 1.3,
                        "shrinkA": 1, "shrinkB": 1, "mutation_scale": 11},
        )  # fmt: skip
    numbers = _numbers(x, W, active)
    for name, (cx, cy) in spots.items():
        ax.add_patch(
            FancyBboxPatch(
                (cx - half, cy - _BOX_H / 2), _BOX_W, _BOX_H,
                boxstyle="round,pad=0,rounding_size=0.12",
                fill=False, linewidth=1.3, edgecolor=INK,
            )
        )  # fmt: skip
        ax.text(cx, cy + 0.05, name, ha="center", va="bottom", fontsize=size, color=INK)
        ax.text(
            cx, cy - 0.02, _number(numbers[name]), ha="center", va="top",
            fontsize=size, color=color, gid=name,
        )  # fmt: skip
    if active is None:
        title = "reverse pass: adjoints v̄"
    else:
        title = f"forward pass {active + 1} of {n}: tangents v̇"
    ax.set_title(title, fontsize=size + 1, color=color, pad=4)
    ax.set_xlim(-half - 0.08, 3 * _STEP_X + half + 0.08)
    top = _STEP_Y * (max(n, m) - 1) / 2 + _BOX_H / 2
    ax.set_ylim(-top - 0.06, top + 0.06)
    ax.set_aspect("equal")
    ax.set_axis_off()


@styled
def modes_figure(
    x: Sequence[float] = (1.0, -0.5, 2.0),
    W: Sequence[Sequence[float]] = ((0.5, -0.3), (0.2, 0.4), (-0.1, 0.6)),
    narrow: bool = False,
) -> Figure:
    """Draw the forward-mode passes and the one reverse-mode pass over the page's function.

    ``L = sum(tanh(x W))`` with ``n = len(x)`` inputs and ``m`` columns of ``W``. Each forward
    pass seeds one input with the tangent 1 (the others 0), carries tangents to the right along
    every edge (zeros too: every operation does its work in every pass) and ends with one entry
    of the gradient at ``L``. The reverse pass starts at ``L`` with the adjoint 1, runs every
    edge backwards once, and ends with the whole gradient at the inputs. Each node shows its
    name and the number the pass leaves there, to two decimals. On a desktop the panels sit two
    by two; on a phone (``narrow=True``) one above the other.

    Parameters
    ----------
    x : sequence of float
        The input, 2 to 4 numbers.
    W : sequence of sequences of float
        The weights, shape ``(n, m)`` with ``m`` from 1 to 3.
    narrow : bool
        Draw the phone layout.

    Examples
    --------
    >>> from figures.modes import modes_figure
    >>> fig = modes_figure()
    >>> [ax.get_title() for ax in fig.axes]  # doctest: +NORMALIZE_WHITESPACE
    ['forward pass 1 of 3: tangents v̇', 'forward pass 2 of 3: tangents v̇',
     'forward pass 3 of 3: tangents v̇', 'reverse pass: adjoints v̄']
    >>> modes_figure(x=[1.0] * 5, W=[[1.0]] * 5)
    Traceback (most recent call last):
    ...
    ValueError: x must hold 2 to 4 numbers, got 5
    """
    x, W = np.asarray(x, dtype=float), np.asarray(W, dtype=float)
    if x.ndim != 1 or not 2 <= x.size <= 4:
        raise ValueError(f"x must hold 2 to 4 numbers, got {x.size}")
    if W.ndim != 2 or W.shape[0] != x.size or not 1 <= W.shape[1] <= 3:
        raise ValueError(f"W must have shape (len(x), 1 to 3), got {W.shape}")
    n, m = W.shape
    panels = n + 1
    # a phone shows the narrow figure at 0.76 of its size: 12.5 pt is 12.7 px there; a desktop
    # shows the wide one at full size, where 12 pt is 16 px
    size = 12.5 if narrow else 12
    cols = 1 if narrow else 2
    rows = (panels + cols - 1) // cols
    # inches per data unit: a desktop panel's width sets it (two panels a row), a phone's is
    # chosen to keep the four panels' height in bounds; then room for the title
    scale = 0.58 if narrow else 0.55
    per_panel = scale * (_STEP_Y * (max(n, m) - 1) + _BOX_H + 0.12) + 0.4
    width, height = (NARROW, per_panel * rows) if narrow else (WIDE, per_panel * rows)
    fig, grid = new_figure(nrows=rows, ncols=cols, figsize=(width, height), squeeze=False)
    axes = list(grid.ravel())
    for extra in axes[panels:]:  # an odd number of panels leaves one cell empty
        fig.delaxes(extra)
    for i in range(n):
        _draw(axes[i], x, W, active=i, size=size)
    _draw(axes[n], x, W, active=None, size=size)
    return fig
