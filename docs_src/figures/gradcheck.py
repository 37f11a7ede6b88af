"""The figures of the Gradient checking page, the network it checks and the bugs it plants.

Each figure takes ``narrow`` (the phone layout).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from backprop.gradcheck import DEFAULT_TOL, check_model
from backprop.nn import Linear, MSELoss, Sequential, Sigmoid, Tanh
from backprop.plot import COLORS, NARROW, WIDE, new_figure, styled

__all__ = ["bug_fingerprints", "check_error_vs_h", "kink_secant", "small_problem"]


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


@styled
def check_error_vs_h(hs: np.ndarray | None = None, narrow: bool = False) -> Figure:
    """The largest relative error of a gradient check against the step ``h``, float64 and float32.

    The same network is checked in both precisions at every ``h``: two V curves, the float32 one
    much higher and with its bottom at a much larger ``h``.

    Examples
    --------
    >>> import numpy as np
    >>> from figures.gradcheck import check_error_vs_h
    >>> fig = check_error_vs_h(np.logspace(-8, -1, 4))
    >>> [t.get_text().split(":")[0] for t in fig.axes[0].get_legend().get_texts()]
    ['float64', 'float32']
    """
    hs = np.logspace(-11, -0.5, 43) if hs is None else np.asarray(hs)
    fig, ax = new_figure(figsize=(NARROW, 4.4) if narrow else (WIDE, 3.8))
    small = 10.5 if narrow else 9  # annotations; a phone shows the narrow one at 0.76 scale
    for dtype, color in ((np.float64, COLORS["blue"]), (np.float32, COLORS["orange"])):
        usable, errs = check_errors(tuple(float(h) for h in hs), np.dtype(dtype).name)
        best = int(np.argmin(errs))
        # the best step goes in the legend: a label beside the dot would sit on a curve
        label = f"{np.dtype(dtype).name}: best h ≈ {usable[best]:.0e}, {errs[best]:.0e}"
        ax.loglog(usable, errs, color=color, label=label)
        ax.loglog([usable[best]], [errs[best]], "o", color=color, markersize=7)
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


def _bug_model(bug: str, seed: int = 0) -> Sequential:
    rng = np.random.default_rng(seed)
    first = Linear(3, 4, rng=rng)
    middle = (_NoTranspose if bug == "transpose" else Linear)(4, 4, rng=rng)
    last = (_BiasSign if bug == "bias sign" else Linear)(4, 2, rng=rng)
    act = _NoSigmoidDerivative if bug == "sigmoid'" else Sigmoid
    return Sequential(first, act(), middle, act(), last)


BUGS = ("none", "transpose", "sigmoid'", "bias sign")
"""The bugs [`bug_fingerprints`][] plants (``"none"`` is the correct network)."""


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
        ax.bar(x + (k - (len(bugs) - 1) / 2) * width, errs, width, color=colors[k], label=label)
    ax.set_yscale("log")
    ax.axhline(DEFAULT_TOL[np.dtype(np.float64)], color=COLORS["grey"], linestyle=":", linewidth=1)
    ax.set_xticks(x, names)
    ax.set_xlabel("array checked, input → output")
    ax.set_ylabel("max relative error")
    ax.set_ylim(1e-12, 5)
    ncols = 2 if narrow else len(bugs)
    ax.legend(loc="lower center", ncols=ncols, fontsize=9, bbox_to_anchor=(0.5, 1.0))
    ax.grid(axis="x", visible=False)
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
    ax.plot(
        [x0 - 0.6, x0 + 0.6],
        [max(x0, 0) - 0.6 * true, max(x0, 0) + 0.6 * true],
        color=COLORS["blue"],
        label=f"true slope at $x = {x0:g}$: {true:g}",
    )
    ax.plot([x0], [max(x0, 0)], "o", color=COLORS["blue"])
    ax.set_xlabel("$x$")
    ax.set_ylabel("ReLU$(x)$")
    ax.legend(loc="upper left", fontsize=9)
    return fig
