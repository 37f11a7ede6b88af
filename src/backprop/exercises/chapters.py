"""Checks for the chapters' exercises whose answer is a function the learner writes.

| chapter | exercise | the learner writes | its check |
| --- | --- | --- | --- |
| Derivatives | 3 | the gradient of $\\sin(x)\\,y + y^3$ | `check_sin_xy_gradient` |
| Derivatives | 4 | $\\sigma'(z)$ | `check_sigmoid_slope` |
| Derivatives | 4 | a neuron's slopes $da/dw$, $da/db$ | `check_neuron_slopes` |
| Gradient descent | 1 | one step's factor on $3(x-1)^2$ | `check_step_factor` |
| Learning one weight | 3 | $dJ/dw$ for $x = 2$, $y = 3$ | `check_one_weight_slope` |

Each check calls the learner's function at several points, compares it with the exact answer,
and raises [`ExerciseError`][backprop.exercises.ExerciseError] naming the first point where it
differs, the formula it should follow and, where the wrong answer is a usual slip (a factor
dropped, a sign flipped), that slip. All is well when a check returns None.

Examples
--------
>>> from backprop.exercises.chapters import check_one_weight_slope
>>> check_one_weight_slope(lambda w: 2 * (2 * w - 3))
Traceback (most recent call last):
...
backprop.exercises.ExerciseError: dJ/dw came out -6.0 at w=0.0; it should be
2 x (x w - y) = 8w - 12 = -12.0. Your answer is half the right one: the chain
rule multiplies 2 (x w - y) by d(x w - y)/dw = x = 2.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from backprop.exercises import ExerciseError, _call, _check_callable, _close, _expect_number, _fmt

__all__ = [
    "check_neuron_slopes",
    "check_one_weight_slope",
    "check_sigmoid_slope",
    "check_sin_xy_gradient",
    "check_step_factor",
]


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def _compare(
    name: str,
    what: str,
    f: Callable,
    points: list[dict[str, float]],
    want: Callable[..., float],
    formula: str,
    slips: dict[str, Callable[..., float]],
    pick: Callable[[Any], Any] = lambda out: out,
) -> None:
    """Call ``f(*point.values())`` at each point, compare ``pick(result)`` with ``want(**point)``.

    ``name`` is the learner's function as they wrote it, ``what`` the quantity it computes.

    At the first point that differs, the message names the point and ``formula``; if ``slips``
    holds a wrong formula that the learner's function follows at every point, its text is added.
    """
    _check_callable(name, f)
    ats = [", ".join(f"{k}={_fmt(v)}" for k, v in point.items()) for point in points]
    got = [
        _expect_number(f"{what} at {at}", pick(_call(f"{name}({at})", f, *point.values())))
        for at, point in zip(ats, points, strict=True)
    ]
    for value, point, at in zip(got, points, ats, strict=True):
        right = want(**point)
        if _close(value, right, rel=1e-6, abs_tol=1e-9):
            continue
        message = f"{what} came out {_fmt(value)} at {at}; it should be {formula} = {_fmt(right)}."
        for hint, slip in slips.items():
            if all(_close(g, slip(**p), 1e-6, 1e-9) for g, p in zip(got, points, strict=True)):
                message += f" {hint}"
                break
        raise ExerciseError(message)


def _pair(what: str, out: Any) -> tuple[Any, Any]:
    """The learner's two numbers, or one sentence saying what came back instead."""
    if out is None:
        raise ExerciseError(f"{what} returned None; it should return two numbers (a tuple)")
    try:
        first, second = out
    except (TypeError, ValueError):
        raise ExerciseError(
            f"{what} returned {_fmt(out)}; it should return two numbers, as a tuple"
        ) from None
    return first, second


