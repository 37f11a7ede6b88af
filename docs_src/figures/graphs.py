"""The figures of the Computational graphs page.

The graph pictures are [`backprop.plot.draw_graph`][] of the page's own `Value`s, through
[`engine_graph`][], which touches up three details of the drawing; [`gate_figure`][] draws one
multiply gate with both passes, by hand from the engine's numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch
from matplotlib.text import Annotation

from backprop.autograd import Value
from backprop.plot import COLORS, NARROW, WIDE, draw_graph, new_figure, styled

MINUS = "\u2212"


def _num(v: float, paren: bool = False) -> str:
    """``v`` as ``:g`` with a real minus sign; in parentheses if negative and ``paren``."""
    text = f"{v:g}".replace("-", MINUS)
    return f"({text})" if paren and v < 0 else text


def engine_graph(
    graph: Mapping[str, Any], vertical: bool = False, width: float | None = None, **kwargs: Any
) -> Figure:
    """[`draw_graph`][backprop.plot.draw_graph] of ``graph``, with three touches for the page.

    Numbers get a real minus sign (−3, not -3, as in the captions); the sigmoid's box is titled
    with the page's symbol, ``σ``; and the arrows of an edge that a node uses twice (``b = a *
    a``) leave the parent side by side, parallel, instead of from one point, where they would
    read as a single arrow.

    Parameters
    ----------
    graph : dict
        The export of [`Value.graph`][backprop.autograd.Value.graph].
    vertical : bool
        Flow from top to bottom (the phone layout).
    width : float, optional
        Shrink the drawing to this many inches wide, height in proportion, keeping the text
        size: on a phone, a figure a little narrower than ``draw_graph`` makes it is shown
        less scaled down, so its text reads larger.
    **kwargs
        Passed on to ``draw_graph`` (``digits``, ``show_grad``, ``highlight``, ``box_width``).

    Examples
    --------
    >>> from backprop import Value
    >>> from figures.graphs import engine_graph
    >>> a = Value(-2.0, label="a")
    >>> b = a * a
    >>> fig = engine_graph(b.graph(), show_grad=False)
    >>> arrows = [t for t in fig.axes[0].texts if not t.get_text()]
    >>> len({arrow.xyann for arrow in arrows})  # two arrows, two starting points
    2
    >>> "data \u22122" in [t.get_text() for t in fig.axes[0].texts]
    True
    >>> from backprop.plot import draw_graph  # the size is draw_graph's unless width is given
    >>> same = draw_graph(b.graph(), show_grad=False).get_size_inches()
    >>> bool((fig.get_size_inches() == same).all())
    True
    """
    fig = draw_graph(graph, vertical=vertical, **kwargs)
    ax = fig.axes[0]
    arrows = [t for t in ax.texts if isinstance(t, Annotation)]
    for text in ax.texts:
        if text not in arrows:
            words = text.get_text()
            if words.endswith("= sigmoid"):
                words = words.replace("= sigmoid", "= σ")
                text.set_fontsize(10)  # as draw_graph sets a short title
            if words.startswith(("data ", "grad ")):
                words = words.replace("-", MINUS)
            text.set_text(words)
    # Arrows from one point into one box: the edges of a parent used twice by the same node.
    along = 0 if vertical else 1  # the coordinate along which they spread at the target
    boxes = [p for p in ax.patches if isinstance(p, FancyBboxPatch)]

    def box_of(point: tuple[float, float]) -> int:
        x, y = point
        return next(
            i for i, b in enumerate(boxes)
            if b.get_x() - 1e-6 <= x <= b.get_x() + b.get_width() + 1e-6
            and b.get_y() - 1e-6 <= y <= b.get_y() + b.get_height() + 1e-6
        )  # fmt: skip

    groups: dict[tuple[float, float, int], list[Annotation]] = {}
    for arrow in arrows:
        key = (round(arrow.xyann[0], 6), round(arrow.xyann[1], 6), box_of(arrow.xy))
        groups.setdefault(key, []).append(arrow)
    for group in groups.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda a: a.xy[along])
        centre = group[0].xyann[along]
        parent = boxes[box_of(group[0].xyann)]
        size = parent.get_width() if vertical else parent.get_height()
        ends = [a.xy[along] for a in group]
        spread = min(ends[-1] - ends[0], 0.4 * size)  # inside the parent's side
        middle = sum(ends) / len(ends)
        # on the side of the target, clear of the parent's other arrows
        first = centre - spread / 2 + spread / 2 * ((middle > centre) - (middle < centre))
        for k, arrow in enumerate(group):
            start = list(arrow.xyann)
            start[along] = first + k * spread / (len(group) - 1)
            arrow.xyann = tuple(start)
    if width is not None:
        w, h = fig.get_size_inches()
        fig.set_size_inches(width, h * width / w)
    return fig


@styled
def gate_figure(
    x: float = 2.0, y: float = -3.0, upstream: float = -4.0, narrow: bool = False
) -> Figure:
    """One multiply gate ``q = x * y``: the forward pass above, the backward pass below.

    Forward, the gate turns its inputs into ``q``. Backward, it receives the upstream gradient
    ``dL/dq`` and multiplies it by its local gradients ``dq/dx = y`` and ``dq/dy = x``. The
    numbers come from [`Value`][backprop.autograd.Value]. (The chapter's example names the gate
    ``q``, as the node it is in ``z = q + y``.)

    Examples
    --------
    >>> from figures.graphs import gate_figure
    >>> fig = gate_figure(2.0, -3.0, upstream=-4.0)
    >>> texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    >>> "= 12" in texts and "= \u22128" in texts and "(\u22124) · (\u22123)" in texts
    True
    """
    vx, vy = Value(x, label="x"), Value(y, label="y")
    z = vx * vy
    dzdx, dzdy = z.local_grads
    fig, ax = new_figure(figsize=(NARROW, 2.7) if narrow else (WIDE, 2.9))
    big, small = (11, 10) if narrow else (10, 9)
    ax.set_axis_off()
    ax.set_xlim(-0.1, 7.6)
    ax.set_ylim(-1.45, 1.3)
    gx0, gx1 = (2.7, 4.7) if narrow else (2.9, 4.5)  # the gate's left and right edges
    ax.add_patch(
        FancyBboxPatch(
            (gx0, -1.0), gx1 - gx0, 2.0, boxstyle="round,pad=0,rounding_size=0.15",
            fill=False, edgecolor=COLORS["orange"], linewidth=1.6,
        )
    )  # fmt: skip
    mid = (gx0 + gx1) / 2
    ax.text(mid, 0.55, "×", ha="center", va="center", fontsize=20)
    ax.text(mid, 0.05, "local gradients", ha="center", va="center", fontsize=small)
    ax.text(mid, -0.3, f"dq/dx = y = {_num(dzdx)}", ha="center", va="center", fontsize=small)
    ax.text(mid, -0.6, f"dq/dy = x = {_num(dzdy)}", ha="center", va="center", fontsize=small)
    fwd, bwd = COLORS["green"], COLORS["red"]

    def arrow(x0: float, x1: float, yy: float, color: str) -> None:
        ax.annotate(
            "", xy=(x1, yy), xytext=(x0, yy),
            arrowprops={"arrowstyle": "-|>", "color": color, "linewidth": 1.6,
                        "shrinkA": 0, "shrinkB": 0, "mutation_scale": 12},
        )  # fmt: skip

    left = 1.55
    for lane, name, val, local in ((0.6, "x", x, dzdx), (-0.6, "y", y, dzdy)):
        arrow(left, gx0, lane + 0.1, fwd)
        arrow(gx0, left, lane - 0.1, bwd)
        ax.text(left - 0.08, lane + 0.12, f"{name} = {_num(val)}", ha="right", va="center",
                fontsize=big, color=fwd)  # fmt: skip
        ax.text(left - 0.08, lane - 0.14, f"dL/d{name} = {_num(upstream * local)}", ha="right",
                va="center", fontsize=big, color=bwd)  # fmt: skip
        product = f"= {_num(upstream, True)} · {_num(local, True)}"
        if narrow:  # under dL/dx: the gap before the gate is too short for it
            ax.text(left - 0.08, lane - 0.4, product, ha="right", va="center",
                    fontsize=small, color=bwd)  # fmt: skip
        else:
            ax.text((left + gx0) / 2, lane - 0.32, product, ha="center", va="center",
                    fontsize=small, color=bwd)  # fmt: skip
    right = 5.9
    arrow(gx1, right, 0.1, fwd)
    arrow(right, gx1, -0.1, bwd)
    ax.text(right + 0.08, 0.12, f"q = {_num(z.data)}", va="center", fontsize=big, color=fwd)
    ax.text(right + 0.08, -0.14, f"dL/dq = {_num(upstream)}", va="center", fontsize=big, color=bwd)
    ax.text(right + 0.08, -0.42, "(upstream)", va="center", fontsize=small, color=bwd)
    ax.text(0.0, 1.18, "forward: values →", ha="left", color=fwd, fontsize=small)
    ax.text(7.55, -1.35, "← backward: gradients", ha="right", color=bwd, fontsize=small)
    return fig
