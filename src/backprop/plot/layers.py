"""How activations and gradients spread, layer by layer, in a network.

[`layer_statistics`][] runs one forward and one backward pass through a
[`Sequential`][backprop.nn.Sequential] and records the standard deviation of every
activation layer's output and of the gradient arriving at its input; [`plot_layer_statistics`][]
draws both on a log scale. Flat lines are a healthy network; lines that fall or climb by
orders of magnitude are vanishing or exploding signals.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from backprop._checks import check_rng
from backprop.plot._style import axes_or_new, plain_log_labels, styled

__all__ = ["layer_statistics", "plot_layer_statistics"]


def layer_statistics(
    model: Any,
    X: np.ndarray,
    dY: np.ndarray | None = None,
    rng: int | np.random.Generator | None = 0,
) -> dict[str, np.ndarray]:
    """Standard deviations of each activation's output and of the gradient reaching its input.

    An activation layer is one without parameters (``Sigmoid``, ``Tanh``, ``ReLU``); its input
    is the pre-activation ``Z = A_prev @ W + b`` of the ``Linear`` before it, so the gradient
    recorded is ``dL/dZ``, which ``dW = A_prev.T @ dL/dZ`` scales with.

    Parameters
    ----------
    model : Sequential
        A model with a ``layers`` list whose layers have ``forward``, ``backward`` and
        ``parameters``.
    X : numpy.ndarray
        A batch of inputs.
    dY : numpy.ndarray, optional
        The gradient fed into the backward pass at the top; standard normal noise (drawn with
        ``rng``) by default, a stand-in for a loss.
    rng : int, numpy.random.Generator or None
        Seed of the default ``dY``.

    Returns
    -------
    dict
        ``"activation"`` and ``"gradient"``: arrays with one entry per activation layer, first
        layer first.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.nn import Linear, Sequential, Tanh
    >>> from backprop.plot import layer_statistics
    >>> rng = np.random.default_rng(0)
    >>> model = Sequential(Linear(4, 4, rng=rng), Tanh(),
    ...                    Linear(4, 4, rng=rng), Tanh())
    >>> stats = layer_statistics(model, rng.standard_normal((32, 4)))
    >>> stats["activation"].shape, stats["gradient"].shape
    ((2,), (2,))
    """
    layers = getattr(model, "layers", None)
    if not isinstance(layers, list):
        raise TypeError(f"model must be a Sequential (with a layers list), got {model!r}")
    is_act = [not any(True for _ in layer.parameters()) for layer in layers]
    A = np.asarray(X, dtype=float)
    act = []
    for layer, a in zip(layers, is_act, strict=True):
        A = layer.forward(A)
        if a:
            act.append(float(A.std()))
    dA = check_rng(rng).standard_normal(A.shape) if dY is None else np.asarray(dY)
    grad = []
    for layer, a in zip(reversed(layers), reversed(is_act), strict=True):
        dA = layer.backward(dA)
        if a:
            grad.append(float(dA.std()))
    return {"activation": np.array(act), "gradient": np.array(grad[::-1])}


@styled
def plot_layer_statistics(
    stats: dict[str, np.ndarray],
    which: str = "activation",
    *,
    ax: Axes | None = None,
    label: str | None = None,
    color: str | None = None,
) -> Figure:
    """Draw one statistic of [`layer_statistics`][] against the layer, on a log scale.

    Call it once per model on a shared ``ax`` to compare initialisations or activations.
    Zeros (a dead layer) are drawn at ``1e-30`` so the line stays on the log axes.

    Parameters
    ----------
    stats : dict
        What [`layer_statistics`][] returned.
    which : str
        ``"activation"`` or ``"gradient"``.
    ax : matplotlib.axes.Axes, optional
        Draw here instead of on a new figure.
    label : str, optional
        The line's legend entry.
    color : str, optional
        The line's colour.

    Returns
    -------
    matplotlib.figure.Figure
        The figure drawn on.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.nn import Linear, ReLU, Sequential
    >>> from backprop.plot import layer_statistics, plot_layer_statistics
    >>> rng = np.random.default_rng(0)
    >>> model = Sequential(Linear(8, 8, init="he", rng=rng), ReLU(),
    ...                    Linear(8, 8, rng=rng), ReLU())
    >>> stats = layer_statistics(model, rng.standard_normal((64, 8)))
    >>> fig = plot_layer_statistics(stats, "gradient", label="He")
    >>> fig.axes[0].get_yscale(), fig.axes[0].get_ylabel()
    ('log', 'std of the gradient dL/dZ')
    """
    if which not in ("activation", "gradient"):
        raise ValueError(f"which must be 'activation' or 'gradient', got {which!r}")
    fig, ax = axes_or_new(ax)
    values = np.maximum(np.asarray(stats[which], dtype=float), 1e-30)
    layer = np.arange(1, len(values) + 1)
    ax.semilogy(layer, values, "o-", markersize=3.5, label=label, color=color)
    plain_log_labels(ax.yaxis)
    ax.set_xlabel("layer")
    ax.set_ylabel(
        "std of the activations" if which == "activation" else "std of the gradient dL/dZ"
    )
    if label is not None:
        ax.legend()
    return fig
