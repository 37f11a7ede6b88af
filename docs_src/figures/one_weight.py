"""The figures of the Learning one weight page.

The weights drawn here come from [`backprop.descent.gradient_descent`][] on the worked example
([`backprop.data.one_weight_example`][]), the same code the page's tables print: [`weights`][]
keeps every step, [`steps_to_read`][] counts them until the weight reads as ``w* = 1/3`` does.
The one-weight trainer (``figures.widgets``) and its browser test use the same two. Each figure
takes ``narrow`` (the phone layout).
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from backprop.data import identity_table, line, one_weight_example
from backprop.descent import gradient_descent
from backprop.plot import COLORS, NARROW, WIDE, new_figure, styled

__all__ = [
    "DECIMALS",
    "MAX_STEPS",
    "error_shrinks",
    "loss_parabola",
    "mse_fit",
    "steps_to_read",
    "weights",
    "weights_as_lines",
]

DECIMALS = 6
"""The worked example has converged once ``w``, rounded to this many places, reads as
``w* = y / x`` does: a table printed to 6 places shows ``0.333333``."""

MAX_STEPS = 100_000
"""Where [`steps_to_read`][] gives up (a learning rate too large for the example)."""


def weights(w0: float, lr: float, steps: int) -> np.ndarray:
    """Every weight of gradient descent on the worked example: ``w0``, then one per step.

    [`gradient_descent`][backprop.descent.gradient_descent] with the example's exact slope and
    every step kept (``tol=0``); once the weight overflows (``lr`` too large) the rest are NaN.

    Examples
    --------
    >>> from figures.one_weight import weights
    >>> [round(float(w), 6) for w in weights(0.8, 0.1, steps=3)]
    [0.8, 0.59, 0.4745, 0.410975]
    >>> bool(np.isnan(weights(0.8, 5.0, steps=300)[-1]))
    True
    """
    ex = one_weight_example()
    run = gradient_descent(
        ex.loss, w0, lr, steps=steps, grad=ex.grad, tol=0, max_abs=np.finfo(float).max,
        on_divergence="flag",
    )  # fmt: skip
    # a run stops early only at an exact minimum (it stays there) or once w overflows
    ws = np.full(steps + 1, np.nan if run.diverged else run.x)
    ws[: len(run.xs)] = run.xs
    return ws


def steps_to_read(
    w0: float, lr: float, decimals: int = DECIMALS, max_steps: int = MAX_STEPS
) -> int | None:
    """The first step at which ``w``, rounded to ``decimals`` places, reads as ``w*`` does.

    ``None`` if it never does within ``max_steps`` (``lr`` too large: descent on this example
    converges only for ``lr < 1 / x**2``). Each step is the update of [`weights`][].

    Examples
    --------
    >>> from figures.one_weight import steps_to_read
    >>> steps_to_read(0.8, 0.1), steps_to_read(1 / 3, 0.1), steps_to_read(0.8, 0.5) is None
    (25, 0, True)
    """
    ex = one_weight_example()
    target, w = round(ex.w_star, decimals), w0
    for k in range(max_steps + 1):
        if round(w, decimals) == target:
            return k
        if not np.isfinite(w):
            return None
        w = w - lr * ex.grad(w)
    return None


@styled
def weights_as_lines(weights: tuple[float, ...] = (0.5, 1.0, 2.0), narrow: bool = False) -> Figure:
    """The table ``y = 1 * x`` and the question ``x = 6``, with the line ``y = w x`` per weight.

    Each weight is a line through the origin; the table's points pick ``w = 1``, which answers
    6 for ``x = 6``.

    Examples
    --------
    >>> from figures.one_weight import weights_as_lines
    >>> fig = weights_as_lines()
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['the table', '$w = 0.5$', '$w = 1$', '$w = 2$']
    """
    table = identity_table()
    fig, ax = new_figure(figsize=(NARROW, 3.6) if narrow else (WIDE, 3.6))
    ax.plot(table.X.ravel(), table.Y.ravel(), "o", color=COLORS["grey"], label="the table")
    x = np.linspace(0, 6.5, 2)
    colors = (COLORS["blue"], COLORS["green"], COLORS["orange"])
    for w, color in zip(weights, colors, strict=False):
        ax.plot(x, w * x, color=color, linewidth=1.6, label=f"$w = {w:g}$")
        ax.annotate(
            f"{w * table.x_new:g}",
            (table.x_new, w * table.x_new),
            textcoords="offset points",
            xytext=(10, -4),
            color=color,
            fontsize=9,
        )
    ax.plot([table.x_new], [table.y_new], "*", color=COLORS["green"], markersize=14)
    ax.axvline(table.x_new, color=COLORS["grey"], linestyle=":", linewidth=1)
    ax.annotate(
        f"$x = {table.x_new:g}$: ?",
        (table.x_new, 0.5),
        textcoords="offset points",
        xytext=(-6, 0),
        ha="right",
        fontsize=9,
    )
    ax.set_xlim(0, 7)
    ax.set_ylim(0, 13.5)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ax.legend(loc="upper left", fontsize=9)
    return fig


@styled
def loss_parabola(steps: int = 4, narrow: bool = False) -> Figure:
    """``J(w) = (x w - y)**2`` of the worked example, with the first ``steps`` weights on it.

    Dashed tangents at ``w0`` and ``w2`` show the slope flattening towards the bottom. Each
    step is an arrow along ``w`` at the height of the weight it leaves, ``lr * dJ/dw`` long; a
    dotted drop takes it back onto the curve.

    Examples
    --------
    >>> from figures.one_weight import loss_parabola
    >>> fig = loss_parabola()
    >>> fig.axes[0].get_xlabel(), fig.axes[0].get_ylabel()
    ('weight $w$', 'loss $J(w)$')
    """
    ex = one_weight_example()
    ws = weights(ex.w0, ex.lr, steps)
    js = np.array([ex.loss(w) for w in ws])
    slope = ex.grad(ex.w0)
    fig, ax = new_figure(figsize=(NARROW, 4.0) if narrow else (WIDE, 3.8))
    grid = np.linspace(-0.1, 1.0, 200)
    ax.plot(
        grid,
        [ex.loss(w) for w in grid],
        color=COLORS["grey"],
        label=f"$J(w) = ({ex.x:g}\\,w - {ex.y:g})^2$",
    )
    # the tangents at w0 and w2: long enough to see them leave the curve; the second flatter
    for k, color, half in ((0, COLORS["orange"], 0.13), (2, COLORS["purple"], 0.17)):
        g = ex.grad(ws[k])
        tangent = np.array([ws[k] - half, ws[k] + half])
        ax.plot(
            tangent,
            js[k] + g * (tangent - ws[k]),
            "--",
            color=color,
            linewidth=2,
            label=f"tangent at $w_{k}$, slope {g:.2f}",
            zorder=3,
        )
    ax.plot(ws, js, "o", color=COLORS["blue"], markersize=6, zorder=4, label="$w_k$ on the loss")
    for k in (0, 1, 2):
        ax.annotate(
            f"$w_{k}$ = {ws[k]:g}",
            (ws[k], js[k]),
            textcoords="offset points",
            xytext=(8, -2) if k == 0 else (-7, 5),
            ha="left" if k == 0 else "right",
            fontsize=9,
            color=COLORS["blue"],
        )
    # the steps: w_{k+1} = w_k - lr * slope, along w at the height of w_k, then down the curve
    for k in range(steps):
        ax.annotate(
            "",
            xy=(ws[k + 1], js[k]),
            xytext=(ws[k], js[k]),
            arrowprops={"arrowstyle": "-|>", "color": COLORS["blue"], "linewidth": 1.4,
                        "shrinkA": 4, "shrinkB": 0, "mutation_scale": 10 if k < 2 else 7},
        )  # fmt: skip
        ax.plot([ws[k + 1]] * 2, [js[k], js[k + 1]], ":", color=COLORS["blue"], linewidth=1)
    ax.annotate(
        f"step 1: lr × slope = {ex.lr:g} × {slope:.1f} = {ex.lr * slope:.2f}",
        ((ws[0] + ws[1]) / 2, js[0]),
        textcoords="offset points",
        xytext=(0, 7),
        ha="center",
        va="bottom",
        fontsize=9,
        color=COLORS["blue"],
    )
    ax.axhline(0, color=COLORS["grey"], linewidth=0.8)
    ax.plot([ex.w_star], [0], "*", color=COLORS["green"], markersize=13, zorder=5, clip_on=False)
    ax.annotate(
        "$w^* = 1/3$",
        (ex.w_star, 0),
        textcoords="offset points",
        xytext=(-8, 4),
        ha="right",
        va="bottom",
        fontsize=9,
    )
    ax.set_xlim(-0.1, 1.0)
    ax.set_xlabel("weight $w$")
    ax.set_ylabel("loss $J(w)$")
    ax.set_ylim(0, 0.85)
    ax.legend(loc="upper left", fontsize=9)
    return fig


@styled
def error_shrinks(steps: int = 30, narrow: bool = False) -> Figure:
    """The distance ``w_k - 1/3`` of each step on a log scale, against the prediction ``0.55**k``.

    A constant factor per step is a straight line on a log scale; the marked triangle is one
    decimal digit (a tenfold smaller distance), which takes ``ln 10 / ln(1 / 0.55)`` steps.

    Examples
    --------
    >>> from figures.one_weight import error_shrinks
    >>> fig = error_shrinks()
    >>> fig.axes[0].get_yscale()
    'log'
    >>> [t.get_text() for t in fig.axes[0].texts]
    ['3.85 steps', '÷ 10']
    """
    ex = one_weight_example()
    factor = 1 - ex.lr * 2 * ex.x**2
    ws = weights(ex.w0, ex.lr, steps)
    k = np.arange(steps + 1)
    err = ws - ex.w_star
    fig, ax = new_figure(figsize=(NARROW, 3.6) if narrow else (WIDE, 3.4))
    ax.semilogy(
        k,
        (ex.w0 - ex.w_star) * factor**k,
        color=COLORS["orange"],
        linewidth=1.4,
        label=f"prediction $(w_0 - w^*)\\,{factor:g}^k$",
    )
    ax.semilogy(k, err, "o", color=COLORS["blue"], markersize=4, label="$w_k - w^*$ from the code")
    # one decimal digit: the distance falls tenfold in ln 10 / ln(1 / factor) steps
    per_digit = np.log(10) / np.log(1 / factor)
    a = 8
    top = (ex.w0 - ex.w_star) * factor**a
    ax.plot([a, a, a + per_digit], [top, top / 10, top / 10], color=COLORS["grey"],
            linewidth=1.2)  # fmt: skip
    ax.annotate(f"{per_digit:.2f} steps", (a + per_digit / 2, top / 10),
                textcoords="offset points", xytext=(0, -4), ha="center", va="top",
                fontsize=9)  # fmt: skip
    ax.annotate("÷ 10", (a, top / np.sqrt(10)), textcoords="offset points", xytext=(-4, 0),
                ha="right", va="center", fontsize=9)  # fmt: skip
    ax.set_xlabel("step $k$")
    ax.set_ylabel("$w_k - w^*$, with $w^* = 1/3$")
    ax.legend(loc="upper right", fontsize=9)
    return fig


@styled
def mse_fit(
    n: int = 30, noise: float = 0.3, seed: int = 0, lr: float = 0.5, narrow: bool = False
) -> Figure:
    """Learning ``y = 2x`` from noisy samples: the data and fitted line, and the mean loss.

    Left: the samples from [`backprop.data.line`][] and the line ``y = w x`` that gradient
    descent finds. Right: the mean squared error ``J(w)`` with the weights visited.

    Examples
    --------
    >>> from figures.one_weight import mse_fit
    >>> fig = mse_fit()
    >>> len(fig.axes)
    2
    >>> fig.axes[1].get_xlabel()
    'weight $w$'
    """
    X, Y = line(n, slope=2.0, noise=noise, rng=seed)
    x, y = X.ravel(), Y.ravel()

    def mse(w: float) -> float:
        return float(np.mean((x * w - y) ** 2))

    def mse_grad(w: float) -> float:
        return float(np.mean(2 * x * (x * w - y)))

    run = gradient_descent(mse, 0.0, lr=lr, grad=mse_grad)
    if narrow:  # the data above, the loss below
        fig, (data, loss) = new_figure(nrows=2, figsize=(NARROW, 6.2))
    else:
        fig, (data, loss) = new_figure(ncols=2, figsize=(WIDE, 3.4))
    data.plot(x, y, "o", color=COLORS["grey"], markersize=4, label=f"{n} noisy samples")
    grid = np.linspace(-1, 1, 2)
    data.plot(grid, run.x * grid, color=COLORS["blue"], label=f"learned $w$ = {run.x:.3f}")
    data.set_xticks([-1, -0.5, 0, 0.5, 1], ["−1", "−0.5", "0", "0.5", "1"])
    data.set_xlabel("$x$")
    data.set_ylabel("$y$")
    data.legend(loc="upper left", fontsize=9)
    ws = np.linspace(-0.2, 3.2, 200)
    loss.plot(ws, [mse(w) for w in ws], color=COLORS["grey"], label="mean squared error")
    shown = run.xs  # every weight visited; the last ones crowd onto the star
    loss.plot(shown, [mse(w) for w in shown], "o-", color=COLORS["blue"], markersize=3.5, lw=1)
    loss.plot([run.x], [run.f], "*", color=COLORS["green"], markersize=12)
    loss.annotate(
        f"{run.n_steps} steps, $w$ = {run.x:.3f}",
        (run.x, run.f),
        textcoords="offset points",
        xytext=(0, 60),  # above the path's last points
        ha="center",
        fontsize=9,
        arrowprops={"arrowstyle": "-", "color": COLORS["grey"], "linewidth": 0.8},
    )
    loss.set_xlabel("weight $w$")
    loss.set_ylabel("$J(w)$")
    loss.set_ylim(-0.05, max(mse(ws[0]), mse(ws[-1])) * 1.05)
    return fig
