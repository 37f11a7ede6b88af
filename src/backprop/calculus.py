"""Numeric derivatives by finite differences, and how accurate they are.

A derivative is the limit of a difference quotient. A computer cannot take the limit, so it
picks a small step ``h`` and divides:

| difference | quotient | its error shrinks like |
| --- | --- | --- |
| forward | ``(f(x + h) - f(x)) / h`` | ``h`` |
| backward | ``(f(x) - f(x - h)) / h`` | ``h`` |
| central | ``(f(x + h) - f(x - h)) / (2 h)`` | ``h**2`` |

Too small an ``h`` and rounding error takes over, because ``f(x + h) - f(x)`` cancels almost
every digit. [`default_step`][] picks the ``h`` that balances the two errors.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from backprop._checks import check_callable, check_finite, check_number, check_positive

METHODS = ("forward", "backward", "central")

_EPS = float(np.finfo(np.float64).eps)


__all__ = ["default_step", "derivative", "difference_error", "gradient"]


def default_step(x: float, method: str = "central") -> float:
    """Return the step ``h`` that balances truncation and rounding error at ``x``.

    One-sided differences have truncation error of order ``h`` and rounding error of order
    ``eps / h``; the sum is smallest near ``h = sqrt(eps)``. The central difference has
    truncation error of order ``h**2``, so its best step is near ``h = eps ** (1/3)``. Both are
    scaled by ``max(1, |x|)`` so that ``x + h`` differs from ``x`` in about the last half of
    its digits (the last two thirds, for the central step) whatever the size of ``x``.

    Examples
    --------
    >>> from backprop.calculus import default_step
    >>> f"{default_step(1.0, 'forward'):.2e}"
    '1.49e-08'
    >>> f"{default_step(1.0, 'central'):.2e}"
    '6.06e-06'
    >>> f"{default_step(1000.0, 'central'):.2e}"
    '6.06e-03'
    """
    _check_method(method)
    scale = max(1.0, abs(float(x)))
    power = 1 / 3 if method == "central" else 1 / 2
    return _EPS**power * scale


def derivative(
    f: Callable[[float], float],
    x: float,
    h: float | None = None,
    method: str = "central",
) -> float:
    """Estimate ``f'(x)`` with a finite difference.

    Parameters
    ----------
    f : callable
        A function of one real number returning one real number.
    x : float
        Where to take the derivative.
    h : float, optional
        The step. Defaults to [`default_step`][] for the method.
    method : {"central", "forward", "backward"}
        Which difference quotient to use.

    Returns
    -------
    float
        The estimate of the slope of ``f`` at ``x``.

    Examples
    --------
    The slope of ``y = 2x`` is 2 everywhere, and of ``f(x) = 5x`` it is 5:

    >>> from backprop.calculus import derivative
    >>> round(derivative(lambda x: 2 * x, 3.0), 9)
    2.0
    >>> round(derivative(lambda x: 5 * x, -1.0), 9)
    5.0

    A forward difference with a large step shows its first-order error:

    >>> from backprop.calculus import derivative
    >>> derivative(lambda x: x**2, 1.0, h=0.1, method="forward")
    2.100000000000002
    >>> round(derivative(lambda x: x**2, 1.0, h=0.1, method="central"), 12)
    2.0
    """
    check_callable("f", f)
    _check_method(method)
    x = _check_point(x)
    h = default_step(x, method) if h is None else check_positive("h", h)
    if method == "forward":
        hi, lo, width = x + h, x, h
    elif method == "backward":
        hi, lo, width = x, x - h, h
    else:
        hi, lo, width = x + h, x - h, 2 * h
    return (_evaluate(f, hi) - _evaluate(f, lo)) / width


def gradient(
    f: Callable[[np.ndarray], float],
    x: np.ndarray | list[float],
    h: float | None = None,
) -> np.ndarray:
    """Estimate the gradient of ``f`` at the vector ``x`` with central differences.

    Each partial derivative ``df/dx_i`` moves only coordinate ``i`` by ``+h`` and ``-h`` and
    keeps the others fixed, so the cost is ``2 * len(x)`` calls of ``f``.

    Parameters
    ----------
    f : callable
        A function of a 1-D numpy array returning one real number.
    x : array_like
        Where to take the gradient (a 1-D vector).
    h : float, optional
        The step for every coordinate. Defaults to [`default_step`][] of each coordinate.

    Returns
    -------
    numpy.ndarray
        The vector of partial derivatives, the same shape as ``x``.

    Examples
    --------
    For ``f(x, y) = x**2 * y`` the gradient is ``(2xy, x**2)``; at ``(3, 2)`` that is ``(12, 9)``:

    >>> from backprop.calculus import gradient
    >>> g = gradient(lambda v: v[0] ** 2 * v[1], [3.0, 2.0])
    >>> [round(float(gi), 6) for gi in g]
    [12.0, 9.0]
    """
    check_callable("f", f)
    x = check_finite("x", x).astype(np.float64)
    if x.ndim != 1:
        raise ValueError(f"x must be a 1-D vector, got shape {x.shape}")
    if x.size == 0:
        raise ValueError("x must hold at least one number, got an empty vector")
    if h is not None:
        check_positive("h", h)
    grad = np.empty_like(x)
    for i in range(x.size):
        step = default_step(x[i], "central") if h is None else h
        x_hi, x_lo = x.copy(), x.copy()
        x_hi[i] += step
        x_lo[i] -= step
        grad[i] = (_evaluate(f, x_hi) - _evaluate(f, x_lo)) / (2 * step)
    return grad


def difference_error(
    f: Callable[[float], float],
    df: Callable[[float], float],
    x: float,
    hs: np.ndarray,
    method: str = "central",
) -> np.ndarray:
    """Absolute error of the finite difference against the exact derivative, for each step.

    This is the data behind the "V curve": on log-log axes the error first falls as ``h``
    shrinks (truncation error) and then rises again (rounding error).

    Parameters
    ----------
    f : callable
        A function of one real number returning one real number.
    df : callable
        Its exact derivative, the reference.
    x : float
        Where to take the derivative.
    hs : array_like
        The steps to try, one error each.
    method : {"central", "forward", "backward"}
        Which difference quotient to use, as in [`derivative`][].

    Returns
    -------
    numpy.ndarray
        ``|derivative(f, x, h, method) - df(x)|`` for each ``h`` in ``hs``, in order.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.calculus import difference_error
    >>> hs = np.array([1e-1, 1e-5, 1e-13])
    >>> err = difference_error(np.sin, np.cos, 1.0, hs, method="forward")
    >>> bool(err[1] < err[0] and err[1] < err[2])
    True
    """
    exact = float(df(x))
    return np.array([abs(derivative(f, x, h=float(h), method=method) - exact) for h in hs])


def _check_method(method: str) -> None:
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}; got {method!r}")


def _check_point(x: float) -> float:
    value = check_number("x", x)
    if not np.isfinite(value):
        raise ValueError(f"x must be finite, got {x!r}")
    return value


def _evaluate(f: Callable, x: float | np.ndarray) -> float:
    value = f(x)
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"f must return a real number, got {value!r} at x={x!r}") from None
    if not np.isfinite(value):
        raise ValueError(f"f returned {value} at x={x!r}; the derivative is not defined there")
    return value
