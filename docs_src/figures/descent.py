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
    "SCAN_STARTS",
    "blindfolded_walk",
    "descent_on_parabola",
    "distance_per_step",
    "ends_deep",
    "hill",
    "learning_rates",
    "local_minima",
    "parabola",
    "parabola_grad",
    "quartic_grad",
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
    ``x + 2`` to the minimum; the rates ``0 < lr < 1``, where the factor lies between -1 and 1
    (dashed) and descent converges, are shaded.

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
    # the rates that converge, 0 < lr < 1, where the factor lies between -1 and 1
    ax.axvspan(0, 1, color=COLORS["green"], alpha=0.12, linewidth=0)
    for level in (-1, 1):
        ax.axhline(level, color=COLORS["grey"], linewidth=0.8, linestyle="--")
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
    lr: float = 0.1, starts: tuple[float, float] = (-3.2, 0.3), narrow: bool = False
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
            # every point the walker stood on, up to 40 (later ones pile up at the end)
            shown = np.unique(np.r_[np.arange(min(run.n_steps, 40) + 1), run.n_steps])
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


SCAN_STARTS = np.round(np.arange(-3.2, 3.25, 0.1), 1)
"""The 65 starts, -3.2 to 3.2 in steps of 0.1, that [`local_minima`][]'s strip scans."""


def quartic_grad(x: float) -> float:
    """The slope of [`two_starts_quartic`][], ``4 x**3 - 6 x + 1``.

    Examples
    --------
    >>> from figures.descent import quartic_grad
    >>> quartic_grad(0.0), quartic_grad(0.5)
    (1.0, -1.5)
    """
    return 4 * x**3 - 6 * x + 1


def ends_deep(x0: float, lr: float = 0.05) -> bool:
    """True if descent on [`two_starts_quartic`][] from ``x0`` ends in the deep valley (x < 0).

    Examples
    --------
    >>> from figures.descent import ends_deep
    >>> ends_deep(0.0), ends_deep(0.5), ends_deep(-3.0)
    (True, False, False)
    """
    return bool(gradient_descent(two_starts_quartic, x0, lr=lr, grad=quartic_grad).x < 0)


