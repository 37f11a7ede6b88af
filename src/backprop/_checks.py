"""Argument checks shared by every module: each error names the argument and its value."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

RNG = int | np.random.Generator | None
"""What every ``rng`` argument of the package takes: an integer seed, a generator to draw from
(it is advanced), or None for fresh randomness from the operating system."""


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


def check_methods(name: str, obj: Any, *methods: str) -> Any:
    """Return ``obj`` if it is an instance with every one of ``methods``, else raise ``TypeError``.

    A class where an instance belongs (``MSELoss`` for ``MSELoss()``) gets its own message: its
    methods exist, but calling them fails far from the mistake.

    Examples
    --------
    >>> from backprop._checks import check_methods
    >>> from backprop.nn import MSELoss
    >>> check_methods("loss", MSELoss(), "forward", "backward")
    MSELoss()
    >>> check_methods("loss", MSELoss, "forward", "backward")
    Traceback (most recent call last):
    ...
    TypeError: loss must be an instance, got the class MSELoss: create one first,
    e.g. MSELoss()

    >>> from backprop._checks import check_methods
    >>> check_methods("loss", 3, "forward")
    Traceback (most recent call last):
    ...
    TypeError: loss must have a forward() method, got 3 of type int
    """
    if isinstance(obj, type):
        raise TypeError(
            f"{name} must be an instance, got the class {obj.__name__}: "
            f"create one first, e.g. {obj.__name__}()"
        )
    for method in methods:
        if not callable(getattr(obj, method, None)):
            raise TypeError(
                f"{name} must have a {method}() method, got {short_repr(obj)} "
                f"of type {type(obj).__name__}"
            )
    return obj


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

    Infinity is not a step size or a tolerance either, and says so:

    >>> from backprop._checks import check_positive
    >>> check_positive("lr", float("inf"))
    Traceback (most recent call last):
    ...
    ValueError: lr must be finite, got inf
    """
    number = check_number(name, value)
    if np.isinf(number):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if not number > 0:  # nan too
        raise ValueError(f"{name} must be > 0, got {value!r}")
    return number


def check_rng(rng: Any, name: str = "rng") -> np.random.Generator:
    """``rng`` as a ``numpy.random.Generator``: a seed makes a new one, a generator is used as is.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop._checks import check_rng
    >>> float(check_rng(0).random()) == float(np.random.default_rng(0).random())
    True
    >>> check_rng("0")
    Traceback (most recent call last):
    ...
    TypeError: rng must be an int seed, a numpy.random.Generator or None, got '0' of
    type str
    """
    if rng is None or isinstance(rng, np.random.Generator):
        return np.random.default_rng(rng)
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool):
        if rng < 0:
            raise ValueError(f"{name} must be a seed >= 0, got {rng!r}")
        return np.random.default_rng(int(rng))
    raise TypeError(
        f"{name} must be an int seed, a numpy.random.Generator or None, got {short_repr(rng)} "
        f"of type {type(rng).__name__}"
    )


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


def check_numeric(name: str, value: Any) -> np.ndarray:
    """``value`` as a numpy array of numbers (bool, int or float), else ``TypeError``.

    Text is refused, never parsed: ``"3"`` is not 3.

    Examples
    --------
    >>> from backprop._checks import check_numeric
    >>> check_numeric("a", [1, 2]).tolist()
    [1, 2]
    >>> check_numeric("a", "3")
    Traceback (most recent call last):
    ...
    TypeError: a must be numeric (a number or an array of numbers), got '3' of type
    str
    """
    try:
        arr = np.asarray(value)
    except ValueError:  # ragged nested lists
        raise ValueError(f"{name} must be a number or a rectangular array, got {value!r}") from None
    if arr.dtype.kind not in "biuf":  # text, None, objects: numbers only, never parsed
        raise TypeError(
            f"{name} must be numeric (a number or an array of numbers), got {short_repr(value)} "
            f"of type {type(value).__name__}"
        )
    return arr


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
    arr = check_numeric(name, value)
    if arr.dtype.kind in "biu":
        arr = arr.astype(np.float64)
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


def short_repr(value: Any, limit: int = 60) -> str:
    """``repr(value)``, cut to ``limit`` characters for an error message."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
