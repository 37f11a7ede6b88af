"""The data sets of the chapters and labs, every one of them seeded (and ``spirals``, for
experiments of your own).

Each function that draws random numbers takes ``rng``, as every function of the package does:
an integer seed, or a ``numpy.random.Generator`` to draw from. The same seed gives the same
arrays, so the same build gives the same pages.

Inputs are row-per-example: ``X`` has shape ``(N, n_features)``. Regression targets ``Y`` have
shape ``(N, n_outputs)``; class labels ``y`` have shape ``(N,)`` and integer dtype.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

from backprop._checks import check_int, check_number, check_rng

__all__ = [
    "Digits",
    "OneWeightExample",
    "Table",
    "TeacherStudent",
    "digits",
    "identity_table",
    "line",
    "one_weight_example",
    "spirals",
    "teacher_student",
    "two_moons",
]


# --------------------------------------------------------------------------------------------
# Learning one weight
# --------------------------------------------------------------------------------------------


class OneWeightExample(NamedTuple):
    """One input, one target, one weight: the loss ``J(w) = (x*w - y)**2``.

    Attributes
    ----------
    x, y : float
        The input and the target.
    w0 : float
        The starting weight.
    lr : float
        The learning rate.

    Examples
    --------
    >>> from backprop.data import OneWeightExample
    >>> ex = OneWeightExample()
    >>> round(ex.predict(0.8), 12), round(ex.loss(0.8), 12), round(ex.grad(0.8), 12)
    (1.2, 0.49, 2.1)
    >>> OneWeightExample(x=2.0, y=4.0).w_star
    2.0
    """

    x: float = 1.5
    y: float = 0.5
    w0: float = 0.8
    lr: float = 0.1

    @property
    def w_star(self) -> float:
        """The best weight ``y / x``, where the loss is zero."""
        return self.y / self.x

    def predict(self, w: float) -> float:
        """The prediction ``y_hat = x * w``."""
        return self.x * w

    def loss(self, w: float) -> float:
        """The squared error ``J(w) = (x*w - y)**2``."""
        return (self.x * w - self.y) ** 2

    def grad(self, w: float) -> float:
        """The slope ``dJ/dw = 2 x (x w - y)`` (``4.5 w - 1.5`` for the defaults)."""
        return 2 * self.x * (self.x * w - self.y)


def one_weight_example() -> OneWeightExample:
    """The worked example: ``x = 1.5``, ``y = 0.5``, start at ``w0 = 0.8`` with ``lr = 0.1``.

    Its methods ``loss`` and ``grad`` plug straight into
    [`backprop.descent.gradient_descent`][].

    Examples
    --------
    >>> from backprop.data import one_weight_example
    >>> ex = one_weight_example()
    >>> ex.x, ex.y, ex.w0, ex.lr
    (1.5, 0.5, 0.8, 0.1)
    >>> round(ex.grad(0.8), 12), round(4.5 * 0.8 - 1.5, 12)
    (2.1, 2.1)
    >>> from backprop.descent import gradient_descent
    >>> run = gradient_descent(ex.loss, ex.w0, ex.lr, grad=ex.grad)
    >>> round(run.x, 6), round(ex.w_star, 6)
    (0.333333, 0.333333)
    """
    return OneWeightExample()


# --------------------------------------------------------------------------------------------
# Straight lines
# --------------------------------------------------------------------------------------------


class Table(NamedTuple):
    """A small table of inputs and targets, and the question asked of it.

    Attributes
    ----------
    X, Y : numpy.ndarray
        Shape ``(n, 1)`` each.
    x_new, y_new : float
        The input to predict for and its answer.
    """

    X: np.ndarray
    Y: np.ndarray
    x_new: float
    y_new: float


def identity_table(n: int = 5) -> Table:
    """The missing-value table ``y = 1 * x`` for ``x = 1 .. n``, and the question ``x = n + 1``.

    Examples
    --------
    >>> from backprop.data import identity_table
    >>> t = identity_table()
    >>> t.X.ravel().tolist(), t.Y.ravel().tolist(), t.x_new, t.y_new
    ([1.0, 2.0, 3.0, 4.0, 5.0], [1.0, 2.0, 3.0, 4.0, 5.0], 6.0, 6.0)
    >>> t.X.shape
    (5, 1)
    """
    n = check_int("n", n, minimum=1)
    X = np.arange(1, n + 1, dtype=np.float64).reshape(-1, 1)
    return Table(X=X, Y=X.copy(), x_new=float(n + 1), y_new=float(n + 1))


def line(
    n: int,
    slope: float = 2.0,
    noise: float = 0.0,
    rng: int | np.random.Generator | None = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Points on the line ``y = slope * x``, plus Gaussian noise of size ``noise``.

    Parameters
    ----------
    n : int
        The number of points, > 0.
    slope : float
        The weight a model should find.
    noise : float
        The standard deviation of the noise added to ``y``, >= 0.
    rng : int, numpy.random.Generator or None
        The randomness.

    Returns
    -------
    X : numpy.ndarray
        Shape ``(n, 1)``, float64, drawn uniformly from ``[-1, 1]``.
    Y : numpy.ndarray
        Shape ``(n, 1)``, float64.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.data import line
    >>> X, Y = line(4)
    >>> X.shape, Y.shape
    ((4, 1), (4, 1))
    >>> bool(np.allclose(Y, 2 * X))
    True
    >>> X, Y = line(1000, slope=3.0, noise=0.1, rng=1)
    >>> round(float(np.std(Y - 3 * X)), 1)
    0.1
    """
    n = check_int("n", n, minimum=1)
    slope = _finite_float("slope", slope)
    noise = _check_noise(noise)
    rng = check_rng(rng)
    X = rng.uniform(-1.0, 1.0, size=(n, 1))
    Y = slope * X
    if noise > 0:
        Y = Y + noise * rng.standard_normal((n, 1))
    return X, Y