def check_sin_xy_gradient(grad_f: Callable) -> None:
    """Check ``grad_f(x, y)``: the gradient of $f(x, y) = \\sin(x)\\,y + y^3$, two numbers.

    Parameters
    ----------
    grad_f : callable
        The learner's function: ``(x, y) -> (df/dx, df/dy)``.

    Raises
    ------
    ExerciseError
        If either partial derivative is wrong at one of the test points.

    Examples
    --------
    >>> import math
    >>> from backprop.exercises.chapters import check_sin_xy_gradient
    >>> def grad_f(x, y):
    ...     return math.cos(x) * y, math.sin(x) + 3 * y**2
    >>> check_sin_xy_gradient(grad_f)
    >>> check_sin_xy_gradient(lambda x, y: (math.cos(x) * y, 3 * y**2))
    Traceback (most recent call last):
    ...
    backprop.exercises.ExerciseError: df/dy came out 3.0 at x=0.5, y=-1.0;
    it should be sin(x) + 3 y^2 = 3.47943. The term sin(x) y also depends
    on y: its derivative with respect to y is sin(x).
    """
    points = [{"x": 0.5, "y": -1.0}, {"x": -1.2, "y": 2.0}, {"x": 2.0, "y": 0.3}]
    _compare(
        "grad_f",
        "df/dx",
        grad_f,
        points,
        lambda x, y: math.cos(x) * y,
        "cos(x) y",
        {
            "You dropped the factor y: it stays, as a constant does.": lambda x, y: math.cos(x),
            "The derivative of sin is +cos: the sign is flipped.": lambda x, y: -math.cos(x) * y,
        },
        lambda out: _pair("grad_f(x, y)", out)[0],
    )
    _compare(
        "grad_f",
        "df/dy",
        grad_f,
        points,
        lambda x, y: math.sin(x) + 3 * y**2,
        "sin(x) + 3 y^2",
        {
            "The term sin(x) y also depends on y: its derivative with respect to y is "
            "sin(x).": lambda x, y: 3 * y**2,
            "The power rule brings the exponent down and lowers it by one: d(y^3)/dy = 3 y^2.": (
                lambda x, y: math.sin(x) + 3 * y
            ),
        },
        lambda out: _pair("grad_f(x, y)", out)[1],
    )


def check_sigmoid_slope(sigma_prime: Callable) -> None:
    """Check ``sigma_prime(z)``: the sigmoid's derivative $\\sigma(z)\\,(1 - \\sigma(z))$.

    Parameters
    ----------
    sigma_prime : callable
        The learner's function: ``z -> sigma'(z)``.

    Raises
    ------
    ExerciseError
        If it differs from the derivative at one of the test points.

    Examples
    --------
    >>> import math
    >>> from backprop.exercises.chapters import check_sigmoid_slope
    >>> def sigma(z):
    ...     return 1 / (1 + math.exp(-z))
    >>> check_sigmoid_slope(lambda z: sigma(z) * (1 - sigma(z)))
    >>> check_sigmoid_slope(lambda z: math.exp(-z) / (1 + math.exp(-z)))
    Traceback (most recent call last):
    ...
    backprop.exercises.ExerciseError: sigma'(z) came out 0.5 at z=0.0; it
    should be sigma(z) (1 - sigma(z)) = 0.25. The outer derivative of
    u^(-1) is -u^(-2): the denominator is squared, (1 + e^(-z))^2.
    """
    _compare(
        "sigma_prime",
        "sigma'(z)",
        sigma_prime,
        [{"z": 0.0}, {"z": 2.0}, {"z": -3.0}],
        lambda z: _sigmoid(z) * (1 - _sigmoid(z)),
        "sigma(z) (1 - sigma(z))",
        {
            "The outer derivative of u^(-1) is -u^(-2): the denominator is squared, "
            "(1 + e^(-z))^2.": lambda z: math.exp(-z) / (1 + math.exp(-z)),
            "That is sigma(z) itself, not its slope.": _sigmoid,
            "The inner derivative, of e^(-z), is -e^(-z): the two minus signs cancel, "
            "so the slope is positive.": lambda z: -_sigmoid(z) * (1 - _sigmoid(z)),
        },
    )


def check_neuron_slopes(neuron_slopes: Callable) -> None:
    """Check ``neuron_slopes(w, b, x)``: $(\\partial a/\\partial w, \\partial a/\\partial b)$
    for the neuron $a = \\sigma(w x + b)$.

    Parameters
    ----------
    neuron_slopes : callable
        The learner's function: ``(w, b, x) -> (da/dw, da/db)``.

    Raises
    ------
    ExerciseError
        If either slope is wrong at one of the test points.

    Examples
    --------
    >>> import math
    >>> from backprop.exercises.chapters import check_neuron_slopes
    >>> def slope(u):
    ...     s = 1 / (1 + math.exp(-u))
    ...     return s * (1 - s)
    >>> def right(w, b, x):
    ...     return slope(w * x + b) * x, slope(w * x + b)
    >>> check_neuron_slopes(right)
    >>> def forgot_x(w, b, x):
    ...     return slope(w * x + b), slope(w * x + b)
    >>> check_neuron_slopes(forgot_x)
    Traceback (most recent call last):
    ...
    backprop.exercises.ExerciseError: da/dw came out 0.25 at w=0.5,
    b=-1.0, x=2.0; it should be sigma'(w x + b) x = 0.5. The inner
    function w x + b changes x times as fast as w: multiply by du/dw = x.
    """
    points = [{"w": 0.5, "b": -1.0, "x": 2.0}, {"w": -1.5, "b": 0.25, "x": 0.8}]

    def slope(w: float, b: float, x: float) -> float:
        s = _sigmoid(w * x + b)
        return s * (1 - s)

    _compare(
        "neuron_slopes",
        "da/dw",
        neuron_slopes,
        points,
        lambda w, b, x: slope(w, b, x) * x,
        "sigma'(w x + b) x",
        {
            "The inner function w x + b changes x times as fast as w: multiply by "
            "du/dw = x.": slope,
            "That is sigma(w x + b) x: the outer derivative is sigma', not sigma.": (
                lambda w, b, x: _sigmoid(w * x + b) * x
            ),
        },
        lambda out: _pair("neuron_slopes(w, b, x)", out)[0],
    )
    _compare(
        "neuron_slopes",
        "da/db",
        neuron_slopes,
        points,
        slope,
        "sigma'(w x + b)",
        {
            "du/db is 1, not x: the bias is added, not multiplied by x.": (
                lambda w, b, x: slope(w, b, x) * x
            ),
        },
        lambda out: _pair("neuron_slopes(w, b, x)", out)[1],
    )


