"""The figures of the Derivatives page.

Each takes ``narrow``: ``False`` draws the desktop layout ([`WIDE`][backprop.plot.WIDE] inches),
``True`` the phone layout ([`NARROW`][backprop.plot.NARROW] inches), both with text of 9 points
or more.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from matplotlib.figure import Figure

from backprop.calculus import default_step, derivative, difference_error, gradient
from backprop.plot import COLORS, NARROW, WIDE, new_figure, plot_contours, styled


@styled
def slopes_of_lines(slopes: tuple[float, ...] = (2.0, 5.0), narrow: bool = False) -> Figure:
    """Draw ``y = a x`` for each slope ``a`` with a rise-over-run triangle from x = 1 to x = 2.

    Examples
    --------
    >>> from figures.derivatives import slopes_of_lines
    >>> fig = slopes_of_lines()
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['$y = 2x$', '$y = 5x$']
    """
    fig, ax = new_figure(figsize=(NARROW, 3.4) if narrow else (WIDE, 3.6))
    x = np.linspace(0, 2.5, 50)
    for a, color in zip(slopes, (COLORS["blue"], COLORS["orange"]), strict=False):
        ax.plot(x, a * x, color=color, label=f"$y = {a:g}x$")
        ax.plot([1, 2, 2], [a, a, 2 * a], color=color, linestyle="--", linewidth=1)
        ax.annotate("run 1", (1.5, a), textcoords="offset points", xytext=(0, -12), ha="center")
        ax.annotate(f"rise {a:g}", (2, 1.5 * a), textcoords="offset points", xytext=(6, 0))
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ax.legend(loc="upper left")
    return fig


@styled
def secants_to_tangent(
    f: Callable[[float], float] = lambda x: x**2,
    x: float = 1.0,
    hs: tuple[float, ...] = (1.0, 0.5, 0.25),
    narrow: bool = False,
) -> Figure:
    """Draw the secants through ``(x, f(x))`` and ``(x + h, f(x + h))`` closing in on the tangent.

    Examples
    --------
    >>> from figures.derivatives import secants_to_tangent
    >>> fig = secants_to_tangent()
    >>> fig.axes[0].get_legend().get_texts()[-1].get_text()
    'tangent: slope 2.00'
    """
    fig, ax = new_figure(figsize=(NARROW, 4.6) if narrow else (WIDE, 3.8))
    grid = np.linspace(x - 0.8, x + 1.4, 200)
    ax.plot(grid, [f(g) for g in grid], color=COLORS["grey"], label="$f(x) = x^2$")
    # a colour and a dash for each secant, so that none depends on a faint shade
    styles = (
        (COLORS["red"], ":"),
        (COLORS["orange"], "--"),
        (COLORS["purple"], "-."),
    )
    for h, (color, dash) in zip(hs, styles, strict=False):
        slope = (f(x + h) - f(x)) / h
        ax.plot(
            grid,
            f(x) + slope * (grid - x),
            color=color,
            linestyle=dash,
            linewidth=1.6,
            label=f"secant, $h = {h:g}$: slope {slope:.2f}",
        )
        ax.plot([x + h], [f(x + h)], "o", color=color)
    tangent = derivative(f, x)
    ax.plot(
        grid,
        f(x) + tangent * (grid - x),
        color=COLORS["blue"],
        label=f"tangent: slope {tangent:.2f}",
    )
    ax.plot([x], [f(x)], "o", color=COLORS["blue"])
    ax.set_ylim(-1, max(f(g) for g in grid))
    ax.set_xlabel("$x$")
    ax.set_ylabel("$f(x)$")
    if narrow:  # the legend goes under the plot, where it has the full width
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), fontsize=9)
    else:
        ax.legend(loc="upper left", fontsize=9)
    return fig


@styled
def step_size_error(
    f: Callable[[float], float] = np.sin,
    df: Callable[[float], float] = np.cos,
    x: float = 1.0,
    hs: np.ndarray | None = None,
    narrow: bool = False,
) -> Figure:
    """Error of forward and central differences against the step ``h``, on log-log axes.

    The V shape: truncation error falls as ``h`` shrinks (slope 1 for forward, 2 for central)
    until rounding error, growing like ``eps / h``, takes over. Dashed lines are the error model,
    truncation plus rounding; the dot on each curve is the step
    [`default_step`][backprop.calculus.default_step] picks, near the bottom of the measured V.

    Examples
    --------
    >>> from figures.derivatives import step_size_error
    >>> fig = step_size_error()
    >>> fig.axes[0].get_xscale(), fig.axes[0].get_yscale()
    ('log', 'log')
    """
    hs = np.logspace(-15, -1, 113) if hs is None else np.asarray(hs)
    eps = float(np.finfo(np.float64).eps)
    d2 = abs(derivative(df, x))  # |f''(x)|
    d3 = abs(derivative(lambda t: derivative(df, t), x, h=1e-3))  # |f'''(x)|
    fig, ax = new_figure(figsize=(NARROW, 4.4) if narrow else (WIDE, 4.0))
    for method, color in (("forward", COLORS["orange"]), ("central", COLORS["blue"])):
        err = np.maximum(difference_error(f, df, x, hs, method=method), 1e-17)
        trunc = hs / 2 * d2 if method == "forward" else hs**2 / 6 * d3
        model = trunc + eps * abs(f(x)) / hs
        ax.loglog(hs, err, color=color, alpha=0.8, linewidth=1.2, label=f"{method} difference")
        ax.loglog(hs, model, color=color, linestyle="--", linewidth=1)
        h0 = default_step(x, method)
        e0 = abs(derivative(f, x, method=method) - df(x))
        ax.loglog([h0], [e0], "o", color=color, markersize=7)
        # each label in the empty wedge right of the V, with an arrow to its dot
        ax.annotate(
            "default $h$",
            (h0, e0),
            xytext=(3e-7, 2e-8) if method == "forward" else (2e-5, 1.5e-12),
            va="center",
            color=color,
            fontsize=9,
            arrowprops={"arrowstyle": "->", "color": color, "linewidth": 1},
        )
    ax.set_xlabel("step $h$")
    ax.set_ylabel("absolute error")
    # both below the curves, where nothing else is drawn
    for x_text, text, ha in (
        (0.99, "truncation\nerror wins", "right"),
        (0.01, "rounding\nerror wins", "left"),
    ):
        ax.text(x_text, 0.2, text, transform=ax.transAxes, ha=ha, fontsize=9)
    ax.legend(loc="upper center", ncols=1 if narrow else 2, fontsize=9)
    ax.set_ylim(1e-13, 100)
    return fig


@styled
def gradient_arrows(
    f: Callable[[np.ndarray], float] = lambda v: v[0] ** 2 + 3 * v[1] ** 2,
    lim: float = 2.0,
    narrow: bool = False,
) -> Figure:
    """Contours of a function of two variables with its (numeric) gradient drawn as arrows.

    Each arrow points uphill, across the contour lines, and is longer where the surface is steeper.

    Examples
    --------
    >>> from figures.derivatives import gradient_arrows
    >>> fig = gradient_arrows()
    >>> fig.axes[0].get_aspect()
    1.0
    """
    fig, ax = new_figure(figsize=(NARROW, 4.4) if narrow else (5.2, 4.4))
    levels = [0.5, 1.5, 3, 5, 7.5, 10]
    points = np.linspace(-lim * 0.8, lim * 0.8, 7)
    # each level's label on the line halfway between the two middle columns of arrows, above
    # y = 0, where no arrow is drawn
    x_label, ys = (points[3] + points[4]) / 2, np.linspace(0, lim, 801)
    along = np.array([f(np.array([x_label, y])) for y in ys])
    spots = [(x_label, ys[np.argmin(np.abs(along - v))]) for v in levels if along.max() > v]
    plot_contours(f, (-lim, lim), (-lim, lim), levels=levels, ax=ax, labels=spots)
    px, py = np.meshgrid(points, points)
    g = np.array([gradient(f, [a, b]) for a, b in zip(px.ravel(), py.ravel(), strict=True)])
    # green: a hue the contours' blue-to-amber scale does not use
    ax.quiver(
        px.ravel(), py.ravel(), g[:, 0], g[:, 1], color=COLORS["green"], angles="xy", width=0.005
    )
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    return fig


@styled
def product_rectangle(
    u: float = 3.0, v: float = 2.0, du: float = 0.6, dv: float = 0.4, narrow: bool = False
) -> Figure:
    """The product rule as area: a ``u`` by ``v`` rectangle grown by ``du`` and ``dv``.

    The two strips, ``du * v`` and ``u * dv``, are the product rule's two terms; the corner
    ``du * dv`` is the part that vanishes faster than the nudge.

    Examples
    --------
    >>> from figures.derivatives import product_rectangle
    >>> fig = product_rectangle()
    >>> len(fig.axes[0].patches)
    4
    """
    from matplotlib.patches import Rectangle

    # small on the phone too: shown at its own size there, its text stays at 10 points
    fig, ax = new_figure(figsize=(3.5, 2.6) if narrow else (4.8, 3.4))
    pieces = [  # where, width, height, colour, label, the label's angle
        ((0, 0), u, v, COLORS["grey"], "$u\\,v$\n(the old area)", 0),
        ((u, 0), du, v, COLORS["orange"], "$u$\u2032$\\Delta x \\cdot v$", 90),
        ((0, v), u, dv, COLORS["blue"], "$u \\cdot v$\u2032$\\Delta x$", 0),
        ((u, v), du, dv, COLORS["red"], "", 0),
    ]
    for (x0, y0), w, h, color, text, angle in pieces:
        ax.add_patch(Rectangle((x0, y0), w, h, facecolor=color, alpha=0.35, edgecolor=color))
        if text:
            ax.text(
                x0 + w / 2, y0 + h / 2, text, ha="center", va="center", fontsize=10,
                rotation=angle,
            )  # fmt: skip
    # the primes are the text font's (U+2032): mathtext's prime is a glyph of a TeX font that
    # a browser does not have, and it would show as "0"
    # the corner's label outside it, with a line to it: it is too small to hold text
    ax.annotate(
        "corner $u$\u2032$v$\u2032$\\Delta x^2$:\nvanishes faster",
        (u + du / 2, v + dv / 2),
        xytext=(u + du + 0.25, v + dv + 0.35),
        fontsize=9,
        arrowprops={"arrowstyle": "-", "color": COLORS["red"], "linewidth": 1},
    )
    ax.set_xlim(-0.1, u + du + 1.7)
    ax.set_ylim(-0.1, v + dv + 0.9)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig
