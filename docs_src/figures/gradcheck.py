"""The figures of the Gradient checking page, the network it checks and the bugs it plants.

Each figure takes ``narrow`` (the phone layout).
"""

from __future__ import annotations

import itertools
from functools import lru_cache
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from backprop.gradcheck import DEFAULT_TOL, check_model
from backprop.nn import Linear, MSELoss, Sequential, Sigmoid, Tanh
from backprop.plot import COLORS, INK, NARROW, WIDE, new_figure, styled

__all__ = [
    "bug_fingerprints",
    "bug_map",
    "check_error_vs_h",
    "default_step_error",
    "kink_secant",
    "small_problem",
]


def small_problem(
    dtype: Any = np.float64, seed: int = 0
) -> tuple[Sequential, MSELoss, np.ndarray, np.ndarray]:
    """The network the chapter checks: 3 -> 4 -> tanh -> 2, with an MSE loss on 5 examples.

    The same seed gives the same weights and data in float32 and float64 (the float32 ones are
    the float64 ones rounded), so the two precisions check the very same function.

    Examples
    --------
    >>> from figures.gradcheck import small_problem
    >>> model, loss, X, Y = small_problem()
    >>> X.shape, Y.shape, [p.name for p in model.parameters()]
    ((5, 3), (5, 2), ['0.W', '0.b', '2.W', '2.b'])
    """
    rng = np.random.default_rng(seed)
    model = Sequential(
        Linear(3, 4, rng=rng, dtype=dtype), Tanh(), Linear(4, 2, rng=rng, dtype=dtype)
    )
    X = rng.standard_normal((5, 3)).astype(dtype)
    Y = rng.standard_normal((5, 2)).astype(dtype)
    return model, MSELoss(), X, Y


@lru_cache(maxsize=8)  # the wide and the phone figure share the checks
def check_errors(hs: tuple[float, ...], dtype: str) -> tuple[np.ndarray, np.ndarray]:
    """The steps of ``hs`` usable in ``dtype``, and the largest relative error at each.

    Below about ``10 * eps`` a step rounds away (``x + h == x - h``): no difference is left.

    Examples
    --------
    >>> from figures.gradcheck import check_errors
    >>> usable, errs = check_errors((1e-9, 1e-5), "float32")
    >>> usable.tolist(), errs.shape
    ([1e-05], (1,))
    """
    model, loss, X, Y = small_problem(np.dtype(dtype))
    usable = np.array([h for h in hs if h > 10 * np.finfo(dtype).eps])
    errs = [check_model(model, loss, X, Y, h=float(h)).max_rel_error for h in usable]
    return usable, np.maximum(errs, 1e-16)


@lru_cache(maxsize=2)
def default_step_error(dtype: str) -> tuple[float, float]:
    """The package's default step ``h`` for ``dtype`` and the largest relative error it gives.

    Examples
    --------
    >>> from figures.gradcheck import default_step_error
    >>> h, err = default_step_error("float32")
    >>> h, err < 1e-3
    (0.005, True)
    """
    model, loss, X, Y = small_problem(np.dtype(dtype))
    report = check_model(model, loss, X, Y)
    return report.h, report.max_rel_error


