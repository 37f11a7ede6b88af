"""Figures of chapter 8, Beyond the basics."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from backprop.nn import Linear, Sequential, SoftmaxCrossEntropy, Tanh
from backprop.optim import SGD
from backprop.plot import COLORS, new_figure
from backprop.train import fit


def xor_network(start: str, epochs: int = 300) -> tuple[np.ndarray, np.ndarray, Sequential]:
    """Train the page's ``2 -> 4 -> tanh -> 2`` network on 200 XOR points from ``start``.

    ``start`` is ``"constant 0.5"`` or ``"xavier"``; returns ``(X, y, model)``, the same run as
    the symmetry experiment on the page.

    Examples
    --------
    >>> from figures.beyond import xor_network
    >>> X, y, model = xor_network("constant 0.5", epochs=1)
    >>> X.shape, model.layers[0].W.shape
    ((200, 2), (2, 4))
    """
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (200, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    rng = np.random.default_rng(1)
    first, last = Linear(2, 4, rng=rng), Linear(4, 2, rng=rng)
    if start == "constant 0.5":
        first.W[...] = 0.5
        last.W[...] = 0.5
    model = Sequential(first, Tanh(), last)
    optimizer = SGD(model.parameters(), lr=0.5)
    fit(model, SoftmaxCrossEntropy(), X, y, optimizer, epochs=epochs, batch_size=20, seed=0)
    return X, y, model


def symmetry_regions_figure(epochs: int = 300) -> Figure:
    """Decision regions of the XOR network trained from a constant and from a random start.

    Drawn about 345 px wide, two square panels, so the labels stay readable on a phone.

    Examples
    --------
    >>> from figures.beyond import symmetry_regions_figure
    >>> len(symmetry_regions_figure(epochs=1).axes)
    2
    """
    fig, axes = new_figure(ncols=2, figsize=(3.6, 2.1), sharey=True)
    grid = np.linspace(-1, 1, 121)
    gx, gy = np.meshgrid(grid, grid)
    points = np.column_stack([gx.ravel(), gy.ravel()])
    for ax, (start, title) in zip(
        axes, (("constant 0.5", "constant start"), ("xavier", "random start")), strict=True
    ):
        X, y, model = xor_network(start, epochs)
        predicted = model.forward(points).argmax(axis=1).reshape(gx.shape)
        ax.contourf(gx, gy, predicted, levels=[-0.5, 0.5, 1.5],
                    colors=[COLORS["blue"], COLORS["orange"]], alpha=0.25)  # fmt: skip
        for label, color in ((0, COLORS["blue"]), (1, COLORS["orange"])):
            ax.scatter(*X[y == label].T, s=6, color=color)
        ax.set_title(title, fontsize=9)
        ax.set_aspect("equal")
        ax.set_xticks([-1, 0, 1])
        ax.set_yticks([-1, 0, 1])
        ax.tick_params(labelsize=9)
        ax.grid(False)
    return fig
