"""The figures of the Computational graphs page that are not a graph of the engine.

The graph pictures themselves are [`backprop.plot.draw_graph`][] of the page's own `Value`s;
[`gate_figure`][] draws one multiply gate with both passes, by hand from the engine's numbers.
"""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from backprop.autograd import Value
from backprop.plot import COLORS, NARROW, WIDE, new_figure, styled


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
    >>> "= 12" in texts and "= -8" in texts
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
    ax.text(mid, -0.3, f"dq/dx = y = {dzdx:g}", ha="center", va="center", fontsize=small)
    ax.text(mid, -0.6, f"dq/dy = x = {dzdy:g}", ha="center", va="center", fontsize=small)
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
        ax.text(left - 0.08, lane + 0.12, f"{name} = {val:g}", ha="right", va="center",
                fontsize=big, color=fwd)  # fmt: skip
        ax.text(left - 0.08, lane - 0.14, f"dL/d{name} = {upstream * local:g}", ha="right",
                va="center", fontsize=big, color=bwd)  # fmt: skip
        ax.text((left + gx0) / 2, lane - 0.32, f"= {upstream:g} · {local:g}", ha="center",
                va="center", fontsize=small, color=bwd)  # fmt: skip
    right = 5.9
    arrow(gx1, right, 0.1, fwd)
    arrow(right, gx1, -0.1, bwd)
    ax.text(right + 0.08, 0.12, f"q = {z.data:g}", va="center", fontsize=big, color=fwd)
    ax.text(right + 0.08, -0.14, f"dL/dq = {upstream:g}", va="center", fontsize=big, color=bwd)
    ax.text(right + 0.08, -0.42, "(upstream)", va="center", fontsize=small, color=bwd)
    ax.text(0.0, 1.18, "forward: values →", ha="left", color=fwd, fontsize=small)
    ax.text(7.55, -1.35, "← backward: gradients", ha="right", color=bwd, fontsize=small)
    return fig