@styled
def check_error_vs_h(hs: np.ndarray | None = None, narrow: bool = False) -> Figure:
    """The largest relative error of a gradient check against the step ``h``, float64 and float32.

    The same network is checked in both precisions at every ``h``: two V curves, the float32 one
    much higher and with its bottom at a much larger ``h``. Dots mark each curve's lowest point
    on the grid; squares the package's default ``h``, which need not lie on it.

    Examples
    --------
    >>> import numpy as np
    >>> from figures.gradcheck import check_error_vs_h
    >>> fig = check_error_vs_h(np.logspace(-8, -1, 4))
    >>> [t.get_text().split(":")[0] for t in fig.axes[0].get_legend().get_texts()]
    ['float64', 'float32', "the package's default h"]
    """
    hs = np.logspace(-11, -0.5, 43) if hs is None else np.asarray(hs)
    fig, ax = new_figure(figsize=(NARROW, 4.4) if narrow else (WIDE, 3.8))
    small = 10.5 if narrow else 9  # annotations; a phone shows the narrow one at 0.76 scale
    for dtype, color in ((np.float64, COLORS["blue"]), (np.float32, COLORS["orange"])):
        usable, errs = check_errors(tuple(float(h) for h in hs), np.dtype(dtype).name)
        best = int(np.argmin(errs))
        # the best step goes in the legend: a label beside the dot would sit on a curve
        label = f"{np.dtype(dtype).name}: best on grid h ≈ {usable[best]:.0e}, {errs[best]:.0e}"
        ax.loglog(usable, errs, color=color, label=label)
        ax.loglog([usable[best]], [errs[best]], "o", color=color, markersize=7)
        # the package's default step, which need not lie on the grid
        h0, e0 = default_step_error(np.dtype(dtype).name)
        ax.loglog([h0], [e0], "s", color=color, markersize=8, fillstyle="none", mew=1.6)
    ax.loglog([], [], "s", color=COLORS["grey"], fillstyle="none", mew=1.6,
              label="the package's default h")  # fmt: skip
    tol64, tol32 = DEFAULT_TOL[np.dtype(np.float64)], DEFAULT_TOL[np.dtype(np.float32)]
    ax.axhline(tol64, color=COLORS["grey"], linestyle=":", linewidth=1)
    # above the dotted line around h = 1e-6, where the float64 V lies far below it
    label = f"float64 tolerance{chr(10) if narrow else ' '}{tol64:g}"  # two lines on a phone
    ax.text(10**-5.9, tol64 * 1.6, label, fontsize=small, ha="center")
    ax.axhline(tol32, color=COLORS["grey"], linestyle="--", linewidth=1)
    ax.text(hs[0], tol32 * 1.6, f"float32 tolerance {tol32:g}", fontsize=small)
    ax.set_xlabel("step $h$", fontsize=11 if narrow else 10)
    ax.set_ylabel("max relative error", fontsize=11 if narrow else 10)
    if narrow:
        ax.tick_params(labelsize=10.5)
    ax.set_ylim(1e-13, 3)
    ax.legend(loc="lower right", fontsize=small)
    return fig


class _NoTranspose(Linear):
    """Linear whose backward forgets the transpose: ``dX = dY @ W``."""

    def backward(self, dY: Any, *args: Any, **kwargs: Any) -> np.ndarray:
        super().backward(dY, *args, **kwargs)
        return np.asarray(dY) @ self.W


class _BiasSign(Linear):
    """Linear whose bias gradient has the wrong sign."""

    def backward(self, dY: Any, *args: Any, **kwargs: Any) -> np.ndarray | None:
        dX = super().backward(dY, *args, **kwargs)
        self.db *= -1
        return dX


class _NoSigmoidDerivative(Sigmoid):
    """Sigmoid whose backward passes ``dY`` straight through."""

    def backward(self, dY: Any, *args: Any, **kwargs: Any) -> np.ndarray:
        return np.asarray(dY)


class _ScaledDY(Linear):
    """Linear that divides the incoming ``dY`` by the batch size before using it."""

    def backward(self, dY: Any, *args: Any, **kwargs: Any) -> np.ndarray | None:
        dY = np.asarray(dY)
        return super().backward(dY / len(dY), *args, **kwargs)


def _bug_model(bug: str, seed: int = 0) -> Sequential:
    rng = np.random.default_rng(seed)
    first = Linear(3, 4, rng=rng)
    kind = {"transpose": _NoTranspose, "dY / N": _ScaledDY}.get(bug, Linear)
    middle = kind(4, 4, rng=rng)
    last = (_BiasSign if bug == "bias sign" else Linear)(4, 2, rng=rng)
    act = _NoSigmoidDerivative if bug == "sigmoid'" else Sigmoid
    return Sequential(first, act(), middle, act(), last)


BUGS = ("none", "transpose", "sigmoid'", "bias sign")
"""The bugs [`bug_fingerprints`][] plants (``"none"`` is the correct network)."""


HATCHES = ("", "///", "..", "xx", "\\\\\\")  # the bars' series, one each


