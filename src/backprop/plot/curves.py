"""A function with its tangent, its contours, and a descent path on either.

These are the pictures of the first chapters, as tools for a reader's own functions: give
[`plot_tangent`][] a function and a point, give [`plot_descent`][] the
[`Trajectory`][backprop.descent.Trajectory] a run of
[`gradient_descent`][backprop.descent.gradient_descent] returned. Each draws on ``ax`` when
given (and returns its figure) or on a new figure.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.contour import QuadContourSet
from matplotlib.figure import Figure

from backprop._checks import check_callable
from backprop.calculus import derivative
from backprop.descent import Trajectory
from backprop.plot._style import COLORS, CONTOUR_CMAP, INK, axes_or_new, styled

__all__ = ["plot_contours", "plot_descent", "plot_tangent"]


@styled
def plot_tangent(
    f: Callable[[float], float],
    x: float,
    *,
    xlim: tuple[float, float] | None = None,
    ax: Axes | None = None,
    label: str = "$f(x)$",
    color: str = COLORS["blue"],
) -> Figure:
    """Draw ``f`` over ``xlim`` and its tangent at ``x``, with the slope in the legend.

    The slope is [`derivative`][backprop.calculus.derivative]'s central difference.

    Parameters
    ----------
    f : callable
        A function of one number.
    x : float
        Where the tangent touches.
    xlim : tuple of float, optional
        The range drawn; ``(x - 2, x + 2)`` by default.
    ax : matplotlib.axes.Axes, optional
        Draw here instead of on a new figure.
    label : str
        The curve's legend entry.
    color : str
        The tangent's colour.

    Returns
    -------
    matplotlib.figure.Figure
        The figure drawn on.

    Examples
    --------
    >>> from backprop.plot import plot_tangent
    >>> fig = plot_tangent(lambda x: x**2, 1.0)
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['$f(x)$', 'tangent at x = 1: slope 2.00']
    """
    check_callable("f", f)
    fig, ax = axes_or_new(ax)
    lo, hi = (x - 2.0, x + 2.0) if xlim is None else xlim
    grid = np.linspace(lo, hi, 200)
    fx, slope = f(x), derivative(f, x)
    ax.plot(grid, [f(g) for g in grid], color=COLORS["grey"], label=label)
    ax.plot(
        grid, fx + slope * (grid - x), color=color, label=f"tangent at x = {x:g}: slope {slope:.2f}"
    )
    ax.plot([x], [fx], "o", color=color)
    ax.set_xlabel("$x$")
    ax.legend(loc="upper left")
    return fig


@styled
def plot_contours(
    f: Callable[[np.ndarray], float],
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    *,
    levels: int | Sequence[float] = 8,
    ax: Axes | None = None,
    labels: bool | Sequence[tuple[float, float]] = True,
    n: int = 101,
) -> QuadContourSet:
    """Draw the contour lines of ``f(v)``, ``v = [x, y]``, readable on light and dark pages.

    Lines take a colour scale whose every colour keeps at least 3:1 contrast, WCAG's minimum
    for graphics, on white and on the dark slate palette (no near-black low end); the level
    labels are drawn in the page's ink. The axes get an equal aspect, so right angles look right.

    Parameters
    ----------
    f : callable
        A function of a length-2 array.
    xlim : tuple of float
        The range of the first variable drawn.
    ylim : tuple of float
        The range of the second variable drawn.
    levels : int or sequence of float
        How many levels, or which.
    ax : matplotlib.axes.Axes, optional
        Draw here instead of on a new figure.
    labels : bool or sequence of (x, y)
        Write each level's value on its line; given points, write the label of the line
        nearest each point there (to keep labels off a path drawn on top).
    n : int
        Grid points per side.

    Returns
    -------
    matplotlib.contour.QuadContourSet
        The contours (``.axes.figure`` is the figure).

    Examples
    --------
    >>> from backprop.plot import plot_contours
    >>> bowl = lambda v: v[0] ** 2 + 3 * v[1] ** 2
    >>> cs = plot_contours(bowl, (-2, 2), (-2, 2), levels=[1, 4])
    >>> [float(v) for v in cs.levels], cs.axes.get_aspect()
    ([1.0, 4.0], 1.0)
    """
    check_callable("f", f)
    _, ax = axes_or_new(ax)
    xs, ys = np.linspace(*xlim, n), np.linspace(*ylim, n)
    zz = np.array([[f(np.array([a, b])) for a in xs] for b in ys])
    cs = ax.contour(xs, ys, zz, levels=levels, cmap=CONTOUR_CMAP, linewidths=1.3)
    if labels is True:
        ax.clabel(cs, fmt="%g", colors=INK)
    elif labels:
        ax.clabel(cs, fmt="%g", colors=INK, manual=labels)
    ax.set_aspect("equal")
    ax.grid(False)
    return cs


@styled
def plot_descent(
    run: Trajectory,
    f: Callable[[Any], float] | None = None,
    *,
    ax: Axes | None = None,
    color: str = COLORS["blue"],
    label: str | None = None,
    xlim: tuple[float, float] | None = None,
    ylim: tuple[float, float] | None = None,
    levels: int | Sequence[float] = 8,
    labels: bool | Sequence[tuple[float, float]] = True,
) -> Figure:
    """Draw the points a descent run visited: on its curve (one variable) or its contours (two).

    For a run in one variable the points sit at ``(x, f(x))``, joined in the order visited; in
    two variables they are joined in the plane. Given ``f``, the curve or the contours are drawn
    under the path (over ``xlim``/``ylim``, by default the run's range with a margin). The start
    is an open circle, the end a square.

    Parameters
    ----------
    run : Trajectory
        What [`gradient_descent`][backprop.descent.gradient_descent] returned.
    f : callable, optional
        The function descended, to draw beneath the path.
    ax : matplotlib.axes.Axes, optional
        Draw here instead of on a new figure.
    color : str
        The path's colour.
    label : str
        The path's legend entry.
    xlim : tuple of float, optional
        The range of ``x`` drawn.
    ylim : tuple of float, optional
        The range of ``y`` drawn, in two variables only.
    levels : int or sequence of float
        Contour levels, in two variables.
    labels : bool or sequence of (x, y)
        The contours' level labels, in two variables, as [`plot_contours`][] takes them:
        placed by matplotlib (True), none (False), or one near each point given, to keep
        them off the path.

    Returns
    -------
    matplotlib.figure.Figure
        The figure drawn on.

    Examples
    --------
    >>> from backprop.descent import gradient_descent
    >>> from backprop.plot import plot_descent
    >>> run = gradient_descent(lambda x: (x + 2) ** 2, 0.0, lr=0.1, steps=10)
    >>> fig = plot_descent(run, lambda x: (x + 2) ** 2, label="lr = 0.1")
    >>> fig.axes[0].get_legend().get_texts()[0].get_text()
    'lr = 0.1'
    >>> f = lambda v: v[0] ** 2 + 10 * v[1] ** 2
    >>> bowl = gradient_descent(f, [-4.0, 1.5], lr=0.02)
    >>> plot_descent(bowl, f).axes[0].get_aspect()
    1.0
    """
    if not isinstance(run, Trajectory):
        raise TypeError(f"run must be a Trajectory, got {type(run).__name__}")
    fig, ax = axes_or_new(ax)
    xs = np.asarray(run.xs, dtype=float)
    if xs.ndim == 1:
        if f is not None:
            lo, hi = _margin(xs) if xlim is None else xlim
            grid = np.linspace(lo, hi, 200)
            ax.plot(grid, [f(g) for g in grid], color=COLORS["grey"], linewidth=1.4)
        px, py = xs, np.asarray(run.fs, dtype=float)
        ax.set_xlabel("$x$")
    else:
        if f is not None:
            plot_contours(
                f,
                _margin(xs[:, 0]) if xlim is None else xlim,
                _margin(xs[:, 1]) if ylim is None else ylim,
                levels=levels,
                ax=ax,
                labels=labels,
            )
        px, py = xs[:, 0], xs[:, 1]
        ax.set_aspect("equal")
        ax.set_xlabel("$x_0$")
        ax.set_ylabel("$x_1$")
    ax.plot(px, py, "-", color=color, linewidth=1.1, alpha=0.75)
    ax.plot(px, py, "o", color=color, markersize=4, label=label)
    ax.plot(px[:1], py[:1], "o", color=color, markersize=9, markerfacecolor="none")
    ax.plot(px[-1:], py[-1:], "s", color=color, markersize=6)
    if label is not None:
        ax.legend()
    return fig


def _margin(values: np.ndarray) -> tuple[float, float]:
    finite = values[np.isfinite(values)]
    lo, hi = float(finite.min()), float(finite.max())
    pad = 0.25 * (hi - lo) or 1.0
    return lo - pad, hi + pad
