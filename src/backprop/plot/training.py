"""Pictures of a training run: its loss curves, and what a classifier has learned.

[`plot_history`][] draws the [`History`][backprop.train.History] that
[`fit`][backprop.train.fit] returns; [`plot_decision_boundary`][] shades the regions a
two-input classifier gives to each class, with the data on top.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from backprop.plot._style import COLORS, axes_or_new, plain_log_labels, styled
from backprop.train import History, predict

__all__ = ["plot_decision_boundary", "plot_history"]


@styled
def plot_history(
    history: History, *, ax: Axes | None = None, log: bool = True, label: str = ""
) -> Figure:
    """Draw the training loss per epoch, the validation loss if there is one, and the best epoch.

    Parameters
    ----------
    history : History
        What [`fit`][backprop.train.fit] returned.
    ax : matplotlib.axes.Axes, optional
        Draw here instead of on a new figure (several runs can share one axes).
    log : bool
        A logarithmic loss axis (the usual view: losses fall by factors), labelled in plain
        numbers (0.01, 0.1, 1; 1e−4 below 0.001) rather than powers of ten, whose small
        superscripts a phone shrinks past reading.
    label : str
        Put in front of the legend entries, to tell runs apart on a shared axes.

    Returns
    -------
    matplotlib.figure.Figure
        The figure drawn on.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.nn import Linear, MSELoss
    >>> from backprop.optim import SGD
    >>> from backprop.plot import plot_history
    >>> from backprop.train import fit
    >>> X = np.linspace(-1, 1, 20).reshape(-1, 1)
    >>> model = Linear(1, 1, rng=np.random.default_rng(0))
    >>> optimizer = SGD(model.parameters(), lr=0.1)
    >>> history = fit(model, MSELoss(), X, 2 * X, optimizer, epochs=5)
    >>> fig = plot_history(history)
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['training loss']
    """
    if not isinstance(history, History):
        raise TypeError(f"history must be a History (what fit returns), got {type(history)!r}")
    fig, ax = axes_or_new(ax)
    prefix = f"{label}: " if label else ""
    draw = ax.semilogy if log else ax.plot
    (line,) = draw(history.epochs, history.loss, label=f"{prefix}training loss")
    if history.val_loss is not None:
        draw(history.epochs, history.val_loss, label=f"{prefix}validation loss", alpha=0.9)
        if history.best_epoch:
            ax.axvline(history.best_epoch, color=line.get_color(), linestyle=":", linewidth=1)
    if log:
        plain_log_labels(ax.yaxis)
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss")
    ax.legend()
    return fig


@styled
def plot_decision_boundary(
    model: Any,
    X: np.ndarray,
    y: np.ndarray,
    *,
    ax: Axes | None = None,
    resolution: int = 60,
    margin: float = 0.3,
) -> Figure:
    """Shade the class a two-input model predicts at each point, and draw the labelled data.

    The predicted class is the ``argmax`` of the model's outputs (for one output: above 0.5,
    as for a sigmoid), on a grid covering the data with ``margin`` to spare. Class 0 is blue
    circles, class 1 orange triangles, further classes the next house colours.

    Parameters
    ----------
    model : object
        Anything with ``forward(X)`` (as [`predict`][backprop.train.predict] takes it).
    X : numpy.ndarray
        Shape ``(n, 2)``: the inputs.
    y : numpy.ndarray
        Shape ``(n,)``: integer class labels.
    ax : matplotlib.axes.Axes, optional
        Draw here instead of on a new figure.
    resolution : int
        Grid points along each axis.
    margin : float
        How far beyond the data the grid reaches.

    Returns
    -------
    matplotlib.figure.Figure
        The figure drawn on.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.nn import Linear
    >>> from backprop.plot import plot_decision_boundary
    >>> X = np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 1.0], [1.0, 0.0]])
    >>> model = Linear(2, 2, rng=np.random.default_rng(0))
    >>> fig = plot_decision_boundary(model, X, np.array([0, 1, 0, 1]))
    >>> len(fig.axes[0].get_lines())   # one marker set per class
    2
    """
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (n, 2), got {X.shape}")
    if y.shape != (len(X),):
        raise ValueError(f"y must have shape ({len(X)},), got {y.shape}")
    fig, ax = axes_or_new(ax)
    xs = np.linspace(X[:, 0].min() - margin, X[:, 0].max() + margin, resolution)
    ys = np.linspace(X[:, 1].min() - margin, X[:, 1].max() + margin, resolution)
    xx, yy = np.meshgrid(xs, ys)
    out = predict(model, np.column_stack([xx.ravel(), yy.ravel()]))
    cls = (out[:, 0] > 0.5).astype(int) if out.shape[1] == 1 else np.argmax(out, axis=1)
    n_classes = int(max(cls.max(), y.max())) + 1
    palette = [COLORS[c] for c in ("blue", "orange", "green", "purple", "red")][:n_classes]
    cmap = ListedColormap(palette)
    ax.contourf(xs, ys, cls.reshape(xx.shape), levels=np.arange(n_classes + 1) - 0.5, cmap=cmap,
                alpha=0.22)  # fmt: skip
    ax.contour(xs, ys, cls.reshape(xx.shape), levels=np.arange(n_classes) + 0.5,
               colors=[COLORS["grey"]], linewidths=1)  # fmt: skip
    for label in range(n_classes):
        rows = y == label
        if rows.any():
            ax.plot(X[rows, 0], X[rows, 1], "o^sDv"[label % 5], color=palette[label],
                    markersize=4)  # fmt: skip
    ax.grid(False)
    return fig