@styled
def bug_fingerprints(bugs: tuple[str, ...] = BUGS, narrow: bool = False) -> Figure:
    """Largest relative error of each parameter, for a correct network and three planted bugs.

    The network is ``Linear(3, 4) -> Sigmoid -> Linear(4, 4) -> Sigmoid -> Linear(4, 2)``; each
    bug breaks one backward pass and shows up in the arrays that lie before it.

    Examples
    --------
    >>> from figures.gradcheck import bug_fingerprints
    >>> fig = bug_fingerprints(("none", "bias sign"))
    >>> len(fig.axes[0].patches)
    14
    """
    rng = np.random.default_rng(1)
    X, Y = rng.standard_normal((6, 3)), rng.standard_normal((6, 2))
    reports = [check_model(_bug_model(bug), MSELoss(), X, Y) for bug in bugs]
    names = list(reports[0].per_parameter)
    fig, ax = new_figure(figsize=(NARROW, 4.0) if narrow else (WIDE, 3.6))
    width = 0.8 / len(bugs)
    colors = (COLORS["green"], COLORS["blue"], COLORS["orange"], COLORS["red"], COLORS["purple"])
    x = np.arange(len(names))
    for k, (bug, report) in enumerate(zip(bugs, reports, strict=True)):
        errs = np.maximum([report.per_parameter[n] for n in names], 1e-13)
        label = "no bug" if bug == "none" else f"bug: {bug}"
        # a hatching of its own per series, in the ink: told apart in greyscale too
        ax.bar(
            x + (k - (len(bugs) - 1) / 2) * width,
            errs,
            width,
            color=colors[k],
            label=label,
            hatch=HATCHES[k],
            edgecolor=INK,
            linewidth=0,
        )
    ax.set_yscale("log")
    ax.axhline(DEFAULT_TOL[np.dtype(np.float64)], color=COLORS["grey"], linestyle=":", linewidth=1)
    ax.set_xticks(x, names)
    ax.set_xlabel("array checked, input → output")
    ax.set_ylabel("max relative error")
    ax.set_ylim(1e-12, 5)
    ncols = 2 if narrow else len(bugs)
    ax.legend(
        loc="lower center", ncols=ncols, fontsize=10.5 if narrow else 9, bbox_to_anchor=(0.5, 1.0)
    )
    ax.grid(axis="x", visible=False)
    return fig


def fingerprint(bug: str) -> tuple[set[str], list[str]]:
    """The arrays that fail the check of the bug map's network with ``bug``, and all arrays.

    Examples
    --------
    >>> from figures.gradcheck import fingerprint
    >>> failing, names = fingerprint("bias sign")
    >>> failing, names[0], names[-1]
    ({'4.b'}, 'X', '4.b')
    """
    rng = np.random.default_rng(1)
    X, Y = rng.standard_normal((6, 3)), rng.standard_normal((6, 2))
    report = check_model(_bug_model(bug), MSELoss(), X, Y)
    failing = {name for name, err in report.per_parameter.items() if err > report.tol}
    return failing, list(report.per_parameter)


# where each bug sits: ("edge", group, side) on a layer's box, ("sigma",) on every sigmoid,
# ("cell", name) on one array
_BUG_MARKS = {
    "transpose": [("edge", 3, "left")],  # layer 2's dX, leaving it towards the input
    "sigmoid'": [("sigma",)],
    "bias sign": [("cell", "4.b")],
    "dY / N": [("edge", 3, "right")],  # layer 2 spoils dY as it comes in
}
_BUG_TITLES = {
    "transpose": "forgot the transpose: layer 2's dX",
    "sigmoid'": "forgot σ': both sigmoids",
    "bias sign": "wrong sign: layer 4's db",
    "dY / N": "layer 2 divides the dY it gets by N",
}


