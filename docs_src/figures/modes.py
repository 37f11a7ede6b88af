"""The figure of the Forward and reverse mode page.

[`modes_figure`][] draws the page's function, ``h = x W``, ``a = tanh(h)``, ``L = sum(a)``, as a
graph, once per forward-mode pass and once for the single reverse-mode pass, with the gradient
each pass ends with at the page's point.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle

from backprop.plot import COLORS, INK, NARROW, WIDE, new_figure, styled

__all__ = ["modes_figure"]

_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_R = 0.36  # node radius, in data units


def _positions(n: int, m: int) -> dict[str, tuple[float, float]]:
    """Node centres: inputs, pre-activations, activations, loss, left to right."""
    spots = {}
    for column, (name, count) in enumerate((("x", n), ("h", m), ("a", m), ("L", 1))):
        for i in range(count):
            label = "L" if name == "L" else f"{name}{i + 1}".translate(_SUB)
            spots[label] = (1.45 * column, (count - 1) / 2 - i)
    return spots


def _edges(n: int, m: int) -> list[tuple[str, str]]:
    x = [f"x{i + 1}".translate(_SUB) for i in range(n)]
    h = [f"h{j + 1}".translate(_SUB) for j in range(m)]
    a = [f"a{j + 1}".translate(_SUB) for j in range(m)]
    return [(u, v) for u in x for v in h] + list(zip(h, a, strict=True)) + [(v, "L") for v in a]


def _gradient(x: np.ndarray, W: np.ndarray) -> np.ndarray:
    """``dL/dx`` of ``L = sum(tanh(x W))``: the numbers both kinds of pass end with."""
    a = np.tanh(x @ W)
    return (1 - a**2) @ W.T


def _draw(ax: Axes, n: int, m: int, active: int | None, size: float, grad: np.ndarray) -> None:
    """One panel: forward-mode pass ``active`` (0-based), or the reverse pass when None.

    ``size`` is the font size of the labels, in points; the titles are one point larger.
    ``grad`` holds the gradient the panel's pass ends with, printed to two decimals.
    """
    spots, color = _positions(n, m), COLORS["blue"] if active is not None else COLORS["orange"]
    for u, v in _edges(n, m):
        (x0, y0), (x1, y1) = spots[u], spots[v]
        # every edge does work in every pass: a forward pass carries a tangent along all of
        # them, zeros included, so none is drawn idle
        start, end = ((x0, y0), (x1, y1)) if active is not None else ((x1, y1), (x0, y0))
        ax.annotate(
            "", xy=end, xytext=start,
            arrowprops={"arrowstyle": "-|>", "color": color, "linewidth": 1.3,
                        "shrinkA": 11, "shrinkB": 11, "mutation_scale": 10},
        )  # fmt: skip
    for name, (x, y) in spots.items():
        ax.add_patch(Circle((x, y), _R, fill=False, linewidth=1.3, edgecolor=INK))
        ax.text(x, y, name, ha="center", va="center", fontsize=size, color=INK)
    x_in, x_out = spots["x₁"][0], spots["L"][0]
    below = -(m - 1) / 2 - _R - 0.12  # under the lowest a, clear of its circle
    if active is None:
        ax.set_title("reverse: 1 pass back", fontsize=size + 1, color=COLORS["orange"])
        ax.text(x_out + 0.4, below, "L̄ = 1", ha="right", va="top", fontsize=size, color=color)
        for i in range(n):  # the adjoints arriving at the inputs: the whole gradient
            y = spots[f"x{i + 1}".translate(_SUB)][1]
            label = f"x̄{i + 1}".translate(_SUB) + f" = {grad[i]:.2f}"
            ax.text(x_in - _R - 0.1, y, label, ha="right", va="center", fontsize=size, color=color)
    else:
        ax.set_title(f"forward: pass {active + 1} of {n}", fontsize=size + 1, color=color)
        for i in range(n):  # the seed: x_dot = e_i
            y = spots[f"x{i + 1}".translate(_SUB)][1]
            label = f"ẋ{i + 1}".translate(_SUB) + f" = {1 if i == active else 0}"
            ax.text(x_in - _R - 0.1, y, label, ha="right", va="center", fontsize=size, color=color)
        # what L-dot comes out as
        label = f"∂L/∂x{active + 1}".translate(_SUB) + f" = {grad[active]:.2f}"
        ax.text(x_out + 0.4, below, label, ha="right", va="top", fontsize=size, color=color)
    ax.set_xlim(x_in - 2.1, x_out + 0.5)
    ax.set_ylim(min(-(n - 1) / 2 - 0.45, below - 0.5), (n - 1) / 2 + 0.45)
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
    of the gradient at ``L``. The reverse pass starts at ``L`` with 1, runs every edge
    backwards once, and ends with the whole gradient at the inputs. On a desktop the panels sit
    two by two; on a phone (``narrow=True``) one above the other, with larger text.

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
    ['forward: pass 1 of 3', 'forward: pass 2 of 3', 'forward: pass 3 of 3',
     'reverse: 1 pass back']
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
    grad = _gradient(x, W)
    panels = n + 1
    size = 12 if narrow else 11  # a phone shows the figure at 0.76 of its size: 12 pt is 12 px
    cols = 1 if narrow else 2
    rows = (panels + cols - 1) // cols
    width, height = (NARROW, 1.65 * rows) if narrow else (WIDE, 1.95 * rows)
    fig, grid = new_figure(nrows=rows, ncols=cols, figsize=(width, height), squeeze=False)
    axes = list(grid.ravel())
    for extra in axes[panels:]:  # an odd number of panels leaves one cell empty
        fig.delaxes(extra)
    for i in range(n):
        _draw(axes[i], n, m, active=i, size=size, grad=grad)
    _draw(axes[n], n, m, active=None, size=size, grad=grad)
    return fig
