"""The figures of the Beyond the basics page: the initialisation study, the training runs of the
deep tanh network, and the symmetry demo (XOR).

Each figure takes ``narrow`` (the phone layout).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from backprop.data import two_moons
from backprop.nn import BatchNorm1d, Linear, ReLU, Sequential, SoftmaxCrossEntropy, Tanh
from backprop.optim import SGD
from backprop.plot import (
    COLORS,
    NARROW,
    WIDE,
    layer_statistics,
    new_figure,
    plot_layer_statistics,
    styled,
)
from backprop.train import fit

__all__ = [
    "DEEP_STARTS",
    "INITS",
    "deep_tanh_run",
    "init_figure",
    "init_study",
    "last_activations",
    "loss_curves_figure",
    "saturation_figure",
    "symmetry_regions_figure",
    "xor_network",
]

INITS = {
    "too small: N(0, 0.01²)": {"init": "normal", "scale": 0.01},
    "too large: N(0, 1)": {"init": "normal", "scale": 1.0},
    "Xavier": {"init": "xavier"},
    "He": {"init": "he"},
}
"""The initialisations the chapter compares, as keyword arguments of ``Linear``."""


@lru_cache(maxsize=32)  # the wide and the phone figure share the study
def init_study(
    activation: type,
    init: str = "xavier",
    scale: float = 0.01,
    depth: int = 10,
    width: int = 100,
    n: int = 256,
    seed: int = 0,
) -> dict[str, np.ndarray]:
    """[`layer_statistics`][backprop.plot.layer_statistics] of a deep network at its start.

    The network is ``depth`` blocks of ``Linear(width, width) -> activation`` with weights
    drawn by ``init``; the input is ``n`` rows of standard normal noise, and the upstream
    gradient at the top is standard normal too (a stand-in for a loss).

    Examples
    --------
    >>> from backprop.nn import ReLU, Tanh
    >>> from figures.beyond import init_study
    >>> init_study(Tanh, "xavier")["activation"].shape
    (10,)
    >>> stats = init_study(ReLU, "zeros")
    >>> float(stats["activation"].max()), float(stats["gradient"][:-1].max())
    (0.0, 0.0)
    """
    rng = np.random.default_rng(seed)
    layers: list[Any] = []
    for _ in range(depth):
        layers += [Linear(width, width, init=init, rng=rng, scale=scale), activation()]
    return layer_statistics(Sequential(*layers), rng.standard_normal((n, width)), rng=seed)


@styled
def init_figure(depth: int = 10, width: int = 100, narrow: bool = False) -> Figure:
    """Activation and gradient spread per layer, for tanh and ReLU and four initialisations.

    Wide: a 2 x 2 grid (rows tanh and ReLU; columns activations and gradients). Narrow: the
    four panels in one column.

    Examples
    --------
    >>> from figures.beyond import init_figure
    >>> fig = init_figure(depth=3, width=10)
    >>> len(fig.axes)
    4
    """
    if narrow:
        fig, column = new_figure(nrows=4, figsize=(NARROW, 10.4), sharex=True)
        axes = column.reshape(2, 2)
    else:
        fig, axes = new_figure(ncols=2, nrows=2, figsize=(WIDE, 5.8), sharex=True)
    colors = (COLORS["purple"], COLORS["red"], COLORS["blue"], COLORS["green"])
    for row, activation in enumerate((Tanh, ReLU)):
        for (label, kwargs), color in zip(INITS.items(), colors, strict=True):
            stats = init_study(activation, depth=depth, width=width, **kwargs)
            plot_layer_statistics(stats, "activation", ax=axes[row, 0], label=label, color=color)
            plot_layer_statistics(stats, "gradient", ax=axes[row, 1], color=color)
        name = activation.__name__.lower()
        axes[row, 0].set_ylabel(f"{name}: std of A")
        axes[row, 1].set_ylabel(f"{name}: std of dL/dZ")
    for ax in axes.ravel():
        ax.set_xlabel("layer" if ax is axes[1, 1] or (ax is axes[1, 0] and not narrow) else "")
        legend = ax.get_legend()
        if legend is not None:
            legend.remove()
    axes[0, 0].set_xticks(np.arange(1, depth + 1)[:: max(1, depth // 5)])
    fig.legend(*axes[0, 0].get_legend_handles_labels(), loc="outside upper center", ncols=2,
               fontsize=10 if narrow else 9)  # fmt: skip
    return fig


DEEP_STARTS = {
    "small": {"init": "normal", "scale": 0.01},
    "Xavier": {"init": "xavier"},
    "x 5/3": {"init": "xavier", "gain": 5 / 3},
    "He": {"init": "he"},
    "batch norm": {"init": "normal", "scale": 0.01, "norm": True},
}
"""The starts of the page's deep tanh network: the initialisation table's four, and the small
start with a ``BatchNorm1d`` before each tanh (and no bias in the ``Linear`` before it)."""


@lru_cache(maxsize=128)
def deep_tanh_run(start: str, lr: float, seed: int, epochs: int = 40, data: int = 0) -> np.ndarray:
    """The training loss per epoch of the page's nine-layer tanh network on the two moons.

    The same network, data and run as the page's visible blocks (``final_loss`` there returns
    the last entry): nine ``Linear -> tanh`` layers of 32 units and a ``Linear(32, 2)``, from
    the start ``DEEP_STARTS[start]``, plain SGD at rate ``lr``, ``two_moons(200, noise=0.15,
    rng=data)``. The first 40 entries of a longer run are the 40-epoch run.

    Examples
    --------
    >>> from figures.beyond import deep_tanh_run
    >>> deep_tanh_run("He", 0.1, seed=0, epochs=2).shape
    (2,)
    """
    X, y = two_moons(200, noise=0.15, rng=data)
    rng = np.random.default_rng(seed)
    scheme = dict(DEEP_STARTS[start])
    gain, norm = scheme.pop("gain", 1.0), scheme.pop("norm", False)
    layers: list[Any] = []
    for n_in in [2] + [32] * 8:
        linear = Linear(n_in, 32, rng=rng, bias=not norm, **scheme)
        linear.W *= gain
        layers += [linear, BatchNorm1d(32), Tanh()] if norm else [linear, Tanh()]
    model = Sequential(*layers, Linear(32, 2, rng=rng, **scheme))
    optimizer = SGD(model.parameters(), lr=lr)
    history = fit(model, SoftmaxCrossEntropy(), X, y, optimizer, epochs=epochs, rng=seed)
    return np.asarray(history.loss)


@styled
def loss_curves_figure(
    curves: dict[str, list[tuple[float, np.ndarray]]] | None = None,
    budget: int = 40,
    narrow: bool = False,
) -> Figure:
    """Training loss per epoch of several runs, on a log axis, with the table's epoch budget.

    ``curves`` maps a start of ``DEEP_STARTS`` to a list of ``(lr, losses)``: one run is drawn
    as a thick line, several (one start at several rates) as thin ones under one legend entry.
    Without ``curves``, one 60-epoch run of four starts.

    Examples
    --------
    >>> import numpy as np
    >>> from figures.beyond import loss_curves_figure
    >>> fig = loss_curves_figure({"He": [(0.1, np.array([0.7, 0.1, 0.01]))]}, budget=2)
    >>> len(fig.axes[0].lines)
    2
    """
    if curves is None:  # a quick stand-in: one start each, 60 epochs
        starts = (("small", 0.01), ("batch norm", 1.0), ("Xavier", 0.1), ("He", 0.2))
        curves = {name: [(lr, deep_tanh_run(name, lr, 0, epochs=60))] for name, lr in starts}
    fig, ax = new_figure(figsize=(NARROW, 4.6) if narrow else (WIDE, 3.6))
    size = 10 if narrow else 9
    for start, runs in curves.items():
        label, color = _CURVE_STYLE[start]
        rates = sorted(lr for lr, _ in runs)
        label += f", lr {rates[0]:g}" + (f" to {rates[-1]:g}" if len(runs) > 1 else "")
        for i, (_, losses) in enumerate(runs):
            epochs = np.arange(1, len(losses) + 1)
            ax.semilogy(epochs, losses, color=color, label=label if i == 0 else None,
                        linewidth=1.0 if len(runs) > 1 else 2.0)  # fmt: skip
    ax.axvline(budget, color=COLORS["grey"], linestyle=":", linewidth=1)
    ax.annotate(f"the table's {budget} epochs", (budget, 0.0), xycoords=("data", "axes fraction"),
                xytext=(4, 4), textcoords="offset points", fontsize=size)  # fmt: skip
    ax.set_xlabel("epoch")
    ax.set_ylabel("training loss, mean of 3 starts")
    ax.tick_params(labelsize=size)
    fig.legend(loc="outside lower center", ncols=1 if narrow else 2, fontsize=size)
    return fig


_CURVE_STYLE = {
    "small": ("N(0, 0.01²): a coin throughout", COLORS["purple"]),
    "batch norm": ("N(0, 0.01²) + batch norm", COLORS["orange"]),
    "Xavier": ("Xavier, each rate", COLORS["blue"]),
    "x 5/3": ("Xavier x 5/3", COLORS["yellow"]),
    "He": ("He", COLORS["green"]),
}
"""Legend label and colour of each start in `loss_curves_figure`."""


@lru_cache(maxsize=8)
def last_activations(
    activation: type, init: str = "xavier", scale: float = 0.01, depth: int = 10
) -> np.ndarray:
    """The last layer's outputs of the network of [`init_study`][figures.beyond.init_study].

    The same weights and input as ``init_study(activation, init, scale, depth)``.

    Examples
    --------
    >>> from backprop.nn import Tanh
    >>> from figures.beyond import last_activations
    >>> last_activations(Tanh, "normal", 1.0).shape
    (256, 100)
    """
    rng = np.random.default_rng(0)
    layers: list[Any] = []
    for _ in range(depth):
        layers += [Linear(100, 100, init=init, rng=rng, scale=scale), activation()]
    return Sequential(*layers).forward(rng.standard_normal((256, 100)))


@styled
def saturation_figure(depth: int = 10, narrow: bool = False) -> Figure:
    """Histograms of a deep tanh network's last-layer outputs, Xavier against N(0, 1) weights.

    Wide: two panels side by side; narrow: one above the other; one vertical scale for both.
    Each title gives the share of outputs with ``|a| > 0.99``.

    Examples
    --------
    >>> from figures.beyond import saturation_figure
    >>> len(saturation_figure(depth=2, narrow=True).axes)
    2
    """
    if narrow:
        fig, axes = new_figure(nrows=2, figsize=(NARROW, 5.0), sharex=True, sharey=True)
    else:
        fig, axes = new_figure(ncols=2, figsize=(WIDE, 2.8), sharey=True)
    bins = np.linspace(-1, 1, 41)
    for ax, (label, color) in zip(
        axes, (("Xavier", COLORS["blue"]), ("too large: N(0, 1)", COLORS["red"])), strict=True
    ):
        A = last_activations(Tanh, depth=depth, **INITS[label]).ravel()
        ax.hist(A, bins=bins, weights=np.full(A.size, 100 / A.size), color=color, alpha=0.8)
        ax.set_title(f"{label}: {np.mean(np.abs(A) > 0.99):.0%} with |a| > 0.99", fontsize=10)
        ax.set_ylabel("% of outputs" if narrow or ax is axes[0] else "")
        ax.set_xticks([-1, -0.5, 0, 0.5, 1])
    axes[-1].set_xlabel(f"tanh output a at layer {depth}")
    if not narrow:
        axes[0].set_xlabel(f"tanh output a at layer {depth}")
    return fig


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
    fit(model, SoftmaxCrossEntropy(), X, y, optimizer, epochs=epochs, batch_size=20, rng=0)
    return X, y, model


@styled
def symmetry_regions_figure(epochs: int = 300, narrow: bool = False) -> Figure:
    """Decision regions of the XOR network trained from a constant and from a random start.

    Two square panels with a legend of the classes below: side by side, or, ``narrow``, one
    above the other (so each panel is about 300 px wide on a phone).

    Examples
    --------
    >>> from figures.beyond import symmetry_regions_figure
    >>> len(symmetry_regions_figure(epochs=1, narrow=True).axes)
    2
    """
    if narrow:
        fig, axes = new_figure(nrows=2, figsize=(3.6, 7.0), sharex=True)
    else:
        fig, axes = new_figure(ncols=2, figsize=(6.4, 3.9), sharey=True)
    grid = np.linspace(-1, 1, 121)
    gx, gy = np.meshgrid(grid, grid)
    points = np.column_stack([gx.ravel(), gy.ravel()])
    classes = (
        (0, COLORS["blue"], "class 0: signs differ"),
        (1, COLORS["orange"], "class 1: signs agree"),
    )
    for ax, (start, title) in zip(
        axes, (("constant 0.5", "constant start"), ("xavier", "random start")), strict=True
    ):
        X, y, model = xor_network(start, epochs)
        predicted = model.forward(points).argmax(axis=1).reshape(gx.shape)
        ax.contourf(gx, gy, predicted, levels=[-0.5, 0.5, 1.5],
                    colors=[COLORS["blue"], COLORS["orange"]], alpha=0.25)  # fmt: skip
        for label, color, name in classes:
            ax.scatter(*X[y == label].T, s=10, color=color, label=name)
        ax.set_title(title, fontsize=11)
        ax.set_aspect("equal")
        ax.set_xticks([-1, 0, 1])
        ax.set_yticks([-1, 0, 1])
        ax.set_ylabel("$x_1$" if narrow or ax is axes[0] else "")
        ax.tick_params(labelsize=10)
        ax.grid(False)
    axes[-1].set_xlabel("$x_0$")
    if not narrow:
        axes[0].set_xlabel("$x_0$")
    fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center",
               ncols=1 if narrow else 2, fontsize=10, markerscale=2)  # fmt: skip
    return fig