# --------------------------------------------------------------------------------------------
# Teacher and student
# --------------------------------------------------------------------------------------------


class TeacherStudent(NamedTuple):
    """A data set made by a teacher network.

    Attributes
    ----------
    X : numpy.ndarray
        Shape ``(n, teacher_sizes[0])``.
    Y : numpy.ndarray
        Shape ``(n, teacher_sizes[-1])``.
    teacher : backprop.nn.Sequential
        The network that made ``Y`` from ``X``.
    """

    X: np.ndarray
    Y: np.ndarray
    teacher: Any


def teacher_student(
    n: int,
    teacher_sizes: Sequence[int] = (3, 5, 1),
    rng: int | np.random.Generator | None = 0,
    noise: float = 0.0,
) -> TeacherStudent:
    """A data set made by a sigmoid network with random weights, for a student to learn.

    The teacher is ``Linear -> Sigmoid`` repeated, one ``Linear`` (without bias, weights drawn
    from a standard normal) between each pair of sizes, with a sigmoid after every layer,
    so every target lies in ``(0, 1)`` (before any ``noise`` is added). A student of a
    different shape can then be trained on ``(X, Y)`` and compared with the teacher.

    Parameters
    ----------
    n : int
        The number of examples, > 0.
    teacher_sizes : sequence of int
        Layer widths from input to output, at least two, each > 0.
    rng : int, numpy.random.Generator or None
        The randomness (inputs, teacher weights and noise).
    noise : float
        The standard deviation of Gaussian noise added to the targets, >= 0.

    Returns
    -------
    TeacherStudent
        ``(X, Y, teacher)``: ``X`` has shape ``(n, teacher_sizes[0])`` drawn from a standard
        normal, ``Y`` has shape ``(n, teacher_sizes[-1])``, both float64.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.data import teacher_student
    >>> X, Y, teacher = teacher_student(200)
    >>> X.shape, Y.shape
    ((200, 3), (200, 1))
    >>> bool(np.allclose(teacher.forward(X), Y))
    True
    >>> bool(((0 < Y) & (Y < 1)).all())
    True
    """
    from backprop.nn import Linear, Sequential, Sigmoid

    n = check_int("n", n, minimum=1)
    noise = _check_noise(noise)
    sizes = _check_sizes(teacher_sizes)
    rng = check_rng(rng)
    layers: list[Any] = []
    for n_in, n_out in itertools.pairwise(sizes):
        layers += [Linear(n_in, n_out, bias=False, init="normal", rng=rng, scale=1.0), Sigmoid()]
    teacher = Sequential(*layers)
    X = rng.standard_normal((n, sizes[0]))
    Y = np.array(teacher.forward(X), dtype=np.float64)
    if noise > 0:
        Y = Y + noise * rng.standard_normal(Y.shape)
    return TeacherStudent(X=X, Y=Y, teacher=teacher)


