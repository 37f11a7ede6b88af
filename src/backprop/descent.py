"""Gradient descent on functions of one or many variables.

Gradient descent repeats one update: step against the slope,

```
x <- x - lr * grad(x)
```

where ``lr`` is the learning rate. Where the slope is positive, ``x`` moves left; where it is
negative, ``x`` moves right; where it is zero, ``x`` stays. [`gradient_descent`][] records
every point it visits in a [`Trajectory`][] so that a page can tabulate or plot the path.
[`gradient_ascent`][] climbs instead (``x <- x + lr * grad(x)``): the blindfolded walker who
feels for the steepest way up the mountain.

When no gradient function is given, the slope is estimated by central differences
([`backprop.calculus`][]).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from backprop._checks import (
    check_callable,
    check_finite,
    check_int,
    check_number,
    check_positive,
)
from backprop.calculus import derivative, gradient

__all__ = ["DivergenceError", "Trajectory", "gradient_ascent", "gradient_descent"]

ON_DIVERGENCE = ("raise", "flag")


class DivergenceError(ArithmeticError):
    """Raised when gradient descent (or training) runs away instead of settling.

    Attributes
    ----------
    step : int
        The step at which the run was stopped (``0`` is the starting point).
    lr : float
        The learning rate that was used.
    value : float
        The offending value (the size of ``x``, or the non-finite ``f(x)`` or gradient).
    trajectory : Trajectory or None
        The path up to and including the step that ran away, for plotting.

    Examples
    --------
    >>> from backprop import DivergenceError, gradient_descent
    >>> try:
    ...     gradient_descent(lambda x: x**2, 1.0, lr=1.5, grad=lambda x: 2 * x)
    ... except DivergenceError as error:
    ...     print(error.step, error.lr, error.trajectory.xs[:4].tolist())
    40 1.5 [1.0, -2.0, 4.0, -8.0]
    """

    def __init__(
        self,
        message: str,
        *,
        step: int | None = None,
        lr: float | None = None,
        value: float | None = None,
        trajectory: Trajectory | None = None,
    ) -> None:
        super().__init__(message)
        self.step = step
        self.lr = lr
        self.value = value
        self.trajectory = trajectory


@dataclass(frozen=True, eq=False, repr=False)
class Trajectory:
    """The path of one run of gradient descent (or ascent).

    Row ``k`` of each array belongs to the point reached after ``k`` updates; row ``0`` is the
    starting point ``x0``.

    Attributes
    ----------
    xs : numpy.ndarray
        Every point visited, shape ``(n_steps + 1,)`` for a function of one variable or
        ``(n_steps + 1, d)`` for a function of ``d`` variables.
    fs : numpy.ndarray
        ``f`` at each point, shape ``(n_steps + 1,)``.
    grads : numpy.ndarray
        The gradient at each point, the same shape as ``xs``. After a divergence the last row
        may be ``nan`` (no gradient was taken at a point that ran away).
    converged : bool
        True if the run stopped because the step ``|lr * grad|`` fell below ``tol``.
    diverged : bool
        True if the run stopped because ``x``, ``f(x)`` or the gradient ran away
        (``on_divergence="flag"``).
    n_steps : int
        The number of updates taken.
    lr : float
        The learning rate.
    maximize : bool
        True for gradient ascent.

    Examples
    --------
    >>> from backprop import gradient_descent
    >>> run = gradient_descent(lambda x: (x + 2) ** 2, 0.0, lr=0.25, steps=3, tol=0)
    >>> run
    Trajectory(n_steps=3, x=-1.75, f=0.0625, lr=0.25, converged=False,
    diverged=False)
    >>> [round(float(x), 6) for x in run.xs], [round(float(f), 6) for f in run.fs]
    ([0.0, -1.0, -1.5, -1.75], [4.0, 1.0, 0.25, 0.0625])
    >>> [round(float(g), 6) for g in run.grads]
    [4.0, 2.0, 1.0, 0.5]
    """

    xs: np.ndarray
    fs: np.ndarray
    grads: np.ndarray
    converged: bool
    diverged: bool
    n_steps: int
    lr: float
    maximize: bool = False

    @property
    def x(self) -> float | np.ndarray:
        """The last point: a float for one variable, an array for many."""
        last = self.xs[-1]
        return float(last) if np.ndim(last) == 0 else last.copy()

    @property
    def f(self) -> float:
        """``f`` at the last point."""
        return float(self.fs[-1])

    def __repr__(self) -> str:
        last = self.xs[-1]
        if np.ndim(last) == 0:
            x_text = f"{float(last):.6g}"
        else:
            x_text = "[" + ", ".join(f"{float(v):.6g}" for v in last) + "]"
        return (
            f"Trajectory(n_steps={self.n_steps}, x={x_text}, f={self.f:.6g}, lr={self.lr:g}, "
            f"converged={self.converged}, diverged={self.diverged})"
        )


def gradient_descent(
    f: Callable[[Any], float],
    x0: float | np.ndarray | list[float],
    lr: float,
    steps: int = 1000,
    grad: Callable[[Any], Any] | None = None,
    tol: float = 1e-10,
    max_abs: float = 1e12,
    *,
    on_divergence: Literal["raise", "flag"] = "raise",
) -> Trajectory:
    """Minimise ``f`` from ``x0`` by repeating ``x <- x - lr * grad(x)``.

    Parameters
    ----------
    f : callable
        The function to minimise. For a scalar ``x0`` it takes and returns a float; for a
        vector ``x0`` it takes a 1-D numpy array and returns a float.
    x0 : float or array_like
        The starting point: a number for a function of one variable, a 1-D vector for many.
    lr : float
        The learning rate, > 0.
    steps : int
        The most updates to take.
    grad : callable, optional
        The exact gradient, called like ``f`` and returning a float (scalar ``x0``) or an array
        shaped like ``x0``. Without it the gradient is estimated by central differences
        ([`backprop.calculus.derivative`][] or [`backprop.calculus.gradient`][]).
    tol : float
        Stop (converged) once the step size ``|lr * grad(x)|`` (its norm, for vectors) is
        below ``tol``. ``tol=0`` runs every step, even one of exactly zero (0 is not below 0).
    max_abs : float
        The run has diverged once any coordinate of ``x`` is larger than this in size, or
        ``x``, ``f(x)`` or the gradient stop being finite.
    on_divergence : {"raise", "flag"}
        ``"raise"`` raises [`DivergenceError`][]; ``"flag"`` returns the path so far with
        ``diverged=True`` (for plotting a run that blows up).

    Returns
    -------
    Trajectory
        Every point, value and gradient of the run, and how it ended.

    Raises
    ------
    DivergenceError
        If the run diverges and ``on_divergence="raise"``.
    ValueError, TypeError
        For bad arguments, a non-finite ``f(x0)``, or a ``grad`` returning the wrong shape.

    Examples
    --------
    ``y = (x + 2)**2`` has its minimum at ``x = -2``. At ``x = 0`` the slope is 4 (positive,
    so ``x`` moves left); at ``x = -4`` it is -4 (negative, so ``x`` moves right):

    >>> from backprop import gradient_descent
    >>> def y(x):
    ...     return (x + 2) ** 2
    >>> right = gradient_descent(y, 0.0, lr=0.1)
    >>> round(float(right.grads[0]), 6), round(right.x, 6), right.converged
    (4.0, -2.0, True)
    >>> left = gradient_descent(y, -4.0, lr=0.1)
    >>> round(float(left.grads[0]), 6), round(left.x, 6)
    (-4.0, -2.0)
    >>> [round(float(x), 4) for x in right.xs[:4]]
    [0.0, -0.4, -0.72, -0.976]

    With an exact gradient and a vector start, on the bowl ``f(x, y) = x**2 + 3 y**2``:

    >>> import numpy as np
    >>> from backprop import gradient_descent
    >>> bowl = gradient_descent(
    ...     lambda v: v[0] ** 2 + 3 * v[1] ** 2, [2.0, 1.0], lr=0.1,
    ...     grad=lambda v: np.array([2 * v[0], 6 * v[1]]),
    ... )
    >>> [round(float(v), 6) for v in bowl.x], bowl.xs.shape
    ([0.0, 0.0], (101, 2))

    Too large a learning rate overshoots further at every step:

    >>> from backprop import gradient_descent
    >>> f = lambda x: (x + 2) ** 2
    >>> run = gradient_descent(f, 0.0, lr=1.1, on_divergence="flag")
    >>> run.diverged, run.converged
    (True, False)
    >>> gradient_descent(lambda x: (x + 2) ** 2, 0.0, lr=1.1)
    Traceback (most recent call last):
    ...
    backprop.descent.DivergenceError: gradient descent diverged at step 148 with
    lr=1.1: |x| reached 1e+12; try a smaller lr
    """
    return _walk(f, x0, lr, steps, grad, tol, max_abs, on_divergence, maximize=False)


def gradient_ascent(
    f: Callable[[Any], float],
    x0: float | np.ndarray | list[float],
    lr: float,
    steps: int = 1000,
    grad: Callable[[Any], Any] | None = None,
    tol: float = 1e-10,
    max_abs: float = 1e12,
    *,
    on_divergence: Literal["raise", "flag"] = "raise",
) -> Trajectory:
    """Maximise ``f`` from ``x0`` by repeating ``x <- x + lr * grad(x)``.

    The blindfolded climber: feel which way is steepest uphill and take a step that way.
    Arguments and result are those of [`gradient_descent`][].

    Examples
    --------
    The hill ``h(x) = 3 - (x - 1)**2`` has its top at ``x = 1``, height 3:

    >>> from backprop import gradient_ascent
    >>> top = gradient_ascent(lambda x: 3 - (x - 1) ** 2, -2.0, lr=0.1)
    >>> round(top.x, 6), round(top.f, 6), top.converged, top.maximize
    (1.0, 3.0, True, True)

    On a surface of two variables, from the foot of the hill ``exp(-(x**2 + y**2))``:

    >>> import numpy as np
    >>> from backprop import gradient_ascent
    >>> def hill_f(v):
    ...     return np.exp(-(v[0] ** 2 + v[1] ** 2))
    >>> hill = gradient_ascent(hill_f, [1.0, 0.5], lr=0.5)
    >>> bool(np.allclose(hill.x, [0.0, 0.0], atol=1e-4)), round(hill.f, 6)
    (True, 1.0)
    """
    return _walk(f, x0, lr, steps, grad, tol, max_abs, on_divergence, maximize=True)


# ---------------------------------------------------------------------------- the walk, in steps


def _walk(
    f: Callable[[Any], float],
    x0: Any,
    lr: Any,
    steps: Any,
    grad: Callable[[Any], Any] | None,
    tol: Any,
    max_abs: Any,
    on_divergence: str,
    maximize: bool,
) -> Trajectory:
    """The loop both directions share: check, start, step until settled or away, report."""
    lr, steps, tol, max_abs = _check_settings(lr, steps, tol, max_abs, on_divergence)
    objective = _Objective.of(f, grad)
    x = _check_start(x0)
    fx, g = objective.at_start(x)
    sign = 1.0 if maximize else -1.0
    xs, fs, grads = [x], [fx], [g]
    converged, problem = False, None
    # A run that blows up overflows on the way: numpy's warnings would come before, and say
    # less than, the DivergenceError that names the step and the lr.
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            step = lr * g
            if float(np.linalg.norm(step)) < tol:
                converged = True
                break
            x = x + sign * step
            fx, g, problem = objective.visit(x, max_abs)
            xs.append(x)
            fs.append(fx)
            grads.append(g)
            if problem is not None:
                break
    run = Trajectory(
        xs=_frozen(np.array(xs)),
        fs=_frozen(np.array(fs, dtype=np.float64)),
        grads=_frozen(np.array(grads)),
        converged=converged,
        diverged=problem is not None,
        n_steps=len(xs) - 1,
        lr=lr,
        maximize=maximize,
    )
    if problem is not None and on_divergence == "raise":
        raise _diverged(run, *problem)
    return run


def _check_settings(
    lr: Any, steps: Any, tol: Any, max_abs: Any, on_divergence: str
) -> tuple[float, int, float, float]:
    """The run's numeric settings, checked: ``lr`` and ``max_abs`` > 0, ``tol`` >= 0."""
    lr = check_positive("lr", lr)
    steps = check_int("steps", steps)
    tol_value = check_number("tol", tol)
    if not (math.isfinite(tol_value) and tol_value >= 0):
        raise ValueError(f"tol must be >= 0, got {tol!r}")
    max_abs = check_positive("max_abs", max_abs)
    if on_divergence not in ON_DIVERGENCE:
        raise ValueError(f"on_divergence must be 'raise' or 'flag', got {on_divergence!r}")
    return lr, steps, tol_value, max_abs