@styled
def local_minima(
    starts: tuple[float, float] = (0.0, 0.5),
    lr: float = 0.05,
    scan_rates: tuple[float, ...] = (0.05, 0.02),
    narrow: bool = False,
) -> Figure:
    """Descent on ``x**4 - 3 x**2 + x`` from two nearby starts, and where every start ends.

    Top: the two starts of the text, each rolling into its own valley. Bottom: a strip for
    each rate in ``scan_rates``, one square per start in [`SCAN_STARTS`][], blue if the run
    ends in the deep valley and orange if in the shallow one. The dotted line is the hump.

    Examples
    --------
    >>> from figures.descent import local_minima
    >>> fig = local_minima()
    >>> texts = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    >>> texts[1:]
    ['start 0 → ends at -1.301', 'start 0.5 → ends at 1.131']
    >>> [t.get_text() for t in fig.axes[1].get_yticklabels()]
    ['lr = 0.05', 'lr = 0.02']
    """
    fig, (ax, strip) = new_figure(
        nrows=2,
        sharex=True,
        figsize=(NARROW, 5.6) if narrow else (WIDE, 4.9),
        gridspec_kw={"height_ratios": [3, 1.25]},
    )
    lo, hi = SCAN_STARTS[0] - 0.1, SCAN_STARTS[-1] + 0.1
    grid = np.linspace(lo, hi, 400)
    ax.plot(grid, two_starts_quartic(grid), color=COLORS["grey"], label="$x^4 - 3x^2 + x$")
    deep_color, shallow_color = COLORS["blue"], COLORS["orange"]
    for x0, color in zip(starts, (deep_color, shallow_color), strict=True):
        run = gradient_descent(two_starts_quartic, x0, lr=lr, grad=quartic_grad)
        plot_descent(run, ax=ax, color=color, label=f"start {x0:g} → ends at {run.x:.3f}")
        ax.plot([run.x], [run.f], "*", color=color, markersize=12)
    # the local maximum between the valleys: the root of f'(x) = 4x^3 - 6x + 1 in (0, 1)
    peak = next(r.real for r in np.roots([4, 0, -6, 1]) if 0 < r.real < 1)
    for axis in (ax, strip):
        axis.axvline(peak, color=COLORS["grey"], linestyle=":", linewidth=1)
    ax.annotate("local maximum", (peak, 2.6), textcoords="offset points", xytext=(4, 0), fontsize=9)
    ax.set_ylim(-4, 3.2)
    ax.set_xlim(lo, hi)
    ax.set_xlabel("")
    ax.set_ylabel("$f(x)$")
    ax.legend(loc="lower right", fontsize=9)
    for row, rate in enumerate(scan_rates):
        deep = np.array([ends_deep(x0, rate) for x0 in SCAN_STARTS])
        y = np.full(len(SCAN_STARTS), -row)
        for mask, color in ((deep, deep_color), (~deep, shallow_color)):
            strip.plot(
                SCAN_STARTS[mask], y[mask], "s", color=color, markersize=3.2 if narrow else 4
            )
    strip.plot([], [], "s", color=deep_color, label="deep valley")
    strip.plot([], [], "s", color=shallow_color, label="shallow valley")
    strip.set_yticks([-row for row in range(len(scan_rates))])
    strip.set_yticklabels([f"lr = {rate:g}" for rate in scan_rates], fontsize=9)
    strip.set_ylim(-len(scan_rates) + 0.4, 0.6)
    strip.grid(False, axis="y")
    strip.set_xlabel("start $x_0$")
    strip.set_title("where each start ends", fontsize=9)
    strip.legend(loc="upper center", bbox_to_anchor=(0.5, -0.36), ncols=2, fontsize=9)
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
    # labels on the right half, below the axis, where no path runs (the paths stay at x < 0);
    # the innermost contour, under the end of the paths, goes unlabelled
    spots = [(np.sqrt(v / 2), -np.sqrt(v / 20)) for v in levels[1:]]
    cs = plot_contours(bowl, (-5, 5), (-2, 2), levels=levels, ax=ax, n=161, labels=spots)
    for text in cs.labelTexts:
        text.set_fontsize(11 if narrow else 10)  # 11 pt is 11 px on a phone
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


@styled
def distance_per_step(
    rates: Sequence[float] = (0.05, 0.3, 0.8, 1.05),
    x0: float = 0.0,
    steps: int = 30,
    narrow: bool = False,
) -> Figure:
    """The distance ``|x_k + 2|`` to the minimum of [`parabola`][] against the step, log scale.

    Each run multiplies the distance by ``|1 - 2 lr|`` every step, so on a log scale it is a
    straight line of slope ``ln |1 - 2 lr|``: falling below ``lr = 1``, rising above. The thin
    lines are the prediction ``|x_0 + 2| |1 - 2 lr|**k``; the dots are the runs.

    Examples
    --------
    >>> from figures.descent import distance_per_step
    >>> fig = distance_per_step()
    >>> fig.axes[0].get_yscale()
    'log'
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()][0]
    'lr = 0.05: × 0.9 a step'
    """
    fig, ax = new_figure(figsize=(NARROW, 4.2) if narrow else (WIDE, 3.6))
    k = np.arange(steps + 1)
    colors = (COLORS["blue"], COLORS["green"], COLORS["purple"], COLORS["red"])
    for lr, color in zip(rates, colors, strict=False):
        run = gradient_descent(
            parabola, x0, lr=lr, steps=steps, grad=parabola_grad, tol=0, on_divergence="flag"
        )
        factor = abs(1 - 2 * lr)
        ax.plot(k, abs(x0 + 2) * factor**k, color=color, linewidth=1, alpha=0.6)
        ax.plot(
            k, np.abs(run.xs + 2), "o", color=color, markersize=3.5,
            label=f"lr = {lr:g}: × {factor:g} a step",
        )  # fmt: skip
    ax.set_yscale("log")
    ax.set_xlim(-0.5, steps + 0.5)
    ax.set_xlabel("step $k$")
    ax.set_ylabel("distance $|x_k + 2|$")
    ax.legend(
        loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, fontsize=9,
    )  # fmt: skip
    return fig