@styled
def bug_map(
    bugs: tuple[str, ...] = ("transpose", "sigmoid'", "dY / N", "bias sign"), narrow: bool = False
) -> Figure:
    """The network of [`bug_fingerprints`][], once per bug: failing arrays shaded, the bug marked.

    Which arrays fail is measured (``check_model``), not drawn by hand; the mark shows where
    the planted bug sits. Gradients flow from right to left.

    Examples
    --------
    >>> from figures.gradcheck import bug_map
    >>> fig = bug_map(("bias sign",))
    >>> [t.get_text() for t in fig.axes[0].texts][:3]
    ["wrong sign: layer 4's db", 'X', '0.W']
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch, Rectangle

    from backprop.plot import INK

    groups: list[list[str] | str] = [
        ["X"],
        ["0.W", "0.b"],
        "σ",
        ["2.W", "2.b"],
        "σ",
        ["4.W", "4.b"],
    ]
    cell, sig, gap, tall = 0.44, 0.3, 0.2, 0.32
    row = 0.95
    font = 10.5 if narrow else 9.5
    spans, x = [], 0.0  # (left, right) of every group
    for g in groups:
        width = sig if isinstance(g, str) else cell * len(g)
        spans.append((x, x + width))
        x += width + gap
    total = x - gap
    height = row * len(bugs)
    fig, ax = new_figure(figsize=(NARROW if narrow else 5.4, 0.45 + 0.85 * len(bugs)))
    fail_color, pass_color = COLORS["red"], COLORS["green"]
    for r, bug in enumerate(bugs):
        failing, _ = fingerprint(bug)
        y = height - (r + 1) * row  # bottom of this row's boxes
        ax.text(0, y + tall + 0.08, _BUG_TITLES.get(bug, bug), fontsize=font, va="bottom")
        for g, (left, right) in zip(groups, spans, strict=True):
            if isinstance(g, str):
                ax.text((left + right) / 2, y + tall / 2, g, fontsize=font + 1, ha="center",
                        va="center")  # fmt: skip
                continue
            for k, name in enumerate(g):
                bad = name in failing
                color = fail_color if bad else pass_color
                alpha = 0.45 if bad else 0.12
                box = Rectangle((left + k * cell, y), cell, tall, facecolor=color, alpha=alpha)
                ax.add_patch(box)
                ax.add_patch(Rectangle((left + k * cell, y), cell, tall, fill=False, ec=color))
                cx = left + (k + 0.5) * cell
                ax.text(cx, y + tall / 2, name, fontsize=font, ha="center", va="center")
        arrow = {"arrowstyle": "-|>", "color": COLORS["grey"], "lw": 1.2, "mutation_scale": 9}
        for (_, right), (left, _) in itertools.pairwise(spans):  # backward: right to left
            mid = y + tall / 2
            ax.annotate("", xy=(right + 0.02, mid), xytext=(left - 0.02, mid), arrowprops=arrow)
        marks = []
        for mark in _BUG_MARKS.get(bug, []):
            if mark[0] == "edge":
                left, right = spans[mark[1]]
                marks.append(left if mark[2] == "left" else right)
            elif mark[0] == "sigma":
                marks += [sum(spans[i]) / 2 for i, g in enumerate(groups) if isinstance(g, str)]
            else:
                i = next(i for i, g in enumerate(groups) if mark[1] in g)
                marks.append(spans[i][0] + (groups[i].index(mark[1]) + 0.5) * cell)
        for mx in marks:
            ax.plot([mx], [y - 0.1], marker="^", color=INK, markersize=8, clip_on=False)
    handles = [
        Patch(facecolor=fail_color, alpha=0.45, edgecolor=fail_color, label="fails"),
        Patch(facecolor=pass_color, alpha=0.12, edgecolor=pass_color, label="passes"),
        Line2D([], [], marker="^", color=INK, linestyle="none", markersize=8, label="the bug"),
    ]
    ax.legend(handles=handles, loc="lower center", ncols=3, fontsize=font,
              bbox_to_anchor=(0.5, 1.0), handlelength=1.2)  # fmt: skip
    ax.set_xlim(-0.05, total + 0.05)
    ax.set_ylim(-0.2, height - row + tall + 0.36)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig


@styled
def kink_secant(x0: float = -0.3, h: float = 1.0, narrow: bool = False) -> Figure:
    """ReLU near its kink: a central difference at ``x0`` with ``|x0| < h`` straddles 0.

    Examples
    --------
    >>> from figures.gradcheck import kink_secant
    >>> fig = kink_secant()
    >>> fig.axes[0].get_legend().get_texts()[1].get_text()
    'central difference: slope 0.35'
    """
    fig, ax = new_figure(figsize=(NARROW, 3.6) if narrow else (5.2, 3.4))
    grid = np.linspace(-2, 2, 201)
    ax.plot(grid, np.maximum(grid, 0), color=COLORS["grey"], label="ReLU$(x)$")
    a, b = x0 - h, x0 + h
    fa, fb = max(a, 0.0), max(b, 0.0)
    slope = (fb - fa) / (b - a)
    ax.plot(
        [a, b],
        [fa, fb],
        "o-",
        color=COLORS["orange"],
        label=f"central difference: slope {slope:.2f}",
    )
    true = 1.0 if x0 > 0 else 0.0
    # the tangent is dashed and drawn a little wider than the grey ReLU, so that on the flat
    # part it still shows
    ax.plot(
        [x0 - 0.6, x0 + 0.6],
        [max(x0, 0) - 0.6 * true, max(x0, 0) + 0.6 * true],
        color=COLORS["blue"],
        linestyle=(0, (4, 2)),
        linewidth=3,
        label=f"true slope at $x = {x0:g}$: {true:g}",
        zorder=3,
    )
    ax.plot([x0], [max(x0, 0)], "o", color=COLORS["blue"], zorder=4)
    ax.set_xlabel("$x$")
    ax.set_ylabel("ReLU$(x)$")
    ax.legend(loc="upper left", fontsize=10.5 if narrow else 9)
    return fig