def _check_start(x0: Any) -> np.ndarray:
    """``x0`` as a float64 array of shape ``()`` (one variable) or ``(d,)`` (d variables)."""
    if isinstance(x0, bool):
        raise TypeError(f"x0 must be a number or a 1-D array of numbers, got {x0!r}")
    x = check_finite("x0", x0).astype(np.float64)
    if x.ndim > 1:
        raise ValueError(f"x0 must be a number or a 1-D vector, got shape {x.shape}")
    if x.size == 0:
        raise ValueError("x0 must hold at least one number, got an empty vector")
    return x


@dataclass(frozen=True)
class _Objective:
    """``f`` and its gradient, called the way the user wrote them: on a float or a vector."""

    f: Callable[[Any], float]
    grad: Callable[[Any], Any] | None

    @classmethod
    def of(cls, f: Any, grad: Any) -> _Objective:
        check_callable("f", f)
        if grad is not None:
            check_callable("grad", grad)
        return cls(f, grad)

    def at_start(self, x: np.ndarray) -> tuple[float, np.ndarray]:
        """``f(x0)`` and the gradient there; both must be finite, or there is no run."""
        fx = self.value(x)
        if not math.isfinite(fx):
            raise ValueError(f"f must be finite at x0, got f(x0)={fx} at x0={_fmt(x)}")
        g = self.slope(x, at_start=True)
        if not np.all(np.isfinite(g)):
            raise ValueError(f"grad must be finite at x0, got {_fmt(g)} at x0={_fmt(x)}")
        return fx, g

    def visit(self, x: np.ndarray, max_abs: float) -> tuple[float, np.ndarray, Any]:
        """``f(x)``, the gradient, and ``(what ran away, its value)`` or None if nothing did.

        Once ``x`` or ``f(x)`` has run away no gradient is taken there (that row is ``nan``).
        """
        g = np.full(x.shape, np.nan)
        size = float(np.max(np.abs(x)))
        if not math.isfinite(size):
            return math.nan, g, (f"x became {_fmt(x)}", size)
        fx = self.value(x)
        if size > max_abs:
            return fx, g, (f"|x| reached {size:.2g}", size)
        if not math.isfinite(fx):
            return fx, g, (f"f(x) became {fx}", fx)
        g = self.slope(x, at_start=False)
        bad = ~np.isfinite(g)
        if bad.any():
            return fx, g, (f"the gradient became {_fmt(g)}", float(g[bad].flat[0]))
        return fx, g, None

    def value(self, x: np.ndarray) -> float:
        """``f(x)`` as a float; an overflow inside ``f`` counts as ``nan`` (a divergence)."""
        arg = _user_arg(x)
        try:
            value = self.f(arg)
        except (OverflowError, ZeroDivisionError):
            return math.nan
        try:
            return float(value)
        except (TypeError, ValueError):
            raise TypeError(f"f must return a real number, got {value!r} at x={arg!r}") from None

    def slope(self, x: np.ndarray, at_start: bool) -> np.ndarray:
        """The gradient at ``x``: the user's ``grad``, or central differences without one."""
        if self.grad is None:
            try:
                if x.ndim == 0:
                    return np.asarray(derivative(self.f, float(x)), dtype=np.float64)
                return gradient(self.f, x)
            except ValueError:
                if at_start:
                    raise
                return np.full(x.shape, np.nan)  # f ran away next to x: a divergence
        value = self.grad(_user_arg(x))
        try:
            g = np.asarray(value, dtype=np.float64)
        except (TypeError, ValueError):
            raise TypeError(f"grad must return numbers, got {value!r}") from None
        if g.shape != x.shape:
            wanted = "a single number (x0 is a number)" if x.ndim == 0 else f"shape {x.shape}"
            raise ValueError(f"grad must return {wanted} like x0, got shape {g.shape}")
        return g


def _diverged(run: Trajectory, what: str, value: float) -> DivergenceError:
    """The error for a run that ran away: which step, which ``lr``, what ran away and how far."""
    name = "ascent" if run.maximize else "descent"
    return DivergenceError(
        f"gradient {name} diverged at step {run.n_steps} with lr={run.lr:g}: {what}; "
        "try a smaller lr",
        step=run.n_steps,
        lr=run.lr,
        value=value,
        trajectory=run,
    )


def _user_arg(x: np.ndarray) -> float | np.ndarray:
    """What ``f`` and ``grad`` receive: a float for one variable, a copy of the vector for many."""
    return float(x) if x.ndim == 0 else x.copy()


def _fmt(a: np.ndarray) -> str:
    a = np.asarray(a)
    if a.ndim == 0:
        return f"{float(a):.6g}"
    return "[" + ", ".join(f"{float(v):.6g}" for v in a) + "]"


def _frozen(a: np.ndarray) -> np.ndarray:
    a.setflags(write=False)
    return a
