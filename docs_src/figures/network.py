"""Figures of chapter 5, Backpropagation in a network, and of its page A network by hand."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Circle

from backprop.nn import sigmoid
from backprop.plot import COLORS, new_figure

# The traced 2-2-2 network of "A network by hand" (the weights of Matt Mazur's worked example).
TRACED = {
    "X": [[0.05, 0.10]],
    "Y": [[0.01, 0.99]],
    "W1": [[0.15, 0.25], [0.20, 0.30]],
    "b1": [0.35, 0.35],
    "W2": [[0.40, 0.50], [0.45, 0.55]],
    "b2": [0.60, 0.60],
}


def delta_flow() -> dict[str, np.ndarray]:
    """The traced network's activations and deltas, one row each: X, A1, A2, delta1, delta2.

    Examples
    --------
    >>> from figures.network import delta_flow
    >>> round(float(delta_flow()["delta2"][0]), 6)
    0.138499
    """
    t = {k: np.array(v, dtype=float) for k, v in TRACED.items()}
    A1 = sigmoid(t["X"] @ t["W1"] + t["b1"])
    A2 = sigmoid(A1 @ t["W2"] + t["b2"])
    D2 = (A2 - t["Y"]) * A2 * (1 - A2)  # MSELoss over 2 outputs: dL/dA2 = A2 - Y
    D1 = (D2 @ t["W2"].T) * A1 * (1 - A1)
    return {"X": t["X"][0], "A1": A1[0], "A2": A2[0], "delta1": D1[0], "delta2": D2[0]}


def delta_flow_figure() -> Figure:
    """Draw the traced 2-2-2 network with each unit's activation and delta, deltas flowing back.

    Drawn 3.6 inches (about 345 px) wide, so its 9-point labels stay readable on a phone.

    Examples
    --------
    >>> from figures.network import delta_flow_figure
    >>> fig = delta_flow_figure()
    >>> len(fig.axes[0].patches)  # one circle per unit
    6
    """
    flow = delta_flow()
    fig, ax = new_figure(figsize=(3.6, 2.7))
    ax.set_axis_off()
    xs, ys, r = (0.0, 1.6, 3.2), (0.8, -0.8), 0.28
    columns = [("x", flow["X"], None), ("A1", flow["A1"], flow["delta1"])]
    columns.append(("A2", flow["A2"], flow["delta2"]))
    ink, back = COLORS["grey"], COLORS["orange"]
    for c in range(2):  # edges, and the deltas' way back along them
        for y0 in ys:
            for y1 in ys:
                ax.annotate(
                    "", xy=(xs[c] + r, y0 + 0.06 * np.sign(y1 - y0)), xytext=(xs[c + 1] - r, y1),
                    arrowprops={"arrowstyle": "-|>", "color": back, "linewidth": 1.0,
                                "alpha": 0.8, "shrinkA": 0, "shrinkB": 0},
                )  # fmt: skip
    colors = (COLORS["blue"], COLORS["purple"], COLORS["green"])
    for c, (name, values, deltas) in enumerate(columns):
        for k, y in enumerate(ys):
            ax.add_patch(Circle((xs[c], y), r, fill=False, edgecolor=colors[c], linewidth=1.5))
            label = f"{name}[{k}]\n{values[k]:.4f}" if c else f"x{k}\n{values[k]:.2f}"
            ax.text(xs[c], y + r + 0.08, label, ha="center", va="bottom", fontsize=9)
            if deltas is not None:
                ax.text(
                    xs[c], y - r - 0.08, f"δ = {deltas[k]:.{4 if c == 2 else 5}f}",
                    ha="center", va="top", fontsize=9, color=back, weight="bold",
                )  # fmt: skip
    ax.text(xs[2] + 0.45, 0, "L", ha="left", va="center", fontsize=10, color=ink)
    ax.set_xlim(-0.45, 3.75)
    ax.set_ylim(-1.75, 1.75)
    ax.set_aspect("equal")
    return fig


def gradient_cost_figure(rows: list[dict]) -> Figure:
    """Plot the time of a finite-difference gradient and of backprop against ``P``.

    ``rows`` holds one dict per network size with its parameter count ``P`` and the seconds of
    the finite-difference gradient (``numeric``), of a ``forward`` and of a ``backward`` pass.

    Examples
    --------
    >>> from figures.network import gradient_cost_figure
    >>> rows = [{"P": 31, "numeric": 1e-3, "forward": 1e-5, "backward": 2e-5}]
    >>> fig = gradient_cost_figure(rows)
    >>> len(fig.axes[0].lines)
    2
    """
    fig, ax = new_figure(figsize=(3.6, 2.8))
    P = [row["P"] for row in rows]
    ax.loglog(P, [row["numeric"] for row in rows], "o-", color=COLORS["red"],
              label="finite differences (2P forward passes)")  # fmt: skip
    ax.loglog(P, [row["forward"] + row["backward"] for row in rows], "s-", color=COLORS["blue"],
              label="backprop (1 forward + 1 backward)")  # fmt: skip
    ax.set_xlabel("parameters P", fontsize=9)
    ax.set_ylabel("seconds per gradient", fontsize=9)
    ax.tick_params(labelsize=9)
    ax.legend(fontsize=9, loc="center left")
    return fig
