"""Argument checks shared by every module: each error names the argument and its value."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np


def check_callable(name: str, f: Any) -> Callable:
    """Return ``f`` if it can be called, else raise ``TypeError`` naming it.

    Examples
    --------
    >>> from backprop._checks import check_callable
    >>> check_callable("f", len) is len
    True
    >>> check_callable("f", 3)
    Traceback (most recent call last):
    ...
    TypeError: f must be callable, got 3 of type int
    """
    if not callable(f):
        raise TypeError(f"{name} must be callable, got {f!r} of type {type(f).__name__}")
    return f


def check_number(name: str, value: Any) -> float:
    """Return ``value`` as a float if it is a real number (not a bool), else raise ``TypeError``.

    This is the one type guard for numeric arguments; range checks build on it.

    Examples
    --------
    >>> from backprop._checks import check_number
    >>> check_number("tol", 3)
    3.0
    >>> check_number("tol", "3")
    Traceback (most recent call last):
    ...
    TypeError: tol must be a number, got '3' of type str
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number, got {value!r} of type {type(value).__name__}")
    return float(value)


def check_positive(name: str, value: Any) -> float:
    """Return ``value`` as a float if it is a finite number > 0.

    Examples
    --------
    >>> from backprop._checks import check_positive
    >>> check_positive("lr", 0.1)
    0.1
    >>> check_positive("lr", -0.1)
    Traceback (most recent call last):
    ...
    ValueError: lr must be > 0, got -0.1
    """
    number = check_number(name, value)
    if not np.isfinite(number) or number <= 0:
        raise ValueError(f"{name} must be > 0, got {value!r}")
    return number


def check_int(name: str, value: Any, minimum: int = 0) -> int:
    """Return ``value`` if it is an integer (not a bool) >= ``minimum``.

    Examples
    --------
    >>> from backprop._checks import check_int
    >>> check_int("steps", 10)
    10
    >>> check_int("steps", -1)
    Traceback (most recent call last):
    ...
    ValueError: steps must be an integer >= 0, got -1

    >>> from backprop._checks import check_int
    >>> check_int("batch_size", 0, minimum=1)
    Traceback (most recent call last):
    ...
    ValueError: batch_size must be an integer >= 1, got 0
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, got {value!r} of type {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def check_finite(name: str, value: Any) -> np.ndarray:
    """Return ``value`` as a float array if every entry is finite, else raise ``ValueError``.

    Integer input becomes float64; float32 stays float32.

    Examples
    --------
    >>> from backprop._checks import check_finite
    >>> check_finite("x", [1.0, 2.0]).tolist()
    [1.0, 2.0]
    >>> check_finite("x", [1.0, float("nan")])
    Traceback (most recent call last):
    ...
    ValueError: x must be finite, got nan at index (1,)
    """
    arr = np.asarray(value)
    if arr.dtype.kind in "biu":
        arr = arr.astype(np.float64)
    elif arr.dtype.kind not in "f":
        try:
            arr = arr.astype(np.float64)
        except (TypeError, ValueError):
            raise TypeError(f"{name} must be numeric, got {value!r}") from None
    bad = ~np.isfinite(arr)
    if bad.any():
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(f"{name} must be finite, got {float(arr[where])!r} at index {where}")
    return arr


def check_shape(name: str, arr: np.ndarray, expected: tuple) -> None:
    """Raise ``ValueError`` unless ``arr.shape`` matches ``expected`` (``None`` matches any size).

    Examples
    --------
    >>> import numpy as np
    >>> from backprop._checks import check_shape
    >>> check_shape("X", np.zeros((5, 3)), (None, 3))
    >>> check_shape("X", np.zeros((5, 4)), (None, 3))
    Traceback (most recent call last):
    ...
    ValueError: X must have shape (N, 3), got (5, 4)
    """
    ok = arr.ndim == len(expected) and all(
        e is None or e == s for e, s in zip(expected, arr.shape, strict=True)
    )
    if not ok:
        wanted = ", ".join("N" if e is None else str(e) for e in expected)
        raise ValueError(f"{name} must have shape ({wanted}), got {tuple(arr.shape)}")
