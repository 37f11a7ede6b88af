"""Checks for the chapters' exercises whose answer is a function the learner writes.

Each exercise is in its chapter's *Exercises* section, under its number.

| its check | chapter, exercise | the learner writes |
| --- | --- | --- |
| [`check_sin_xy_gradient`][] | Derivatives, 3 | the gradient of $\\sin(x)\\,y + y^3$ |
| [`check_sigmoid_slope`][] | Derivatives, 4 | $\\sigma'(z)$ |
| [`check_neuron_slopes`][] | Derivatives, 4 | a neuron's slopes $da/dw$, $da/db$ |
| [`check_step_factor`][] | Gradient descent, 1 | one step's factor on $3(x-1)^2$ |
| [`check_one_weight_slope`][] | Learning one weight, 3 | $dJ/dw$ for $x = 3$, $y = 6$ |
| [`check_tanh_neuron_slopes`][] | Computational graphs, 3 | a tanh neuron's $dL/dw_2$, $dL/db$ |
| [`check_maximum`][] | Computational graphs, 4 | $\\max(a, b)$ of two `Value`s, from `relu` |
| [`check_tanh_network_gradients`][] | Backpropagation in a network, 2 | $dW_1$, $dW_2$ (tanh) |
| [`check_jacobian_forward`][] | Forward and reverse mode, 1 | a Jacobian by forward mode |
| [`check_jacobian_reverse`][] | Forward and reverse mode, 1 | a Jacobian by reverse mode |
| [`check_dual_division`][] | Forward and reverse mode, 2 | dual numbers with division |
| [`check_rel_err`][] | Gradient checking, 1 | the relative error |
| [`check_numeric_gradient`][] | Gradient checking, 2 | central differences, in place |
| [`check_clip_by_norm`][] | Beyond the basics, 4 | clipping a gradient by its norm |

Each check calls the learner's function at several points, compares it with the exact answer
(or with the package's engine, [`Value`][backprop.autograd.Value]),
and raises [`ExerciseError`][backprop.exercises.ExerciseError] naming the first point where it
differs, the formula it should follow and, where the wrong answer is a usual slip (a factor
dropped, a sign flipped), that slip. All is well when a check returns None.

Examples
--------
>>> from backprop.exercises.chapters import check_one_weight_slope
>>> check_one_weight_slope(lambda w: 2 * (3 * w - 6))
Traceback (most recent call last):
...
backprop.exercises.ExerciseError: dJ/dw came out -12.0 at w=0.0; it should be
2x(xw - y) = 18w - 36 = -36.0. The chain rule multiplies 2(xw - y) by the inner
derivative d(xw - y)/dw = x = 3.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from backprop.autograd import Value
from backprop.exercises import (
    ExerciseError,
    _call,
    _check_callable,
    _close,
    _describe,
    _expect_number,
    _fmt,
)

__all__ = [
    "check_clip_by_norm",
    "check_dual_division",
    "check_jacobian_forward",
    "check_jacobian_reverse",
    "check_maximum",
    "check_neuron_slopes",
    "check_numeric_gradient",
    "check_one_weight_slope",
    "check_rel_err",
    "check_sigmoid_slope",
    "check_sin_xy_gradient",
    "check_step_factor",
    "check_tanh_network_gradients",
    "check_tanh_neuron_slopes",
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


def _times_x2(slip: Callable[..., float]) -> Callable[..., float]:
    """A slip in dL/dn, carried to dL/dw2 = dL/dn x2."""
    return lambda **p: slip(**p) * p["x2"]


def _pair(what: str, out: Any, kind: str = "numbers") -> tuple[Any, Any]:
    """The learner's two numbers (or arrays), or one sentence saying what came back instead."""
    if out is None:
        raise ExerciseError(f"{what} returned None; it should return two {kind} (a tuple)")
    try:
        first, second = out
    except (TypeError, ValueError):
        raise ExerciseError(
            f"{what} returned {_fmt(out)}; it should return two {kind}, as a tuple"
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
    """Check ``dJ_dw(w)``: the slope of $J(w) = (x w - y)^2$ for $x = 3$, $y = 6$.

    Parameters
    ----------
    dJ_dw : callable
        The learner's function: ``w -> dJ/dw``.

    Raises
    ------
    ExerciseError
        If it differs from $2x(xw - y) = 18w - 36$ at one of the test weights.

    Examples
    --------
    >>> from backprop.exercises.chapters import check_one_weight_slope
    >>> check_one_weight_slope(lambda w: 18 * w - 36)
    >>> check_one_weight_slope(lambda w: 2 * (3 * w - 6))
    Traceback (most recent call last):
    ...
    backprop.exercises.ExerciseError: dJ/dw came out -12.0 at w=0.0; it
    should be 2x(xw - y) = 18w - 36 = -36.0. The chain rule multiplies 2(xw
    - y) by the inner derivative d(xw - y)/dw = x = 3.
    """
    _compare(
        "dJ_dw",
        "dJ/dw",
        dJ_dw,
        [{"w": 0.0}, {"w": 2.0}, {"w": -1.5}, {"w": 4.0}],
        lambda w: 18 * w - 36,
        "2x(xw - y) = 18w - 36",
        {
            "The chain rule multiplies 2(xw - y) by the inner derivative "
            "d(xw - y)/dw = x = 3.": lambda w: 6 * w - 12,
            "That is the slope of half the loss, (1/2)(x w - y)^2: the power rule brings "
            "down a 2.": lambda w: 9 * w - 18,
            "The sign is flipped: below the best weight 2 the loss falls as w grows, so "
            "the slope is negative there.": lambda w: 36 - 18 * w,
            "That is the loss J(w) itself, not its slope.": lambda w: (3 * w - 6) ** 2,
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


def check_tanh_neuron_slopes(tanh_neuron_slopes: Callable) -> None:
    """Check ``tanh_neuron_slopes(x1, x2, w1, w2, b, t)``: $(\\partial L/\\partial w_2,
    \\partial L/\\partial b)$ for $L = (\\tanh(w_1 x_1 + w_2 x_2 + b) - t)^2$, against the engine.

    Parameters
    ----------
    tanh_neuron_slopes : callable
        The learner's function: ``(x1, x2, w1, w2, b, t) -> (dL/dw2, dL/db)``.

    Raises
    ------
    ExerciseError
        If either slope differs from what `Value.backward` finds at one of the test points.

    Examples
    --------
    >>> import math
    >>> from backprop.exercises.chapters import check_tanh_neuron_slopes
    >>> def right(x1, x2, w1, w2, b, t):
    ...     a = math.tanh(w1 * x1 + w2 * x2 + b)
    ...     return 2 * (a - t) * (1 - a**2) * x2, 2 * (a - t) * (1 - a**2)
    >>> check_tanh_neuron_slopes(right)
    >>> def no_square(x1, x2, w1, w2, b, t):
    ...     a = math.tanh(w1 * x1 + w2 * x2 + b)
    ...     return 2 * (a - t) * (1 - a) * x2, 2 * (a - t) * (1 - a)
    >>> check_tanh_neuron_slopes(no_square)
    Traceback (most recent call last):
    ...
    backprop.exercises.ExerciseError: dL/dw2 came out 3.24239 at x1=1.0,
    x2=-2.0, w1=0.5, w2=0.25, b=0.1, t=1.0; it should be 2 (a - t)
    (1 - a^2) x2 = 3.56555. tanh'(n) is 1 - tanh(n)^2: the square is
    missing.
    """
    points = [
        {"x1": 1.0, "x2": -2.0, "w1": 0.5, "w2": 0.25, "b": 0.1, "t": 1.0},
        {"x1": 0.5, "x2": 1.5, "w1": -1.0, "w2": 0.8, "b": 0.3, "t": -0.5},
        {"x1": -1.0, "x2": 0.5, "w1": 2.0, "w2": -1.0, "b": 0.2, "t": 0.5},
    ]

    def engine(x1: float, x2: float, w1: float, w2: float, b: float, t: float):
        vw2, vb = Value(w2), Value(b)
        loss = ((x1 * Value(w1) + x2 * vw2 + vb).tanh() - t) ** 2
        loss.backward()
        return vw2.grad, vb.grad

    def upstream(x1: float, x2: float, w1: float, w2: float, b: float, t: float) -> float:
        """dL/da = 2 (a - t), the part every slip keeps."""
        return 2 * (math.tanh(w1 * x1 + w2 * x2 + b) - t)

    def a(x1: float, x2: float, w1: float, w2: float, b: float, t: float) -> float:
        return math.tanh(w1 * x1 + w2 * x2 + b)

    slips = {
        "tanh'(n) is 1 - tanh(n)^2: the square is missing.": (
            lambda **p: upstream(**p) * (1 - a(**p))
        ),
        "The chain goes through tanh: multiply by tanh'(n) = 1 - a^2.": upstream,
        "The square's derivative is 2 (a - t): the factor 2 is missing.": (
            lambda **p: upstream(**p) / 2 * (1 - a(**p) ** 2)
        ),
        "The sign is flipped: d(a - t)^2/da is 2 (a - t), not 2 (t - a).": (
            lambda **p: -upstream(**p) * (1 - a(**p) ** 2)
        ),
    }
    _compare(
        "tanh_neuron_slopes",
        "dL/dw2",
        tanh_neuron_slopes,
        points,
        lambda **p: engine(**p)[0],
        "2 (a - t) (1 - a^2) x2",
        {hint: _times_x2(slip) for hint, slip in slips.items()},
        lambda out: _pair("tanh_neuron_slopes(x1, x2, w1, w2, b, t)", out)[0],
    )
    _compare(
        "tanh_neuron_slopes",
        "dL/db",
        tanh_neuron_slopes,
        points,
        lambda **p: engine(**p)[1],
        "2 (a - t) (1 - a^2)",
        {
            "dn/db is 1, not x2: the bias is added, not multiplied by an input.": (
                lambda **p: engine(**p)[0]
            ),
            **slips,
        },
        lambda out: _pair("tanh_neuron_slopes(x1, x2, w1, w2, b, t)", out)[1],
    )


def check_maximum(maximum: Callable) -> None:
    """Check ``maximum(a, b)``: $\\max(a, b)$ of two `Value`s, whose gradient goes to the larger.

    Parameters
    ----------
    maximum : callable
        The learner's function: ``(a, b) -> Value``, built from operations on ``a`` and ``b``.

    Raises
    ------
    ExerciseError
        If the result is not a `Value`, is not the larger input, or, after ``backward()``,
        the gradient does not all go to the larger input.

    Examples
    --------
    >>> from backprop import Value
    >>> from backprop.exercises.chapters import check_maximum
    >>> check_maximum(lambda a, b: b + (a - b).relu())
    >>> check_maximum(lambda a, b: Value(max(a.data, b.data)))
    Traceback (most recent call last):
    ...
    backprop.exercises.ExerciseError: after m.backward() at a=5.0, b=2.0,
    a.grad and b.grad are 0.0 and 0.0; they should be 1.0 and 0.0: the
    whole gradient goes to the larger input. Neither input got any: the
    result is a new Value with no parents; build it from a and b with
    Value's operations, so that backward can reach them.
    """
    _check_callable("maximum", maximum)
    for a0, b0 in [(5.0, 2.0), (2.0, 5.0), (-1.0, -3.0)]:
        a, b = Value(a0), Value(b0)
        at = f"a={_fmt(a0)}, b={_fmt(b0)}"
        m = _call(f"maximum({at})", maximum, a, b)
        if not isinstance(m, Value):
            raise ExerciseError(
                f"maximum({at}) returned {_describe(m)}; it should return a Value built from "
                "a and b, so that backward can reach them"
            )
        if not _close(m.data, max(a0, b0)):
            raise ExerciseError(
                f"maximum({at}) came out {_fmt(m.data)}; it should be {_fmt(max(a0, b0))}, "
                "the larger input"
            )
        m.backward()
        want = (1.0, 0.0) if a0 > b0 else (0.0, 1.0)
        if not (_close(a.grad, want[0]) and _close(b.grad, want[1])):
            message = (
                f"after m.backward() at {at}, a.grad and b.grad are {_fmt(a.grad)} and "
                f"{_fmt(b.grad)}; they should be {_fmt(want[0])} and {_fmt(want[1])}: the "
                "whole gradient goes to the larger input."
            )
            if a.grad == b.grad == 0:
                message += (
                    " Neither input got any: the result is a new Value with no parents; build "
                    "it from a and b with Value's operations, so that backward can reach them."
                )
            raise ExerciseError(message)


def _tanh_network_slips(X: np.ndarray, Y: np.ndarray, W1: np.ndarray, W2: np.ndarray) -> dict:
    """The usual wrong (dW1, dW2) of the tanh network, each under the hint that names it."""
    A1 = np.tanh(X @ W1)
    A2 = np.tanh(A1 @ W2)
    dA2 = (A2 - Y) * (2 / Y.size)

    def grads(delta2: np.ndarray, delta1_factor: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return X.T @ ((delta2 @ W2.T) * delta1_factor), A1.T @ delta2

    return {
        "That is the sigmoid's slope, A (1 - A); tanh's is 1 - A^2.": grads(
            dA2 * A2 * (1 - A2), A1 * (1 - A1)
        ),
        "The hidden layer's delta also passes through its tanh: multiply delta2 @ W2.T by "
        "1 - A1^2.": grads(dA2 * (1 - A2**2), np.ones_like(A1)),
        "The loss is a mean over all Y.size entries: dL/dA2 = 2 (A2 - Y) / Y.size.": grads(
            (A2 - Y) * 2 * (1 - A2**2), 1 - A1**2
        ),
    }


def check_tanh_network_gradients(tanh_gradients: Callable) -> None:
    """Check ``tanh_gradients(X, Y, W1, W2)``: $(dW_1, dW_2)$ of
    $L = \\operatorname{mean}((\\tanh(\\tanh(X W_1) W_2) - Y)^2)$, against `backprop.nn`.

    Parameters
    ----------
    tanh_gradients : callable
        The learner's backward pass: ``(X, Y, W1, W2) -> (dW1, dW2)``, arrays shaped as
        ``W1`` and ``W2``.

    Raises
    ------
    ExerciseError
        If a gradient has the wrong shape or differs from the layers' own backward passes
        on one of two random networks, 3 -> 5 -> 2 and 4 -> 3 -> 3.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.exercises.chapters import check_tanh_network_gradients
    >>> def tanh_gradients(X, Y, W1, W2):
    ...     A1 = np.tanh(X @ W1)
    ...     A2 = np.tanh(A1 @ W2)
    ...     delta2 = (A2 - Y) * (2 / Y.size) * (1 - A2**2)
    ...     delta1 = (delta2 @ W2.T) * (1 - A1**2)
    ...     return X.T @ delta1, A1.T @ delta2
    >>> check_tanh_network_gradients(tanh_gradients)
    >>> check_tanh_network_gradients(lambda X, Y, W1, W2: (W1.T, W2))
    Traceback (most recent call last):
    ...
    backprop.exercises.ExerciseError: dW1 has shape (5, 3); it should have
    W1's shape, (3, 5): dW1 = X.T @ delta1.
    """
    from backprop.nn import Linear, MSELoss, Sequential, Tanh

    _check_callable("tanh_gradients", tanh_gradients)
    rng = np.random.default_rng(7)
    for n_in, n_hidden, n_out in [(3, 5, 2), (4, 3, 3)]:
        X, Y = rng.standard_normal((6, n_in)), rng.uniform(-1, 1, (6, n_out))
        W1, W2 = rng.standard_normal((n_in, n_hidden)), rng.standard_normal((n_hidden, n_out))
        first, second = Linear(n_in, n_hidden, bias=False), Linear(n_hidden, n_out, bias=False)
        first.W[...], second.W[...] = W1, W2
        loss = MSELoss()
        model = Sequential(first, Tanh(), second, Tanh())
        loss.forward(model.forward(X), Y)
        model.backward(loss.backward())
        at = f"{n_in} -> {n_hidden} -> {n_out} network"
        out = _call(f"tanh_gradients on a {at}", tanh_gradients, X, Y, W1.copy(), W2.copy())
        got = _pair(f"tanh_gradients on a {at}", out, "arrays")
        slips = _tanh_network_slips(X, Y, W1, W2)
        for k, (name, right) in enumerate([("dW1", first.dW), ("dW2", second.dW)]):
            try:
                mine = np.asarray(got[k], dtype=float)
            except (TypeError, ValueError):
                raise ExerciseError(
                    f"{name} should be an array of numbers, got {_describe(got[k])}"
                ) from None
            if mine.shape != right.shape:
                formula = "X.T @ delta1" if k == 0 else "A1.T @ delta2"
                raise ExerciseError(
                    f"{name} has shape {mine.shape}; it should have W{k + 1}'s shape, "
                    f"{right.shape}: {name} = {formula}."
                )
            if np.allclose(mine, right, rtol=1e-6, atol=1e-10):
                continue
            i = tuple(int(j) for j in np.unravel_index(np.argmax(np.abs(mine - right)), mine.shape))
            message = (
                f"{name}[{i[0]}, {i[1]}] came out {_fmt(mine[i])} on a {at}; the layers' backward "
                f"passes give {_fmt(right[i])}."
            )
            hint = next((h for h, g in slips.items() if np.allclose(mine, g[k], rtol=1e-6)), "")
            raise ExerciseError(f"{message} {hint}".strip())


def _numbers(x: Any) -> str:
    """An array as a learner would write it: ``[3.0, -2.0, 0.5]``, ``[[1.0, 2.0], [3.0, 4.0]]``."""
    if np.ndim(x) == 0:
        return _fmt(float(x))
    return "[" + ", ".join(_numbers(row) for row in x) + "]"


def _as_array(
    what: str,
    got: Any,
    shape: tuple[int, ...],
    layout: str = "one entry for each entry of the input",
) -> np.ndarray:
    """The learner's result as a float array of ``shape`` (laid out as ``layout`` says), or one
    sentence saying what is wrong."""
    if got is None:
        raise ExerciseError(
            f"{what} returned None; it should return an array (did you forget `return`?)"
        )
    try:
        array = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        raise ExerciseError(
            f"{what} should return an array of numbers, got {_describe(got)}"
        ) from None
    if array.shape != shape:
        raise ExerciseError(
            f"{what} returned an array of shape {array.shape}; it should have shape {shape}, "
            f"{layout}"
        )
    return array


def _rel_err_slips(a: np.ndarray, n: np.ndarray) -> dict[str, np.ndarray]:
    """The usual wrong denominators of the relative error, each under the hint that names it."""
    return {
        "0 / 0 is nan: where |a| + |n| is 0, divide by the floor instead, "
        "np.maximum(|a| + |n|, np.finfo(float).tiny).": np.abs(a) + np.abs(n),
        "You divided by |a| alone; divide by |a| + |n|, so that the error is symmetric in "
        "a and n and at most 1.": np.abs(a),
        "You divided by the larger of |a| and |n|; this book's relative error divides by "
        "their sum, so opposite signs give 1.": np.maximum(np.abs(a), np.abs(n)),
        "The denominator takes the absolute values apart, |a| + |n|: |a + n| is near 0 "
        "when the signs differ.": np.abs(a + n),
    }


def _follows(got: np.ndarray, a: np.ndarray, n: np.ndarray, denominator: np.ndarray) -> bool:
    """Whether ``got`` is ``|a - n| / denominator``, with or without the smallest-float floor."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        tries = (denominator, np.maximum(denominator, np.finfo(float).tiny))
        return any(
            np.allclose(got, np.abs(a - n) / d, rtol=1e-9, atol=0, equal_nan=True) for d in tries
        )


def check_rel_err(rel_err: Callable) -> None:
    """Check ``rel_err(a, n)``: $|a - n| / (|a| + |n|)$ entry by entry, with a floor of the
    smallest normal float, against [`relative_error`][backprop.gradcheck.relative_error].

    Parameters
    ----------
    rel_err : callable
        The learner's function: ``(a, n) -> array``, for two arrays of the same shape.

    Raises
    ------
    ExerciseError
        If the result has the wrong shape or differs on one of the cases: close numbers at
        three scales, opposite signs, zeros, numbers near the smallest normal float, a 2-D array.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.exercises.chapters import check_rel_err
    >>> def rel_err(a, n):
    ...     floor = np.finfo(float).tiny
    ...     return np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), floor)
    >>> check_rel_err(rel_err)
    >>> check_rel_err(lambda a, n: np.abs(a - n) / (np.abs(a) + np.abs(n)))
    Traceback (most recent call last):
    ...
    backprop.exercises.ExerciseError: rel_err(a, n) came out [nan, 1.0, 1.0]
    at a=[0.0, 0.0, 1e-20], n=[0.0, 1e-20, 0.0]; it should be [0.0, 1.0, 1.0].
    0 / 0 is nan: where |a| + |n| is 0, divide by the floor instead,
    np.maximum(|a| + |n|, np.finfo(float).tiny).
    """
    from backprop.gradcheck import relative_error

    _check_callable("rel_err", rel_err)
    a = np.array([3.0, -2.0, 0.5])
    grid = np.arange(6.0).reshape(2, 3)
    cases = [
        ("a=[3.0, -2.0, 0.5], n=a * (1 + 1e-6)", a, a * (1 + 1e-6)),
        ("a=1e8 * [3.0, -2.0, 0.5], n=a * (1 + 1e-6)", 1e8 * a, 1e8 * a * (1 + 1e-6)),
        ("a=1e-8 * [3.0, -2.0, 0.5], n=a * (1 + 1e-6)", 1e-8 * a, 1e-8 * a * (1 + 1e-6)),
        ("a=[3.0, -2.0, 0.5], n=-a", a, -a),
        ("a=[0.0, 0.0, 1e-20], n=[0.0, 1e-20, 0.0]",
         np.array([0, 0, 1e-20]), np.array([0, 1e-20, 0])),
        ("a=[1e-200, 3e-300], n=[2e-200, 3e-300]",
         np.array([1e-200, 3e-300]), np.array([2e-200, 3e-300])),
        (f"a={_numbers(grid - 2)}, n={_numbers(grid**2 - 2)}", grid - 2, grid**2 - 2),
    ]  # fmt: skip
    for at, a, n in cases:
        with np.errstate(divide="ignore", invalid="ignore"):  # the message says it all
            out = _call(f"rel_err({at})", rel_err, a.copy(), n.copy())
        got = _as_array(f"rel_err({at})", out, a.shape)
        want = relative_error(a, n)
        if np.allclose(got, want, rtol=1e-9, atol=0):
            continue
        message = f"rel_err(a, n) came out {_numbers(got)} at {at}; it should be {_numbers(want)}."
        slips = _rel_err_slips(a, n).items()
        hint = next((h for h, d in slips if _follows(got, a, n, d)), "")
        total = np.abs(a) + np.abs(n)
        if not hint and np.any((total > 0) & (total < 1e-6)):
            hint = (
                "Is your floor too large? Numbers below it all look equal. Use the smallest "
                "normal float, np.finfo(float).tiny (about 2.2e-308)."
            )
        raise ExerciseError(f"{message} {hint}".strip())


def check_numeric_gradient(numeric: Callable) -> None:
    """Check ``numeric(f, x, h=1e-6)``: central differences of ``f()`` for every entry of ``x``,
    changed in place and put back, against the exact gradient.

    Parameters
    ----------
    numeric : callable
        The learner's function: ``(f, x, h) -> array`` of ``x``'s shape, where ``f`` takes no
        argument and reads ``x`` itself.

    Raises
    ------
    ExerciseError
        If the result differs from the exact gradient of two test functions (a 1-D and a 2-D
        ``x``), if ``x`` is not left as it was, or if ``h`` is not used.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.exercises.chapters import check_numeric_gradient
    >>> def numeric(f, x, h=1e-6):
    ...     grad = np.zeros_like(x)
    ...     for i in np.ndindex(x.shape):
    ...         old = x[i]
    ...         x[i] = old + h
    ...         up = f()
    ...         x[i] = old - h
    ...         down = f()
    ...         x[i] = old
    ...         grad[i] = (up - down) / (2 * h)
    ...     return grad
    >>> check_numeric_gradient(numeric)
    >>> def halved(f, x, h=1e-6):
    ...     return numeric(f, x, h) * 2
    >>> check_numeric_gradient(halved)
    Traceback (most recent call last):
    ...
    backprop.exercises.ExerciseError: numeric(f, x) for f = sum(c * sin(x))
    at x=[0.5, -1.2, 2.0] came out [1.75517, 1.44943, -2.49688]; it should be
    [0.877583, 0.724716, -1.24844]. That is twice the gradient: the two points
    x + h and x - h are 2h apart, so divide by 2h.
    """
    _check_callable("numeric", numeric)
    c = np.array([1.0, 2.0, 3.0])
    x1 = np.array([0.5, -1.2, 2.0])
    x2 = np.array([[0.5, -1.0, 2.0], [1.5, 0.3, -0.7]])
    exact = 3 * x2**2  # the gradient of sum(x^3) + x[0, 1] x[1, 2]
    exact[0, 1] += x2[1, 2]
    exact[1, 2] += x2[0, 1]
    cases = [
        ("sum(c * sin(x))", x1, lambda: float(np.sum(c * np.sin(x1))), c * np.cos(x1)),
        (
            "sum(x^3) + x[0, 1] x[1, 2]",
            x2,
            lambda: float(np.sum(x2**3) + x2[0, 1] * x2[1, 2]),
            exact,
        ),
    ]
    for name, x, f, want in cases:
        before = x.copy()
        what = f"numeric(f, x) for f = {name} at x={_numbers(before)}"
        got = _as_array(what, _call(what, numeric, f, x), x.shape)
        if not np.array_equal(x, before):
            i = next(i for i in np.ndindex(x.shape) if x[i] != before[i])
            raise ExerciseError(
                f"after {what}, x{list(i)} is {_fmt(float(x[i]))}, not {_fmt(float(before[i]))}: "
                "put each entry back (x[i] = old) after its two calls to f"
            )
        if np.allclose(got, want, rtol=1e-7, atol=1e-9):
            continue
        message = f"{what} came out {_numbers(got)}; it should be {_numbers(want)}."
        if np.allclose(got, 2 * want, rtol=1e-6):
            message += (
                " That is twice the gradient: the two points x + h and x - h are 2h apart, "
                "so divide by 2h."
            )
        elif np.allclose(got, 0, atol=1e-12):
            message += (
                " Every entry came out 0: f never saw the change. Change x itself, in place "
                "(x[i] = old + h), not a copy of it: f reads x."
            )
        elif x.ndim > 1:
            message += (
                " Walk every index of a 2-D x with np.ndindex(x.shape): x[i] with one integer "
                "i is a whole row."
            )
        elif np.allclose(got, want, rtol=1e-3, atol=1e-5):
            message += (
                " Close, but not to the digits a central difference gives: evaluate f at "
                "x + h and at x - h, not at x + h and x."
            )
        raise ExerciseError(message)
    x = x1.copy()
    big = _as_array(
        "numeric(f, x, h=0.5)",
        _call("numeric(f, x, h=0.5)", numeric, lambda: float(np.sum(np.sin(x))), x, 0.5),
        x.shape,
    )
    want = np.sin(0.5) / 0.5 * np.cos(x1)
    if not np.allclose(big, want, rtol=1e-9):
        raise ExerciseError(
            f"numeric(f, x, h=0.5) for f = sum(sin(x)) came out {_numbers(big)}; with h = 0.5 "
            f"the central difference is (sin(x + h) - sin(x - h)) / (2 h) = {_numbers(want)}. "
            "Use the h the function is given."
        )


def _jacobian_cases() -> list[tuple[str, Callable, tuple[float, ...], np.ndarray]]:
    """Two functions with their points and exact Jacobians: 2 inputs, 3 outputs; 3 and 2."""

    def F(x1: Any, x2: Any) -> list:
        return [x1 * x2, x1.tanh(), x1 + x2 * x2]

    def G(x1: Any, x2: Any, x3: Any) -> list:
        return [x1 * x2 * x3, x1 + 2 * x3]

    t = math.tanh(0.5)
    return [
        ("F(x1, x2) = (x1 x2, tanh x1, x1 + x2 x2) at (0.5, -1.5)", F, (0.5, -1.5),
         np.array([[-1.5, 0.5], [1 - t * t, 0.0], [1.0, -3.0]])),
        ("G(x1, x2, x3) = (x1 x2 x3, x1 + 2 x3) at (1.0, 2.0, -0.5)", G, (1.0, 2.0, -0.5),
         np.array([[-1.0, -0.5, 2.0], [1.0, 0.0, 2.0]])),
    ]  # fmt: skip


def _check_jacobian(name: str, jacobian: Callable, kind: type, mode: str) -> None:
    _check_callable(name, jacobian)
    for text, F, point, want in _jacobian_cases():
        seen: list[type] = []

        def recorded(*xs: Any, F: Callable = F, seen: list[type] = seen) -> list:
            seen.extend(type(x) for x in xs)
            return F(*xs)

        what = f"{name}(F, point) for {text}"
        out = _call(what, jacobian, recorded, point)
        if seen and not all(t is kind for t in seen):
            other = next(t for t in seen if t is not kind)
            raise ExerciseError(
                f"{what} passed {other.__name__} to F; {mode} mode passes {kind.__name__} "
                f"objects, one per input"
            )
        m, n = want.shape
        if out is not None and np.shape(np.asarray(out, dtype=object)) == (n, m) and m != n:
            raise ExerciseError(
                f"{what} returned a {n} x {m} table; the Jacobian is {m} x {n}: row k holds "
                f"the derivatives of output k, one column per input. You returned its transpose."
            )
        got = _as_array(what, out, want.shape, "one row per output and one column per input")
        if np.allclose(got, want, rtol=1e-9, atol=1e-12):
            continue
        message = f"{what} came out {_numbers(got)}; it should be {_numbers(want)}."
        if mode == "reverse" and np.allclose(got, np.cumsum(want, axis=0), rtol=1e-9):
            message += (
                " Each row holds the sum of the rows before it: grad adds up over backward "
                "calls. Build fresh Values for each output."
            )
        raise ExerciseError(message)


def check_jacobian_forward(jacobian_forward: Callable) -> None:
    """Check ``jacobian_forward(F, point)``: the Jacobian of ``F`` at ``point`` by forward
    mode, one pass with [`Dual`][backprop.forward.Dual] numbers per input, each giving a column.

    Parameters
    ----------
    jacobian_forward : callable
        The learner's function: ``(F, point) -> rows``, the $m \\times n$ Jacobian of a
        function ``F`` of $n$ numbers returning a list of $m$, as a list of rows or an array.

    Raises
    ------
    ExerciseError
        If ``F`` is called with anything but `Dual` numbers, or the Jacobian is wrong
        (transposed, for example) for one of two functions, 2 -> 3 and 3 -> 2.

    Examples
    --------
    >>> from backprop.exercises.chapters import check_jacobian_forward
    >>> from backprop.forward import Dual
    >>> def jacobian_forward(F, point):
    ...     columns = []
    ...     for i in range(len(point)):
    ...         xs = [Dual(p, 1.0 if j == i else 0.0) for j, p in enumerate(point)]
    ...         columns.append([y.dot for y in F(*xs)])
    ...     return [list(row) for row in zip(*columns)]
    >>> check_jacobian_forward(jacobian_forward)
    >>> check_jacobian_forward(lambda F, point: [[1.0, 2.0]])
    Traceback (most recent call last):
    ...
    backprop.exercises.ExerciseError: jacobian_forward(F, point) for F(x1,
    x2) = (x1 x2, tanh x1, x1 + x2 x2) at (0.5, -1.5) returned an array of
    shape (1, 2); it should have shape (3, 2), one row per output and one
    column per input
    """
    from backprop.forward import Dual

    _check_jacobian("jacobian_forward", jacobian_forward, Dual, "forward")


def check_jacobian_reverse(jacobian_reverse: Callable) -> None:
    """Check ``jacobian_reverse(F, point)``: the Jacobian of ``F`` at ``point`` by reverse
    mode, one backward pass through [`Value`][backprop.autograd.Value]s per output, each
    giving a row.

    Parameters
    ----------
    jacobian_reverse : callable
        The learner's function: ``(F, point) -> rows``, as for
        [`check_jacobian_forward`][backprop.exercises.chapters.check_jacobian_forward].

    Raises
    ------
    ExerciseError
        If ``F`` is called with anything but `Value`s, or the Jacobian is wrong for one of two
        functions (rows that add up over backward calls are named).

    Examples
    --------
    >>> from backprop import Value
    >>> from backprop.exercises.chapters import check_jacobian_reverse
    >>> def jacobian_reverse(F, point):
    ...     rows = []
    ...     for k in range(len(F(*[Value(p) for p in point]))):
    ...         xs = [Value(p) for p in point]
    ...         F(*xs)[k].backward()
    ...         rows.append([x.grad for x in xs])
    ...     return rows
    >>> check_jacobian_reverse(jacobian_reverse)
    """
    _check_jacobian("jacobian_reverse", jacobian_reverse, Value, "reverse")


def check_dual_division(Dual: type) -> None:
    """Check a dual-number class with ``*``, ``/`` and a number added on the left (``1 + x``),
    and the derivative of $g(x) = x / (1 + x x)$ it gives in one pass.

    Parameters
    ----------
    Dual : type
        The learner's class: ``Dual(value, dot)`` with attributes ``value`` and ``dot``.

    Raises
    ------
    ExerciseError
        If a product, a quotient or ``1 + x`` has the wrong value or tangent, naming the
        usual slips of the quotient rule.

    Examples
    --------
    >>> from backprop.exercises.chapters import check_dual_division
    >>> class Dual:
    ...     def __init__(self, value, dot=0.0):
    ...         self.value, self.dot = value, dot
    ...     def __mul__(self, o):
    ...         dot = self.dot * o.value + self.value * o.dot
    ...         return Dual(self.value * o.value, dot)
    ...     def __truediv__(self, o):
    ...         dot = (self.dot * o.value - self.value * o.dot) / o.value**2
    ...         return Dual(self.value / o.value, dot)
    ...     def __radd__(self, number):
    ...         return Dual(number + self.value, self.dot)
    >>> check_dual_division(Dual)
    """
    _check_callable("Dual", Dual)

    def make(value: float, dot: float) -> Any:
        return _call(f"Dual({_fmt(value)}, {_fmt(dot)})", Dual, value, dot)

    def parts(what: str, d: Any) -> tuple[float, float]:
        if not (hasattr(d, "value") and hasattr(d, "dot")):
            raise ExerciseError(
                f"{what} gave {_describe(d)}; it should give a Dual, with .value and .dot"
            )
        return _expect_number(f"({what}).value", d.value), _expect_number(f"({what}).dot", d.dot)

    u, du, v, dv = 2.0, 1.0, 3.0, 0.5
    checks = [
        ("x * y", lambda x, y: x * y, u * v, du * v + u * dv, {}),
        ("x / y", lambda x, y: x / y, u / v, (du * v - u * dv) / v**2, {
            "The numerator's order matters: (du v - u dv), not (u dv - du v).": (
                (u * dv - du * v) / v**2
            ),
            "The quotient rule divides by v squared, not by v.": (du * v - u * dv) / v,
        }),
        ("1 + x", lambda x, y: 1 + x, 1 + u, du, {
            "A plain number is a constant: its tangent is 0, so 1 + x has x's tangent.": 1 + du,
        }),
    ]  # fmt: skip
    where = f"x = Dual({_fmt(u)}, {_fmt(du)}), y = Dual({_fmt(v)}, {_fmt(dv)})"
    for text, op, value, dot, slips in checks:
        what = f"{text} with {where}"
        got_value, got_dot = parts(what, _call(what, op, make(u, du), make(v, dv)))
        if not _close(got_value, value):
            raise ExerciseError(
                f"({what}).value came out {_fmt(got_value)}; it should be {_fmt(value)}"
            )
        if not _close(got_dot, dot):
            hint = next((h for h, slip in slips.items() if _close(got_dot, slip)), "")
            raise ExerciseError(
                f"({what}).dot came out {_fmt(got_dot)}; it should be {_fmt(dot)}. {hint}".strip()
            )
    for x0 in (2.0, -0.5, 0.0):
        what = f"g(x) = x / (1 + x * x) with x = Dual({_fmt(x0)}, 1.0)"
        x = make(x0, 1.0)
        _, got = parts(what, _call(what, lambda x: x / (1 + x * x), x))
        want = (1 - x0**2) / (1 + x0**2) ** 2
        if not _close(got, want):
            raise ExerciseError(
                f"{what}: .dot came out {_fmt(got)}; g'(x) = (1 - x^2) / (1 + x^2)^2 = {_fmt(want)}"
            )


def check_clip_by_norm(clip_by_norm: Callable) -> None:
    """Check ``clip_by_norm(grads, c)``: the arrays of a gradient rescaled together to norm
    ``c`` when their joint norm is above it, and left alone otherwise.

    Parameters
    ----------
    clip_by_norm : callable
        The learner's function: ``(grads, c) -> list of arrays``, where ``grads`` is a list of
        arrays (one per parameter) and their norm is $\\sqrt{\\sum g^2}$ over all of them.

    Raises
    ------
    ExerciseError
        If the result is not the clipped gradient, naming the usual slips: clipping each entry,
        or each array's norm on its own; rescaling a gradient already short enough.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.exercises.chapters import check_clip_by_norm
    >>> def clip_by_norm(grads, c):
    ...     norm = np.sqrt(sum(np.sum(g**2) for g in grads))
    ...     return [g * (c / norm) if norm > c else g for g in grads]
    >>> check_clip_by_norm(clip_by_norm)
    >>> check_clip_by_norm(lambda grads, c: [np.clip(g, -c, c) for g in grads])
    Traceback (most recent call last):
    ...
    backprop.exercises.ExerciseError: clip_by_norm(grads, c=1.0) with grads
    [3.0, 4.0] and [12.0] (norm 13.0) gave [1.0, 1.0] and [1.0]; it should
    give [0.230769, 0.307692] and [0.923077]. That clips each entry to [-c,
    c], which turns the gradient; rescale all the arrays by the one factor c /
    norm.
    """
    _check_callable("clip_by_norm", clip_by_norm)
    grads = [np.array([3.0, 4.0]), np.array([12.0])]
    norm = float(np.sqrt(sum(np.sum(g**2) for g in grads)))  # 13
    for c in (1.0, 26.0, 13.0, 6.5):
        want = [g * min(1.0, c / norm) for g in grads]
        shown = " and ".join(_numbers(g) for g in grads)
        what = f"clip_by_norm(grads, c={_fmt(c)}) with grads {shown} (norm {_fmt(norm)})"
        out = _call(what, clip_by_norm, [g.copy() for g in grads], c)
        if out is None:
            raise ExerciseError(
                f"{what} returned None; it should return the clipped arrays, as a list"
            )
        try:
            got = [np.asarray(g, dtype=float) for g in out]
        except (TypeError, ValueError):
            raise ExerciseError(
                f"{what} should return a list of arrays, got {_describe(out)}"
            ) from None
        if len(got) != len(want) or any(
            g.shape != w.shape for g, w in zip(got, want, strict=False)
        ):
            raise ExerciseError(
                f"{what} returned {len(got)} arrays of shapes {[g.shape for g in got]}; it should "
                f"return one per input array, of the same shapes {[w.shape for w in want]}"
            )
        if all(np.allclose(g, w, rtol=1e-9) for g, w in zip(got, want, strict=True)):
            continue
        gave, right = (" and ".join(_numbers(g) for g in gs) for gs in (got, want))
        message = f"{what} gave {gave}; it should give {right}."
        slips = {
            "That clips each entry to [-c, c], which turns the gradient; rescale all the arrays by "
            "the one factor c / norm.": [np.clip(g, -c, c) for g in grads],
            "That rescales each array to norm c on its own; the norm is that of all the arrays "
            "together, and one factor scales them all.": [
                g * min(1.0, c / np.linalg.norm(g)) for g in grads
            ],
            "A gradient whose norm is c or less is left as it is: only a longer one is rescaled.": [
                g * (c / norm) for g in grads
            ],
        }
        hint = next(
            (
                h
                for h, s in slips.items()
                if all(np.allclose(g, w) for g, w in zip(got, s, strict=True))
            ),
            "",
        )
        raise ExerciseError(f"{message} {hint}".strip())
