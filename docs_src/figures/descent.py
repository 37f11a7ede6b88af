"""The figures of the Gradient descent page, and the functions they descend.

Every path drawn here is a [`Trajectory`][backprop.descent.Trajectory] computed by
[`backprop.descent.gradient_descent`][] or
[`gradient_ascent`][backprop.descent.gradient_ascent]; nothing is traced by hand.
Each figure takes ``narrow``: ``True`` draws the phone layout.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from backprop.descent import Trajectory, gradient_ascent, gradient_descent
from backprop.plot import COLORS, NARROW, WIDE, new_figure, plot_contours, plot_descent, styled

__all__ = [
    "LEARNING_RATES",
    "blindfolded_walk",
    "descent_on_parabola",
    "hill",
    "learning_rates",
    "local_minima",
    "parabola",
    "parabola_grad",
    "two_starts_quartic",
    "zigzag_bowl",
]

LEARNING_RATES: tuple[tuple[float, str], ...] = (
    (0.05, "too small: it crawls"),
    (0.3, "about right"),
    (0.8, "overshoots, then settles"),
    (1.0, "bounces forever"),
    (1.05, "runs away"),
)
"""The learning rates of [`learning_rates`][], each with the verdict shown in its panel."""


def parabola(x: float) -> float:
    """The chapter's first function, ``y = (x + 2)**2``, lowest at ``x = -2``.

    Examples
    --------
    >>> from figures.descent import parabola
    >>> parabola(0.0), parabola(-4.0), parabola(-2.0)
    (4.0, 4.0, 0.0)
    """
    return (x + 2) ** 2


def parabola_grad(x: float) -> float:
    """The slope of [`parabola`][], ``dy/dx = 2 (x + 2)``.

    Examples
    --------
    >>> from figures.descent import parabola_grad
    >>> parabola_grad(0.0), parabola_grad(-4.0)
    (4.0, -4.0)
    """
    return 2 * (x + 2)


def hill(x: float) -> float:
    """A mountain profile with a lower top near ``x = -1.8`` and the summit near ``x = 1.2``.

    Examples
    --------
    >>> from figures.descent import hill
    >>> round(float(hill(1.2)), 2), round(float(hill(-1.8)), 2)
    (3.49, 2.4)
    """
    return (
        2.2 * np.exp(-((x + 1.8) ** 2) / 0.7) + 3.4 * np.exp(-((x - 1.2) ** 2) / 1.2) + 0.06 * x**2
    )


def two_starts_quartic(x: float) -> float:
    """``f(x) = x**4 - 3 x**2 + x``: a global minimum near -1.30 and a local one near 1.13.

    Examples
    --------
    >>> from figures.descent import two_starts_quartic
    >>> two_starts_quartic(0.0), two_starts_quartic(1.0)
    (0.0, -1.0)
    """
    return x**4 - 3 * x**2 + x


@styled
def descent_on_parabola(lr: float = 0.1, steps: int = 12, narrow: bool = False) -> Figure:
    """Descent on ``y = (x + 2)**2`` from ``x = 0`` and from ``x = -4``, with the starting slopes.

    Both runs move against the slope: from ``x = 0`` (slope 4) to the left, from ``x = -4``
    (slope -4) to the right, and both close in on the minimum at ``x = -2``.

    Examples
    --------
    >>> from figures.descent import descent_on_parabola
    >>> fig = descent_on_parabola()
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['$y = (x + 2)^2$', 'from $x = 0$ (slope 4)', 'from $x = -4$ (slope -4)']
    """
    fig, ax = new_figure(figsize=(NARROW, 4.4) if narrow else (WIDE, 3.8))
    grid = np.linspace(-5, 1, 200)
    ax.plot(grid, parabola(grid), color=COLORS["grey"], label="$y = (x + 2)^2$")
    for x0, color, dx in ((0.0, COLORS["orange"], -1), (-4.0, COLORS["blue"], 1)):
        run = gradient_descent(parabola, x0, lr=lr, steps=steps, grad=parabola_grad)
        slope = float(run.grads[0])
        plot_descent(run, ax=ax, color=color, label=f"from $x = {x0:g}$ (slope {slope:.0f})")
        tangent = np.linspace(x0 - 0.6, x0 + 0.6, 2)
        ax.plot(tangent, run.fs[0] + slope * (tangent - x0), "--", color=color, linewidth=1.2)
        ax.annotate(
            "",
            xy=(x0 + 0.9 * dx, run.fs[0] + 0.9),
            xytext=(x0, run.fs[0] + 0.9),
            arrowprops={"arrowstyle": "->", "color": color, "linewidth": 1.5},
        )
        ax.annotate(
            "step left" if dx < 0 else "step right",
            (x0 + 0.45 * dx, run.fs[0] + 1.0),
            ha="center",
            va="bottom",
            color=color,
            fontsize=9,
        )
    ax.plot([-2], [0], "*", color=COLORS["green"], markersize=12)
    # under the star, where neither path runs
    ax.annotate(
        "minimum, $x = -2$", (-2, 0), textcoords="offset points", xytext=(0, -12),
        ha="center", va="top",
    )  # fmt: skip
    ax.set_ylim(-1.4, 7.5)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    # above the axes, clear of the curve
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), fontsize=9, ncols=1 if narrow else 3)
    return fig


@styled
def learning_rates(
    rates: Sequence[tuple[float, str]] = LEARNING_RATES,
    x0: float = 0.0,
    steps: int = 10,
    narrow: bool = False,
) -> Figure:
    """Small multiples: ``steps`` updates on ``y = (x + 2)**2`` for each learning rate.

    The last panel draws the factor ``1 - 2 lr`` by which each step multiplies the distance
    ``x + 2`` to the minimum, with the bands where descent crawls, zig-zags in or runs away.

    Examples
    --------
    >>> from figures.descent import learning_rates
    >>> fig = learning_rates()
    >>> [ax.get_title() for ax in fig.axes][:2]
    ['lr = 0.05: too small: it crawls', 'lr = 0.3: about right']
    >>> len(fig.axes)
    6
    """
    fig, axes = new_figure(ncols=2, nrows=3, figsize=(NARROW, 8.2) if narrow else (WIDE, 7.4))
    sep = "\n" if narrow else ": "  # on a phone each verdict gets a line of its own
    flat = list(axes.ravel())
    grid = np.linspace(-7.5, 3.5, 200)
    for ax, (lr, verdict) in zip(flat, rates, strict=False):
        run = gradient_descent(
            parabola, x0, lr=lr, steps=steps, grad=parabola_grad, on_divergence="flag"
        )
        ax.plot(grid, parabola(grid), color=COLORS["grey"], linewidth=1.2)
        color = COLORS["red"] if abs(1 - 2 * lr) >= 1 else COLORS["blue"]
        plot_descent(run, ax=ax, color=color)
        ax.set_title(f"lr = {lr:g}{sep}{verdict}", fontsize=9)
        ax.set_xlim(grid[0], grid[-1])
        ax.set_ylim(-1, 32)
        ax.text(
            0.03,
            0.95,
            f"after {run.n_steps} steps\n$x$ = {run.x + 0.0:.3g}",
            transform=ax.transAxes,
            va="top",
            fontsize=9,
        )
        ax.set_xlabel("$x$", labelpad=1)
    ax = flat[-1]
    lrs = np.linspace(0, 1.2, 241)
    ax.axhspan(-1, 1, color=COLORS["green"], alpha=0.12, linewidth=0)
    ax.plot(lrs, 1 - 2 * lrs, color=COLORS["purple"])
    for lr, _ in rates:
        ax.plot([lr], [1 - 2 * lr], "o", color=COLORS["purple"], markersize=4)
    ax.axhline(0, color=COLORS["grey"], linewidth=0.8)
    ax.axvline(0.5, color=COLORS["grey"], linewidth=0.8, linestyle=":")
    ax.axvline(1.0, color=COLORS["grey"], linewidth=0.8, linestyle=":")
    ax.text(0.25, 1.08, "creeps in", ha="center", fontsize=9)
    ax.text(0.75, 1.08, "zig-zags" if narrow else "zig-zags in", ha="center", fontsize=9)
    ax.text(1.1, 1.08, "out", ha="center", fontsize=9)
    ax.set_ylim(-1.5, 1.35)
    ax.set_xlim(0, 1.2)
    ax.set_title(f"factor 1 − 2·lr{sep}applied to x + 2 each step", fontsize=9)
    ax.set_xlabel("learning rate lr", labelpad=1)
    return fig


def _feel_marks(ax: Axes, run: Trajectory, color: str, shown: np.ndarray) -> None:
    """Short tangent strokes at the shown points: the slope felt underfoot, nothing more."""
    for x, fx, g in zip(run.xs[shown], run.fs[shown], run.grads[shown], strict=True):
        if not np.isfinite(g):
            continue
        dx = 0.22 / np.sqrt(1 + g**2)
        ax.plot([x - dx, x + dx], [fx - g * dx, fx + g * dx], color=color, linewidth=2.2)


@styled
def blindfolded_walk(
    lr: float = 0.3, starts: tuple[float, float] = (-3.2, 0.3), narrow: bool = False
) -> Figure:
    """The blindfolded walker on [`hill`][]: climbing (ascent) and descending (descent).

    At each point the walker knows only the slope underfoot (the short strokes) and steps
    uphill (ascent) or downhill (descent). From the left start the climb stops on the lower
    top; from the right start it reaches the summit.

    Examples
    --------
    >>> from figures.descent import blindfolded_walk
    >>> fig = blindfolded_walk()
    >>> [ax.get_title() for ax in fig.axes]
    ['gradient ascent: step up the slope', 'gradient descent: step down the slope']
    """
    if narrow:  # one panel above the other
        fig, (up, down) = new_figure(nrows=2, figsize=(NARROW, 6.4), sharex=True)
    else:
        fig, (up, down) = new_figure(ncols=2, figsize=(WIDE, 3.6), sharey=True)
    grid = np.linspace(-4, 4, 300)
    colors = (COLORS["orange"], COLORS["blue"])
    for ax, climb in ((up, True), (down, False)):
        ax.fill_between(grid, hill(grid), -0.2, color=COLORS["grey"], alpha=0.18, linewidth=0)
        ax.plot(grid, hill(grid), color=COLORS["grey"], linewidth=1.2)
        for x0, color in zip(starts, colors, strict=True):
            walk = gradient_ascent if climb else gradient_descent
            run = walk(hill, x0, lr=lr, steps=400)
            shown = np.unique(np.r_[np.arange(0, min(run.n_steps, 12) + 1), run.n_steps])
            ax.plot(run.xs[shown], run.fs[shown], "o", color=color, markersize=3.5)
            _feel_marks(ax, run, color, shown)
            ax.plot(run.xs[:1], run.fs[:1], "o", color=color, markersize=8, markerfacecolor="none")
            ax.annotate(
                f"$x$ = {run.x:.2f}",
                (run.x, run.f),
                textcoords="offset points",
                xytext=(0, 8 if climb else -16),
                ha="center",
                color=color,
                fontsize=9,
            )
        ax.set_title(
            "gradient ascent: step up the slope"
            if climb
            else "gradient descent: step down the slope",
            fontsize=9,
        )
        ax.set_ylim(-0.2, 4.3)
    down.set_xlabel("position $x$")
    if not narrow:
        up.set_xlabel("position $x$")
    for ax in (up, down) if narrow else (up,):
        ax.set_ylabel("height $h(x)$")
    return fig


@styled
def local_minima(
    starts: tuple[float, float] = (0.0, 0.5), lr: float = 0.05, narrow: bool = False
) -> Figure:
    """Descent on ``x**4 - 3 x**2 + x`` from two nearby starts that end in different valleys.

    Examples
    --------
    >>> from figures.descent import local_minima
    >>> fig = local_minima()
    >>> texts = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    >>> texts[1:]
    ['start 0 → ends at -1.301', 'start 0.5 → ends at 1.131']
    """
    fig, ax = new_figure(figsize=(NARROW, 4.2) if narrow else (WIDE, 3.8))
    grid = np.linspace(-2.0, 2.0, 300)
    ax.plot(grid, two_starts_quartic(grid), color=COLORS["grey"], label="$x^4 - 3x^2 + x$")
    for x0, color in zip(starts, (COLORS["blue"], COLORS["orange"]), strict=True):
        run = gradient_descent(two_starts_quartic, x0, lr=lr)
        plot_descent(run, ax=ax, color=color, label=f"start {x0:g} → ends at {run.x:.3f}")
        ax.plot([run.x], [run.f], "*", color=color, markersize=12)
    # the local maximum between the valleys: the root of f'(x) = 4x^3 - 6x + 1 in (0, 1)
    peak = next(r.real for r in np.roots([4, 0, -6, 1]) if 0 < r.real < 1)
    ax.axvline(peak, color=COLORS["grey"], linestyle=":", linewidth=1)
    ax.annotate(
        "local maximum",
        (peak, 2.6),
        textcoords="offset points",
        xytext=(4, 0),
        fontsize=9,
    )
    ax.set_ylim(-4, 3.2)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$f(x)$")
    ax.legend(loc="lower right", fontsize=9)
    return fig


@styled
def zigzag_bowl(
    rates: tuple[float, float] = (0.02, 0.09),
    start: tuple[float, float] = (-4.0, 1.5),
    steps: int = 30,
    narrow: bool = False,
) -> Figure:
    """Descent on the elongated bowl ``f(x, y) = x**2 + 10 y**2``, drawn over its contours.

    A small learning rate slides smoothly but slowly along the valley floor; a large one
    zig-zags across the steep ``y`` direction while it makes fast progress along ``x``.

    Examples
    --------
    >>> from figures.descent import zigzag_bowl
    >>> fig = zigzag_bowl()
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['lr = 0.02', 'lr = 0.09']
    >>> fig.axes[0].get_aspect()
    1.0
    """

    def bowl(v: np.ndarray) -> float:
        return float(v[0] ** 2 + 10 * v[1] ** 2)

    def bowl_grad(v: np.ndarray) -> np.ndarray:
        return np.array([2 * v[0], 20 * v[1]])

    fig, ax = new_figure(figsize=(NARROW, 2.9) if narrow else (WIDE, 3.4))
    levels = [0.5, 2, 5, 10, 18, 28, 40]
    # labels on the right half, below the axis: the paths stay left of x = 0.5
    spots = [(np.sqrt(v / 2), -np.sqrt(v / 20)) for v in levels]
    plot_contours(bowl, (-5, 5), (-2, 2), levels=levels, ax=ax, n=161, labels=spots)
    for lr, color in zip(rates, (COLORS["blue"], COLORS["orange"]), strict=True):
        run = gradient_descent(bowl, list(start), lr=lr, steps=steps, grad=bowl_grad)
        plot_descent(run, ax=ax, color=color, label=f"lr = {lr:g}")
    ax.plot([0], [0], "*", color=COLORS["green"], markersize=11)
    ax.set_xlim(-5, 5)
    ax.set_ylim(-2, 2)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, fontsize=9)
    return fig
