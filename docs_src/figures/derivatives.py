"""The figures of the Derivatives page.

Each takes ``narrow``: ``False`` draws the desktop layout ([`WIDE`][backprop.plot.WIDE] inches),
``True`` the phone layout ([`NARROW`][backprop.plot.NARROW] inches), both with text of 9 points
or more.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from backprop.calculus import default_step, derivative, difference_error, gradient
from backprop.plot import COLORS, INK, NARROW, WIDE, new_figure, plot_contours, styled


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

    The run ``h`` and the rise of the largest secant are drawn as the legs of its triangle.

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
        ax.plot([x + h], [f(x + h)], "o", color=color, markersize=8, zorder=5)
    # the run h and the rise of the largest secant, drawn as the two legs of its triangle
    h = max(hs)
    rise = f(x + h) - f(x)
    ax.plot([x, x + h, x + h], [f(x), f(x), f(x + h)], color=COLORS["grey"], linewidth=1.2)
    ax.annotate(f"$h = {h:g}$", (x + h / 2, f(x)), xytext=(0, -13), textcoords="offset points",
                ha="center", fontsize=10)  # fmt: skip
    ax.annotate(f"rise {rise:g}", (x + h, f(x) + rise / 2), xytext=(5, 0),
                textcoords="offset points", va="center", fontsize=10)  # fmt: skip
    tangent = derivative(f, x)
    ax.plot(
        grid,
        f(x) + tangent * (grid - x),
        color=COLORS["blue"],
        label=f"tangent: slope {tangent:.2f}",
    )
    ax.plot([x], [f(x)], "o", color=COLORS["blue"], markersize=8, zorder=5)
    ax.set_ylim(-1, max(f(g) for g in grid))
    ax.set_xlabel("$x$")
    ax.set_ylabel("$f(x)$")
    if narrow:  # the legend goes under the plot, where it has the full width
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), fontsize=9)
    else:
        ax.legend(loc="upper left", fontsize=9)
    return fig


@styled
def derivative_curves(narrow: bool = False) -> Figure:
    """Two functions and their derivatives, each a curve of its own: ``x**2`` beside ``2 x``, and
    the sigmoid beside its slope, which peaks at 0.25 at 0 and fades to 0 on both sides.

    In each panel the tangent at one point (orange) is joined by a dotted line to the
    derivative's value there (blue), which is the tangent's slope.

    The derivatives are the numeric ones, ``derivative(f, x)`` at each ``x`` of the plot.

    Examples
    --------
    >>> from figures.derivatives import derivative_curves
    >>> fig = derivative_curves()
    >>> [len(ax.get_lines()) >= 2 for ax in fig.axes]
    [True, True]
    """
    fig, axes = new_figure(
        *((1, 2) if narrow else (2, 1)),
        figsize=(NARROW, 6.2) if narrow else (WIDE, 3.2),
    )

    def sigmoid(t: float) -> float:
        return 1 / (1 + np.exp(-t))

    # primes as the text font's U+2032, as in product_rectangle
    prime = "\u2032"
    panels = (  # f, its name, its slope's name, the x range, the marked x, the tangent's
        # half-width, where the text goes (in x and y), where the legend goes
        (lambda t: t**2, "$f(x) = x^2$", f"$f${prime}$(x) = 2x$", np.linspace(-2, 2, 81),
         1.0, 0.9, (0.42, -0.4), "lower right"),
        (sigmoid, "$\\sigma(x)$", f"$\\sigma${prime}$(x)$", np.linspace(-6, 6, 121), 0.0, 2.0,
         (0.7, 0.45), "upper left"),
    )  # fmt: skip
    for ax, (f, name, slope_name, xs, mark, half, text_at, where) in zip(
        np.ravel(axes), panels, strict=True
    ):
        slopes = [derivative(f, x) for x in xs]
        ax.plot(xs, [f(x) for x in xs], color=COLORS["grey"], label=name)
        ax.plot(xs, slopes, color=COLORS["blue"], label=slope_name)
        # at one point: the tangent of f (orange), and the blue curve's value there, its slope
        m = derivative(f, mark)
        near = np.array([mark - half, mark + half])
        ax.plot(near, f(mark) + m * (near - mark), color=COLORS["orange"], linestyle="--",
                linewidth=1.8, label="tangent")  # fmt: skip
        ax.plot([mark, mark], [f(mark), m], color=INK, linestyle=":", linewidth=1)
        ax.plot([mark], [f(mark)], "o", color=COLORS["orange"], zorder=5)
        ax.plot([mark], [m], "o", color=COLORS["blue"], zorder=5)
        ax.text(*text_at, f"blue height {m:.2g}\n= orange slope", ha="left", va="top",
                fontsize=10)  # fmt: skip
        ax.axhline(0, color=INK, linewidth=0.6)
        ax.set_xlabel("$x$")
        ax.legend(loc=where, fontsize=10)
    return fig


def step_error_model(
    f: Callable[[float], float],
    df: Callable[[float], float],
    x: float,
    hs: np.ndarray,
    method: str,
) -> np.ndarray:
    """The error model of a difference at each step ``h``: truncation plus rounding.

    Forward: ``h/2 |f''| + eps |f| / h``. Central: ``h**2/6 |f'''| + eps |f| / (2 h)``: its
    difference of two values, each stored to within ``eps/2`` of ``|f|``, is divided by ``2 h``.
    The rounding terms are upper estimates. ``f''`` and ``f'''`` are taken numerically from ``df``.

    Examples
    --------
    >>> import numpy as np
    >>> from figures.derivatives import step_error_model
    >>> fwd, cen = (step_error_model(np.sin, np.cos, 1.0, [1e-13], m)[0]
    ...             for m in ("forward", "central"))
    >>> round(float(fwd / cen), 3)  # a tiny step: rounding rules, and central's is half
    2.0
    """
    hs = np.asarray(hs, dtype=float)
    eps = float(np.finfo(np.float64).eps)
    if method == "forward":
        return hs / 2 * abs(derivative(df, x)) + eps * abs(f(x)) / hs
    d3 = abs(derivative(lambda t: derivative(df, t), x, h=1e-3))  # |f'''(x)|
    return hs**2 / 6 * d3 + eps * abs(f(x)) / (2 * hs)


@styled
def step_size_error(
    f: Callable[[float], float] = np.sin,
    df: Callable[[float], float] = np.cos,
    x: float = 1.0,
    hs: np.ndarray | None = None,
    narrow: bool = False,
) -> Figure:
    """Error of forward and central differences against the step ``h``, on log-log axes.

    One panel per method, on one scale. The V shape: truncation error falls as ``h`` shrinks
    (slope 1 for forward, 2 for central) until rounding error, growing like ``eps / h``, takes
    over. The dashed line is the error model, ``step_error_model``; the dotted vertical line
    marks the step [`default_step`][backprop.calculus.default_step] picks, near the bottom of
    each V.

    Examples
    --------
    >>> from figures.derivatives import step_size_error
    >>> fig = step_size_error()
    >>> fig.axes[0].get_xscale(), fig.axes[0].get_yscale()
    ('log', 'log')
    """
    hs = np.logspace(-15, -1, 113) if hs is None else np.asarray(hs)
    # one panel per method, so neither curve hides the other; one scale for both
    fig, axes = new_figure(
        *((1, 2) if narrow else (2, 1)),
        figsize=(NARROW, 6.4) if narrow else (WIDE, 3.6),
        sharex=True,
        sharey=True,
    )
    for ax, method, color in zip(
        np.ravel(axes), ("forward", "central"), (COLORS["orange"], COLORS["blue"]), strict=True
    ):
        err = np.maximum(difference_error(f, df, x, hs, method=method), 1e-17)
        ax.loglog(hs, err, color=color, linewidth=1.8, label="measured")
        model = step_error_model(f, df, x, hs, method)
        ax.loglog(hs, model, color=INK, linestyle="--", linewidth=1.1, label="model")
        # where the default step is, not how lucky its one measurement happens to be
        ax.axvline(default_step(x, method), color=INK, linestyle=":", linewidth=1.5,
                   label="default $h$")  # fmt: skip
        ax.set_title(f"{method} difference", fontsize=10)
        if not narrow or method == "central":  # stacked on a phone: one label, at the bottom
            ax.set_xlabel("step $h$")
        ax.set_xticks([1e-15, 1e-11, 1e-7, 1e-3])
        # below the curves, where nothing else is drawn
        for x_text, text, ha in (
            (0.97, "truncation\nwins", "right"),
            (0.03, "rounding\nwins", "left"),
        ):
            ax.text(x_text, 0.04, text, transform=ax.transAxes, ha=ha, fontsize=9)
    np.ravel(axes)[0].set_ylabel("absolute error")
    if narrow:
        np.ravel(axes)[1].set_ylabel("absolute error")
    np.ravel(axes)[0].set_ylim(1e-13, 1e0)
    # one key for both panels, above them, where no line runs through it
    fig.legend(
        handles=[
            Line2D([], [], color=COLORS["grey"], linewidth=1.8, label="measured"),
            Line2D([], [], color=INK, linestyle="--", linewidth=1.1, label="model"),
            Line2D([], [], color=INK, linestyle=":", linewidth=1.5, label="default $h$"),
        ],
        loc="outside upper center",
        ncols=3,
        fontsize=9,
    )
    return fig


def contour_points(
    f: Callable[[np.ndarray], float], level: float, degrees: np.ndarray
) -> np.ndarray:
    """Points where ``f`` equals ``level``, one on each ray from the origin at ``degrees``.

    Each is found by bisection along its ray, so ``f`` must grow along every ray from a
    minimum at the origin (a bowl).

    Examples
    --------
    >>> from figures.derivatives import contour_points
    >>> contour_points(lambda v: v[0] ** 2 + 3 * v[1] ** 2, 3.0, [0, 90]).round(6).tolist()
    [[1.732051, 0.0], [0.0, 1.0]]
    """
    points = []
    for angle in np.radians(np.asarray(degrees, dtype=float)):
        ray = np.array([np.cos(angle), np.sin(angle)])
        lo, hi = 0.0, 1.0
        while f(hi * ray) < level:
            hi *= 2
        for _ in range(60):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if f(mid * ray) < level else (lo, mid)
        points.append((lo + hi) / 2 * ray)
    return np.array(points)


@styled
def gradient_arrows(
    f: Callable[[np.ndarray], float] = lambda v: v[0] ** 2 + 3 * v[1] ** 2,
    on: tuple[float, ...] = (1.0, 3.0),
    narrow: bool = False,
) -> Figure:
    """Contours of a bowl with its (numeric) gradient drawn as arrows at points of two contours.

    Each arrow starts on a contour of a level in ``on``, beside a dashed piece of that contour's
    tangent, so the right angle between them shows. Arrow lengths are to scale: the key gives
    the length of a gradient of size 5.

    Examples
    --------
    >>> from figures.derivatives import gradient_arrows
    >>> fig = gradient_arrows()
    >>> fig.axes[0].get_aspect()
    1.0
    """
    fig, ax = new_figure(figsize=(NARROW, 4.1) if narrow else (WIDE, 4.3))
    size = 12 if narrow else 10  # shown at 343 px on a phone, 12 points is 12 px there
    xlim, ylim = (-2.6, 2.6), (-2.0, 2.0)
    levels = [1.0, 3.0, 6.0]
    # each label where no arrow or tangent of the contours 1 and 3 comes near it
    spots = [
        tuple(contour_points(f, v, [d])[0]) for v, d in zip(levels, (180, 160, 160), strict=True)
    ]
    contours = plot_contours(f, xlim, ylim, levels=levels, ax=ax, labels=spots)
    for label in contours.labelTexts:
        label.set_fontsize(size)
        label.set_rotation(0)  # upright: the label of 1 sits where its contour is vertical
    scale = 0.15  # an arrow's length, in units of x and y, per unit of |grad f|
    # eight points on the outer contour, four on the inner one, between the outer's rays
    rays = {on[0]: np.arange(45, 360, 90), on[-1]: np.arange(0, 360, 45)}
    for level, degrees in rays.items():
        base = contour_points(f, level, degrees)
        g = np.array([gradient(f, p) for p in base])
        arrows = ax.quiver(base[:, 0], base[:, 1], g[:, 0], g[:, 1], color=COLORS["green"],
                           angles="xy", scale_units="xy", scale=1 / scale, width=0.006,
                           zorder=4)  # fmt: skip
        tangent = np.stack([-g[:, 1], g[:, 0]], axis=1)
        tangent /= np.linalg.norm(tangent, axis=1, keepdims=True)
        for p, t in zip(base, tangent, strict=True):
            ends = np.array([p - 0.35 * t, p + 0.35 * t])
            ax.plot(ends[:, 0], ends[:, 1], color=INK, linestyle="--", linewidth=1.3, zorder=3)
    key = r"$|\nabla f| = 5$" if narrow else r"an arrow for $|\nabla f| = 5$"
    ax.quiverkey(arrows, 0.1, 0.95, 5, key, labelpos="E",
                 coordinates="axes", fontproperties={"size": size})  # fmt: skip
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xticks([-2, -1, 0, 1, 2])
    ax.set_yticks([-1, 0, 1])
    ax.tick_params(labelsize=size)
    ax.set_xlabel("$x$", fontsize=size)
    ax.set_ylabel("$y$", fontsize=size)
    ax.legend(
        handles=[
            Line2D([], [], color=COLORS["green"], label=r"gradient $\nabla f$"),
            Line2D(
                [], [], color=INK, linestyle="--", linewidth=1.3, label="tangent to the contour"
            ),
        ],
        # on the phone under the plot, where it has the full width
        loc="upper center" if narrow else "upper right",
        bbox_to_anchor=(0.5, -0.16) if narrow else (1.0, 1.12),
        ncols=1,
        fontsize=size,
    )
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
    fig, ax = new_figure(figsize=(3.8, 2.9) if narrow else (5.0, 3.6))
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
    # the sides: u and its growth u'Δx along the bottom, v and v'Δx up the left
    prime = "\u2032"
    for where, text, ha, va in (
        ((u / 2, -0.08), "$u$", "center", "top"),
        ((u + du / 2, -0.08), f"$u${prime}$\\Delta x$", "center", "top"),
        ((-0.08, v / 2), "$v$", "right", "center"),
        ((-0.08, v + dv / 2), f"$v${prime}$\\Delta x$", "right", "center"),
    ):
        ax.text(*where, text, ha=ha, va=va, fontsize=10)
    ax.set_xlim(-0.75, u + du + 1.7)
    ax.set_ylim(-0.45, v + dv + 0.9)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig


def chain_moves(x: float = 1.3, dx: float = 0.001) -> tuple[float, float, float]:
    """How far a nudge ``dx`` of ``x`` moves ``x``, ``u = x**2`` and ``f = sin(u)``.

    Examples
    --------
    >>> from figures.derivatives import chain_moves
    >>> [round(m, 5) for m in chain_moves()]
    [0.001, 0.0026, -0.00031]
    """
    u = x**2
    du = (x + dx) ** 2 - u
    return dx, du, float(np.sin(u + du) - np.sin(u))


@styled
def chain_nudge(x: float = 1.3, dx: float = 0.001, narrow: bool = False) -> Figure:
    """A nudge followed through ``u = x**2`` and ``f = sin(u)`` on three number lines.

    Each line is centred on its value (``x``, ``u``, ``f``) and all three share one scale, so
    the arrows' lengths compare: ``u`` moves ``2x`` times as far as ``x``, and ``f`` moves
    ``cos(u)`` times as far as ``u``, here a short step backwards.

    Examples
    --------
    >>> from figures.derivatives import chain_nudge
    >>> fig = chain_nudge()
    >>> len(fig.axes)
    1
    """
    from matplotlib.patches import FancyArrowPatch

    moves = chain_moves(x, dx)
    u = x**2
    values = (x, u, float(np.sin(u)))
    rates = (None, 2 * x, float(np.cos(u)))
    fig, ax = new_figure(figsize=(NARROW, 3.4) if narrow else (WIDE, 3.0))
    size = 10
    half = 3.2 * dx  # each line shows its value plus and minus this much
    rows = (2.0, 1.0, 0.0)
    names = ("$x$", "$u = x^2$", "$f = \\sin u$")
    # the rates: 2x, then cos(u); each text ends left of the centre, clear of the joins
    texts = (
        f"$\\Delta x = {dx:g}$",
        f"$\\Delta u \\approx {rates[1]:g}\\,\\Delta x$",
        f"$\\Delta f \\approx {{{rates[2]:.3f}}}\\,\\Delta u$",
    )
    for y, value, move, name, text in zip(rows, values, moves, names, texts, strict=True):
        ax.plot([-half, half], [y, y], color=INK, linewidth=1)
        for tick in np.arange(-3, 4) * dx:
            ax.plot([tick, tick], [y - 0.04, y + 0.04], color=INK, linewidth=0.8)
        ax.plot([0], [y], "o", color=COLORS["grey"], markersize=7, zorder=4)
        ax.text(0, y - 0.1, f"{value:.4g}", ha="center", va="top", fontsize=size)
        ax.text(-half * 1.04, y, name, ha="right", va="center", fontsize=size + 1)
        ax.add_patch(FancyArrowPatch((0, y + 0.12), (move, y + 0.12), arrowstyle="-|>",
                                     mutation_scale=12, color=COLORS["orange"], linewidth=2,
                                     shrinkA=0, shrinkB=0))  # fmt: skip
        ax.plot([move], [y], "o", color=COLORS["orange"], markersize=5, zorder=4)
        ax.text(min(move, 0) - 0.2 * dx, y + 0.14, text, ha="right", va="center", fontsize=size,
                color=COLORS["orange"])  # fmt: skip
    # the start points and the moved points, joined from line to line
    for (y_top, y_low), (m_top, m_low) in zip(pairwise(rows), pairwise(moves), strict=True):
        ax.plot([0, 0], [y_top - 0.3, y_low + 0.05], color=COLORS["grey"], linewidth=0.8,
                linestyle=":")  # fmt: skip
        ax.plot([m_top, m_low], [y_top - 0.03, y_low + 0.05], color=COLORS["orange"],
                linewidth=0.8, linestyle=":")  # fmt: skip
    ax.set_xlim(-half * (1.45 if narrow else 1.3), half * 1.03)
    ax.set_ylim(-0.35, 2.3)
    ax.axis("off")
    return fig
