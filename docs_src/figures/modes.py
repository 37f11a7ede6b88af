"""The figure of the Forward and reverse mode page.

[`modes_figure`][] draws the page's function, ``h = x W``, ``a = tanh(h)``, ``L = sum(a)``, as a
graph, once per forward-mode pass and once for the single reverse-mode pass.
"""

from __future__ import annotations

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


def _draw(ax: Axes, n: int, m: int, active: int | None, size: float) -> None:
    """One panel: forward-mode pass ``active`` (0-based), or the reverse pass when None.

    ``size`` is the font size of the labels, in points; the titles are one point larger.
    """
    spots, color = _positions(n, m), COLORS["blue"] if active is not None else COLORS["orange"]
    seed = None if active is None else f"x{active + 1}".translate(_SUB)
    for u, v in _edges(n, m):
        (x0, y0), (x1, y1) = spots[u], spots[v]
        # in a forward pass only the edges out of the seeded input carry a non-zero tangent
        live = active is None or not u.startswith("x") or u == seed
        start, end = ((x0, y0), (x1, y1)) if active is not None else ((x1, y1), (x0, y0))
        ax.annotate(
            "", xy=end, xytext=start,
            arrowprops={"arrowstyle": "-|>", "color": color if live else COLORS["grey"],
                        "alpha": 1.0 if live else 0.35, "linewidth": 1.3 if live else 0.8,
                        "shrinkA": 10, "shrinkB": 10, "mutation_scale": 9},
        )  # fmt: skip
    for name, (x, y) in spots.items():
        dim = active is not None and name.startswith("x") and name != seed
        ax.add_patch(Circle((x, y), _R, fill=False, linewidth=1.3,
                            edgecolor=COLORS["grey"] if dim else INK))  # fmt: skip
        ax.text(x, y, name, ha="center", va="center", fontsize=size,
                color=COLORS["grey"] if dim else INK)  # fmt: skip
    x_in, x_out = spots["x₁"][0], spots["L"][0]
    if active is None:
        ax.set_title("reverse: 1 pass back", fontsize=size + 1, color=COLORS["orange"])
        ax.text(x_out + 0.5, -0.5, "L̄ = 1", ha="right", va="top", fontsize=size, color=color)
        for i in range(n):  # the adjoints arriving at the inputs: the whole gradient
            y = spots[f"x{i + 1}".translate(_SUB)][1]
            label = f"x̄{i + 1}".translate(_SUB)
            ax.text(x_in - _R - 0.1, y, label, ha="right", va="center", fontsize=size, color=color)
    else:
        ax.set_title(f"forward: pass {active + 1} of {n}", fontsize=size + 1, color=color)
        for i in range(n):
            y = spots[f"x{i + 1}".translate(_SUB)][1]
            tangent = "1" if i == active else "0"  # the seed: x_dot = e_i
            ax.text(x_in - _R - 0.1, y, tangent, ha="right", va="center", fontsize=size,
                    color=color if i == active else COLORS["grey"])  # fmt: skip
        label = f"∂L/∂x{active + 1}".translate(_SUB)  # what L-dot comes out as
        ax.text(x_out + 0.5, -0.5, label, ha="right", va="top", fontsize=size, color=color)
    ax.set_xlim(x_in - 1.0, x_out + 0.7)
    ax.set_ylim(-(n - 1) / 2 - 0.55, (n - 1) / 2 + 0.45)
    ax.set_aspect("equal")
    ax.set_axis_off()


@styled
def modes_figure(n: int = 3, m: int = 2, narrow: bool = False) -> Figure:
    """Draw ``n`` forward-mode passes and the one reverse-mode pass over the page's function.

    Each forward pass seeds one input with the tangent 1 (the others 0), carries it to the
    right along every edge it reaches, and ends with one entry of the gradient at ``L``. The
    reverse pass starts at ``L`` with 1, runs every edge backwards once, and ends with the whole
    gradient at the inputs. On a desktop the forward passes sit in a row above the reverse
    pass; on a phone (``narrow=True``) the panels sit two by two.

    Parameters
    ----------
    n : int
        The number of inputs (and so of forward passes), 2 to 4.
    m : int
        The width of the layer, 1 to 3.
    narrow : bool
        Draw the phone layout.

    Examples
    --------
    >>> from figures.modes import modes_figure
    >>> fig = modes_figure(n=3)
    >>> [ax.get_title() for ax in fig.axes]  # doctest: +NORMALIZE_WHITESPACE
    ['forward: pass 1 of 3', 'forward: pass 2 of 3', 'forward: pass 3 of 3',
     'reverse: 1 pass back']
    >>> modes_figure(n=5)
    Traceback (most recent call last):
    ...
    ValueError: n must be an integer from 2 to 4, got 5
    """
    for name, value, low, high in (("n", n, 2, 4), ("m", m, 1, 3)):
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise ValueError(f"{name} must be an integer from {low} to {high}, got {value!r}")
    panels = n + 1
    size = 11 if narrow else 9  # a phone shows the figure at 0.76 of its size: 11 pt is 11 px
    if narrow:
        rows = (panels + 1) // 2
        fig, grid = new_figure(nrows=rows, ncols=2, figsize=(NARROW, 1.6 * rows), squeeze=False)
        axes = list(grid.ravel())
        for extra in axes[panels:]:  # an odd number of panels leaves one cell empty
            fig.delaxes(extra)
    else:
        fig = new_figure(figsize=(WIDE, 3.5))[0]
        fig.delaxes(fig.axes[0])
        spec = fig.add_gridspec(2, 2 * n)  # the forward passes in a row, the reverse one below
        axes = [fig.add_subplot(spec[0, 2 * i : 2 * i + 2]) for i in range(n)]
        axes.append(fig.add_subplot(spec[1, n - 1 : n + 1]))  # centred, as large as one above
    for i in range(n):
        _draw(axes[i], n, m, active=i, size=size)
    _draw(axes[n], n, m, active=None, size=size)
    return fig