def check_one_weight_slope(dJ_dw: Callable) -> None:
    """Check ``dJ_dw(w)``: the slope of $J(w) = (x w - y)^2$ for $x = 2$, $y = 3$.

    Parameters
    ----------
    dJ_dw : callable
        The learner's function: ``w -> dJ/dw``.

    Raises
    ------
    ExerciseError
        If it differs from $2x(xw - y) = 8w - 12$ at one of the test weights.

    Examples
    --------
    >>> from backprop.exercises.chapters import check_one_weight_slope
    >>> check_one_weight_slope(lambda w: 8 * w - 12)
    >>> check_one_weight_slope(lambda w: 12 - 8 * w)
    Traceback (most recent call last):
    ...
    backprop.exercises.ExerciseError: dJ/dw came out 12.0 at w=0.0; it
    should be 2 x (x w - y) = 8w - 12 = -12.0. The sign is flipped: below
    the best weight 1.5 the loss falls as w grows, so the slope is
    negative there.
    """
    _compare(
        "dJ_dw",
        "dJ/dw",
        dJ_dw,
        [{"w": 0.0}, {"w": 1.5}, {"w": -2.0}, {"w": 4.0}],
        lambda w: 8 * w - 12,
        "2 x (x w - y) = 8w - 12",
        {
            "Your answer is half the right one: the chain rule multiplies 2 (x w - y) by "
            "d(x w - y)/dw = x = 2.": lambda w: 4 * w - 6,
            "The sign is flipped: below the best weight 1.5 the loss falls as w grows, so "
            "the slope is negative there.": lambda w: 12 - 8 * w,
            "That is the loss J(w) itself, not its slope.": lambda w: (2 * w - 3) ** 2,
        },
    )


def check_step_factor(step_factor: Callable) -> None:
    """Check ``step_factor(lr)``: the factor by which one step of descent on
    $f(x) = 3(x - 1)^2$ multiplies the distance $x - 1$ to the minimum.

    Parameters
    ----------
    step_factor : callable
        The learner's function: ``lr -> factor``.

    Raises
    ------
    ExerciseError
        If it differs from $1 - 6\\,\\text{lr}$ at one of the test rates.

    Examples
    --------
    >>> from backprop.exercises.chapters import check_step_factor
    >>> check_step_factor(lambda lr: 1 - 6 * lr)
    >>> check_step_factor(lambda lr: 1 - 3 * lr)
    Traceback (most recent call last):
    ...
    backprop.exercises.ExerciseError: step_factor(lr) came out 0.7 at
    lr=0.1; it should be 1 - 6 lr = 0.4. f'(x) = 6 (x - 1): the power rule
    brings the 2 down, so the step is 6 lr (x - 1), not 3 lr (x - 1).
    """
    _compare(
        "step_factor",
        "step_factor(lr)",
        step_factor,
        [{"lr": 0.1}, {"lr": 0.25}, {"lr": 0.4}],
        lambda lr: 1 - 6 * lr,
        "1 - 6 lr",
        {
            "f'(x) = 6 (x - 1): the power rule brings the 2 down, so the step is "
            "6 lr (x - 1), not 3 lr (x - 1).": lambda lr: 1 - 3 * lr,
            "A step goes against the slope, x - lr f'(x): the factor is 1 - 6 lr, "
            "not 1 + 6 lr.": lambda lr: 1 + 6 * lr,
            "That is the change of x - 1 in one step; the factor is what multiplies "
            "x - 1, which keeps the 1 in front.": lambda lr: -6 * lr,
        },
    )