# --------------------------------------------------------------------------------------------
# Two-dimensional classification
# --------------------------------------------------------------------------------------------


def two_moons(
    n: int, noise: float = 0.1, rng: int | np.random.Generator | None = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved half circles, one per class: a boundary no straight line can draw.

    Class 0 lies on the upper half circle of radius 1 about ``(0, 0)``; class 1 on the lower
    half circle about ``(1, 0.5)``. Rows come in random order.

    Parameters
    ----------
    n : int
        The number of points, > 0 (class 0 gets ``n // 2``, class 1 the rest).
    noise : float
        The standard deviation of Gaussian noise added to each coordinate, >= 0.
    rng : int, numpy.random.Generator or None
        The randomness.

    Returns
    -------
    X : numpy.ndarray
        Shape ``(n, 2)``, float64.
    y : numpy.ndarray
        Shape ``(n,)``, int64, values in ``{0, 1}``.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.data import two_moons
    >>> X, y = two_moons(100)
    >>> X.shape, y.shape, y.dtype.name
    ((100, 2), (100,), 'int64')
    >>> np.bincount(y).tolist()
    [50, 50]
    """
    n = check_int("n", n, minimum=1)
    noise = _check_noise(noise)
    rng = check_rng(rng)
    n0 = n // 2
    n1 = n - n0
    t0 = np.linspace(0.0, np.pi, n0)
    t1 = np.linspace(0.0, np.pi, n1)
    upper = np.column_stack([np.cos(t0), np.sin(t0)])
    lower = np.column_stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)])
    X = np.vstack([upper, lower])
    y = np.concatenate([np.zeros(n0, dtype=np.int64), np.ones(n1, dtype=np.int64)])
    if noise > 0:
        X = X + noise * rng.standard_normal(X.shape)
    order = rng.permutation(n)
    return X[order], y[order]


def spirals(
    n_per_class: int,
    n_classes: int = 3,
    noise: float = 0.2,
    rng: int | np.random.Generator | None = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Interleaved spiral arms, one per class, winding out from the origin.

    Arm ``j`` has radius growing from 0 to 1 while its angle runs over ``[4j, 4(j + 1)]``
    radians, with Gaussian noise of size ``noise`` added to the angle. Rows come in random
    order.

    Parameters
    ----------
    n_per_class : int
        Points on each arm, > 0.
    n_classes : int
        The number of arms (classes), > 0.
    noise : float
        The standard deviation of the noise on the angle, >= 0.
    rng : int, numpy.random.Generator or None
        The randomness.

    Returns
    -------
    X : numpy.ndarray
        Shape ``(n_per_class * n_classes, 2)``, float64, inside the unit disc (the noise
        moves a point along its circle, never outwards).
    y : numpy.ndarray
        Shape ``(n_per_class * n_classes,)``, int64, values ``0 .. n_classes - 1``.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.data import spirals
    >>> X, y = spirals(50)
    >>> X.shape, y.shape, y.dtype.name
    ((150, 2), (150,), 'int64')
    >>> np.bincount(y).tolist()
    [50, 50, 50]
    """
    n_per_class = check_int("n_per_class", n_per_class, minimum=1)
    n_classes = check_int("n_classes", n_classes, minimum=1)
    noise = _check_noise(noise)
    rng = check_rng(rng)
    radius = np.tile(np.linspace(0.0, 1.0, n_per_class), n_classes)
    arm = np.repeat(np.arange(n_classes, dtype=np.int64), n_per_class)
    start = 4.0 * arm + np.tile(np.linspace(0.0, 4.0, n_per_class), n_classes)
    angle = start + noise * rng.standard_normal(radius.shape)
    X = np.column_stack([radius * np.sin(angle), radius * np.cos(angle)])
    order = rng.permutation(X.shape[0])
    return X[order], arm[order]


# --------------------------------------------------------------------------------------------
# Real data
# --------------------------------------------------------------------------------------------


class Digits(NamedTuple):
    """The 8x8 handwritten digits, split once and for all into training and test rows.

    Attributes
    ----------
    X_train, X_test : numpy.ndarray
        Shape ``(N, 64)``, float64 in ``[0, 1]`` (pixel intensity / 16), one image per row.
    y_train, y_test : numpy.ndarray
        Shape ``(N,)``, int64 labels ``0 .. 9``.
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray


def digits(test_size: float = 0.25, rng: int | np.random.Generator | None = 0) -> Digits:
    """scikit-learn's bundled 8x8 digits (1,797 images), scaled to ``[0, 1]`` and split.

    The split is stratified (each digit keeps its share in both parts) and fixed by ``rng``,
    so every page and test holds out the same images. Nothing is downloaded: the images ship
    inside scikit-learn, which is needed here but is not a dependency of ``backprop`` (it comes
    with the ``labs`` extra, which the digits lab installs).

    Parameters
    ----------
    test_size : float
        The fraction of each digit's images held out for testing, in ``(0, 1)``.
    rng : int, numpy.random.Generator or None
        Fixes which images are held out.

    Returns
    -------
    Digits
        ``(X_train, y_train, X_test, y_test)``; ``X_*`` of shape ``(N, 64)`` float64 in
        ``[0, 1]``, ``y_*`` of shape ``(N,)`` int64.

    Raises
    ------
    ImportError
        If scikit-learn is not installed.

    Examples
    --------
    >>> from backprop.data import digits
    >>> d = digits()
    >>> d.X_train.shape, d.X_test.shape, d.y_train.dtype.name
    ((1347, 64), (450, 64), 'int64')
    >>> float(d.X_train.min()), float(d.X_train.max())
    (0.0, 1.0)
    """
    if not 0 < check_number("test_size", test_size) < 1:
        raise ValueError(f"test_size must be between 0 and 1 (exclusive), got {test_size!r}")
    try:
        from sklearn.datasets import load_digits
    except ImportError as error:
        raise ImportError(
            "digits() needs scikit-learn, which is not a dependency of backprop: install it "
            "(pip install scikit-learn), or install the package with its labs extra as the "
            "book's Run the code page shows (it is not on PyPI)"
        ) from error
    bunch = load_digits()
    X = np.asarray(bunch.data, dtype=np.float64) / 16.0
    y = np.asarray(bunch.target, dtype=np.int64)
    rng = check_rng(rng)
    test_rows = []
    for label in np.unique(y):
        rows = np.flatnonzero(y == label)
        n_test = round(test_size * rows.size)
        test_rows.append(rng.permutation(rows)[:n_test])
    is_test = np.zeros(y.size, dtype=bool)
    is_test[np.concatenate(test_rows)] = True
    train_idx = np.flatnonzero(~is_test)
    test_idx = np.flatnonzero(is_test)
    train_idx = train_idx[rng.permutation(train_idx.size)]
    test_idx = test_idx[rng.permutation(test_idx.size)]
    return Digits(X[train_idx], y[train_idx], X[test_idx], y[test_idx])


# --------------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------------


def _check_noise(noise: Any) -> float:
    value = check_number("noise", noise)
    if not np.isfinite(value) or value < 0:
        raise ValueError(f"noise must be >= 0, got {noise!r}")
    return value


def _finite_float(name: str, value: Any) -> float:
    number = check_number(name, value)
    if not np.isfinite(number):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return number


def _check_sizes(sizes: Any) -> list[int]:
    try:
        values = list(sizes)
    except TypeError:
        raise TypeError(f"teacher_sizes must be a sequence of integers, got {sizes!r}") from None
    ok = len(values) >= 2 and all(
        isinstance(v, (int, np.integer)) and not isinstance(v, bool) and v > 0 for v in values
    )
    if not ok:
        raise ValueError(
            f"teacher_sizes must be at least two integers > 0 (input to output), got {sizes!r}"
        )
    return [int(v) for v in values]
