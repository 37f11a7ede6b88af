"""Figures of chapter 8, Beyond the basics."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.figure import Figure

from backprop.data import two_moons
from backprop.nn import Linear, ReLU, Sequential, SoftmaxCrossEntropy, Tanh
from backprop.optim import SGD
from backprop.plot._style import COLORS, new_figure
from backprop.train import fit

__all__ = ["INITS", "init_figure", "layer_statistics", "symmetry_figure"]

INITS = {
    "too small: N(0, 0.01²)": {"init": "normal", "scale": 0.01},
    "too large: N(0, 1)": {"init": "normal", "scale": 1.0},
    "Xavier": {"init": "xavier"},
    "He": {"init": "he"},
}
"""The initialisations the chapter compares, as keyword arguments of ``Linear``."""


def layer_statistics(
    activation: type,
    init: str = "xavier",
    scale: float = 0.01,
    depth: int = 10,
    width: int = 100,
    n: int = 256,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Standard deviations of each layer's activations and of the gradient reaching it.

    The network is ``depth`` blocks of ``Linear(width, width) -> activation`` with weights
    drawn by ``init``; the input is ``n`` rows of standard normal noise, and the upstream
    gradient at the top is standard normal too (a stand-in for a loss).

    Returns
    -------
    act_std : numpy.ndarray
        Shape ``(depth,)``: the standard deviation of layer ``l``'s output ``A``.
    grad_std : numpy.ndarray
        Shape ``(depth,)``: the standard deviation of ``dL/dZ``, the gradient at layer ``l``'s
        pre-activation ``Z = A_prev @ W + b``; ``dW = A_prev.T @ dL/dZ`` scales with it.

    Examples
    --------
    >>> a, g = layer_statistics(Tanh, "xavier")
    >>> a.shape, g.shape
    ((10,), (10,))
    >>> a, g = layer_statistics(ReLU, "zeros")
    >>> float(a.max()), float(g[:-1].max())
    (0.0, 0.0)
    """
    rng = np.random.default_rng(seed)
    layers: list[Any] = []
    for _ in range(depth):
        layers += [Linear(width, width, init=init, rng=rng, scale=scale), activation()]
    A = rng.standard_normal((n, width))
    act_std = []
    for layer in layers:
        A = layer.forward(A)
        if not isinstance(layer, Linear):
            act_std.append(float(A.std()))
    dA = rng.standard_normal(A.shape)
    grad_std = []
    for layer in reversed(layers):
        dA = layer.backward(dA)
        if not isinstance(layer, Linear):
            grad_std.append(float(dA.std()))  # dL/dZ of the Linear just before
    return np.array(act_std), np.array(grad_std[::-1])


def init_figure(depth: int = 10, width: int = 100) -> Figure:
    """Activation and gradient spread per layer, for tanh and ReLU and four initialisations.

    Examples
    --------
    >>> fig = init_figure(depth=3, width=10)
    >>> len(fig.axes)
    4
    """
    fig, axes = new_figure(ncols=2, nrows=2, figsize=(6.8, 5.6), sharex=True)
    colors = (COLORS["purple"], COLORS["red"], COLORS["blue"], COLORS["green"])
    layers = np.arange(1, depth + 1)
    for row, activation in enumerate((Tanh, ReLU)):
        for (label, kwargs), color in zip(INITS.items(), colors, strict=True):
            a, g = layer_statistics(activation, depth=depth, width=width, **kwargs)
            axes[row, 0].semilogy(layers, np.maximum(a, 1e-30), "o-", color=color, label=label,
                                  markersize=3)  # fmt: skip
            axes[row, 1].semilogy(layers, np.maximum(g, 1e-30), "o-", color=color, markersize=3)
        name = activation.__name__.lower()
        axes[row, 0].set_ylabel(f"{name}: std of activations")
        axes[row, 1].set_ylabel(f"{name}: std of gradient dL/dZ")
    for ax in axes[1]:
        ax.set_xlabel("layer")
    axes[0, 0].set_xticks(layers[:: max(1, depth // 5)])
    fig.legend(*axes[0, 0].get_legend_handles_labels(), loc="outside upper center", ncols=2,
               fontsize=8)  # fmt: skip
    return fig


def symmetry_figure(epochs: int = 200) -> Figure:
    """Hidden units of a small tanh network during training, from a constant and a random start.

    The network ``2 -> 4 -> tanh -> 2`` learns two moons with SGD. Each line is one hidden
    unit's first incoming weight ``W[0, j]``: from a constant start all four lines are one.

    Examples
    --------
    >>> fig = symmetry_figure(epochs=3)
    >>> [ax.get_title() for ax in fig.axes]
    ['every weight 0.5 at the start', 'Xavier (random) start']
    """
    X, y = two_moons(200, noise=0.1, seed=0)
    fig, axes = new_figure(ncols=2, figsize=(6.8, 3.0), sharey=True)
    for ax, start in zip(axes, ("constant", "xavier"), strict=True):
        rng = np.random.default_rng(0)
        first, last = Linear(2, 4, rng=rng), Linear(4, 2, rng=rng)
        if start == "constant":
            first.W[...] = 0.5
            last.W[...] = 0.5
        model = Sequential(first, Tanh(), last)
        opt = SGD(model.parameters(), lr=0.2)
        trace = [first.W[0].copy()]
        shuffle = np.random.default_rng(0)
        for _ in range(epochs):
            fit(model, SoftmaxCrossEntropy(), X, y, opt, epochs=1, batch_size=20, seed=shuffle)
            trace.append(first.W[0].copy())
        trace = np.array(trace)
        for j, color in enumerate((COLORS["blue"], COLORS["orange"], COLORS["green"], "#d946ef")):
            style = "-" if start == "xavier" else (0, (4, 3 * j + 1))
            ax.plot(trace[:, j], color=color, linestyle=style, label=f"unit {j}")
        ax.set_title(
            "every weight 0.5 at the start" if start == "constant" else "Xavier (random) start",
            fontsize=9,
        )
        ax.set_xlabel("epoch")
    axes[0].set_ylabel("first weight $W[0, j]$ of unit $j$")
    axes[1].legend(loc="best", fontsize=8)
    return fig
