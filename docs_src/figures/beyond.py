"""The figures of the Beyond the basics page: the initialisation study and the symmetry demo.

Each figure takes ``narrow`` (the phone layout).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from backprop.data import two_moons
from backprop.nn import Linear, ReLU, Sequential, SoftmaxCrossEntropy, Tanh
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

__all__ = ["INITS", "init_figure", "init_study", "symmetry_figure"]

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
    return layer_statistics(Sequential(*layers), rng.standard_normal((n, width)), seed=seed)


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
               fontsize=9)  # fmt: skip
    return fig


@lru_cache(maxsize=4)  # the wide and the phone figure share the runs
def symmetry_trace(start: str, epochs: int = 200) -> np.ndarray:
    """``W[0, j]`` of each hidden unit of ``2 -> 4 -> tanh -> 2`` after every epoch on two moons.

    ``start`` is ``"constant"`` (every weight 0.5) or ``"xavier"``; SGD, lr 0.2, batches of 20.

    Examples
    --------
    >>> import numpy as np
    >>> from figures.beyond import symmetry_trace
    >>> trace = symmetry_trace("constant", epochs=3)
    >>> trace.shape, bool(np.ptp(trace[-1]) == 0)  # four units, one value: still symmetric
    ((4, 4), True)
    """
    X, y = two_moons(200, noise=0.1, seed=0)
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
    return np.array(trace)


@styled
def symmetry_figure(epochs: int = 200, narrow: bool = False) -> Figure:
    """Hidden units of a small tanh network during training, from a constant and a random start.

    The network ``2 -> 4 -> tanh -> 2`` learns two moons with SGD. Each line is one hidden
    unit's first incoming weight ``W[0, j]``: from a constant start all four lines are one.

    Examples
    --------
    >>> from figures.beyond import symmetry_figure
    >>> fig = symmetry_figure(epochs=3)
    >>> [ax.get_title() for ax in fig.axes]
    ['every weight 0.5 at the start', 'Xavier (random) start']
    """
    if narrow:  # one panel above the other
        fig, axes = new_figure(nrows=2, figsize=(NARROW, 5.6), sharex=True)
    else:
        fig, axes = new_figure(ncols=2, figsize=(WIDE, 3.0), sharey=True)
    for ax, start in zip(axes, ("constant", "xavier"), strict=True):
        trace = symmetry_trace(start, epochs)
        for j, color in enumerate((COLORS["blue"], COLORS["orange"], COLORS["green"], "#d946ef")):
            style = "-" if start == "xavier" else (0, (4, 3 * j + 1))
            ax.plot(trace[:, j], color=color, linestyle=style, label=f"unit {j}")
        ax.set_title(
            "every weight 0.5 at the start" if start == "constant" else "Xavier (random) start",
            fontsize=9,
        )
    axes[-1].set_xlabel("epoch")
    for ax in axes if narrow else axes[:1]:
        ax.set_ylabel("weight $W[0, j]$")
    if not narrow:
        axes[0].set_xlabel("epoch")
    axes[1].legend(loc="best", fontsize=9)
    return fig
