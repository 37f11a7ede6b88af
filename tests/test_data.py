"""Tests for backprop.data: the chapters' data sets are seeded, shaped as documented, and right."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from backprop import data
from backprop.data import (
    identity_table,
    line,
    one_weight_example,
    spirals,
    two_moons,
)

SEED_TABLE = [0.8, 0.59, 0.4745, 0.410975, 0.37603625, 0.3568199375]


# ------------------------------------------------------------------------------- one weight


def test_one_weight_example_has_the_seed_numbers():
    ex = one_weight_example()
    assert (ex.x, ex.y, ex.w0, ex.lr) == (1.5, 0.5, 0.8, 0.1)
    assert ex.w_star == pytest.approx(1 / 3)
    assert ex.predict(ex.w_star) == pytest.approx(0.5)


def test_one_weight_gradient_is_four_and_a_half_w_minus_one_and_a_half():
    ex = one_weight_example()
    for w in [-1.0, 0.0, 0.8, 1 / 3, 2.0]:
        assert ex.grad(w) == pytest.approx(4.5 * w - 1.5, abs=1e-12)
        h = 1e-6
        assert ex.grad(w) == pytest.approx((ex.loss(w + h) - ex.loss(w - h)) / (2 * h), abs=1e-6)


# ---------------------------------------------------------------------------------- lines


def test_identity_table_is_the_seed_table():
    t = identity_table()
    assert t.X.shape == t.Y.shape == (5, 1)
    assert t.X.ravel().tolist() == [1, 2, 3, 4, 5]
    np.testing.assert_array_equal(t.X, t.Y)
    assert (t.x_new, t.y_new) == (6.0, 6.0)


def test_line_has_documented_shapes_and_slope():
    X, Y = line(50, slope=2.0)
    assert X.shape == Y.shape == (50, 1)
    assert X.dtype == Y.dtype == np.float64
    np.testing.assert_allclose(Y, 2.0 * X)
    assert np.all((X >= -1) & (X <= 1))


def test_line_noise_has_the_requested_size():
    X, Y = line(20_000, slope=-1.5, noise=0.3, rng=3)
    assert np.std(Y + 1.5 * X) == pytest.approx(0.3, rel=0.03)


def test_line_least_squares_recovers_the_slope():
    X, Y = line(500, slope=2.0, noise=0.05, rng=1)
    w = float((X.T @ Y / (X.T @ X)).item())
    assert w == pytest.approx(2.0, abs=0.02)


# -------------------------------------------------------------------------------- seeding


SEEDED = [
    ("line", lambda s: line(30, noise=0.1, rng=s)),
    ("two_moons", lambda s: two_moons(40, rng=s)),
    ("spirals", lambda s: spirals(20, rng=s)),
]


@pytest.mark.parametrize(("name", "make"), SEEDED, ids=[s[0] for s in SEEDED])
def test_data_sets_are_deterministic_per_seed(name, make):
    a, b, c = make(7), make(7), make(8)
    for x, y in zip(a, b, strict=True):
        np.testing.assert_array_equal(x, y)
    assert not np.array_equal(a[0], c[0])


@pytest.mark.parametrize(("name", "make"), SEEDED, ids=[s[0] for s in SEEDED])
def test_data_sets_accept_a_generator(name, make):
    a = make(np.random.default_rng(11))
    b = make(np.random.default_rng(11))
    for x, y in zip(a, b, strict=True):
        np.testing.assert_array_equal(x, y)


# --------------------------------------------------------------------------- classification


def test_two_moons_shapes_dtypes_and_balance():
    X, y = two_moons(101, noise=0.1, rng=0)
    assert X.shape == (101, 2) and X.dtype == np.float64
    assert y.shape == (101,) and y.dtype == np.int64
    assert set(np.unique(y).tolist()) == {0, 1}
    assert np.bincount(y).tolist() == [50, 51]


def test_two_moons_without_noise_lie_on_their_half_circles():
    X, y = two_moons(60, noise=0.0)
    upper, lower = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.hypot(upper[:, 0], upper[:, 1]), 1.0)
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5), 1.0)
    assert np.all(upper[:, 1] >= -1e-12) and np.all(lower[:, 1] <= 0.5 + 1e-12)


def test_two_moons_are_shuffled():
    _, y = two_moons(200)
    assert 0 < y[:100].sum() < 100


def test_spirals_shapes_dtypes_and_balance():
    X, y = spirals(40, n_classes=4, noise=0.2, rng=0)
    assert X.shape == (160, 2) and X.dtype == np.float64
    assert y.shape == (160,) and y.dtype == np.int64
    assert np.bincount(y).tolist() == [40, 40, 40, 40]


def test_spirals_radius_never_exceeds_one():
    X, _ = spirals(100, noise=0.5)
    assert np.hypot(X[:, 0], X[:, 1]).max() <= 1.0 + 1e-12


# ---------------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: line(0), ValueError, "n must be an integer >= 1, got 0"),
        (lambda: line(-3), ValueError, "n must be an integer >= 1, got -3"),
        (lambda: line(2.5), TypeError, "n must be an integer, got 2.5"),
        (lambda: line(5, noise=-0.1), ValueError, "noise must be >= 0, got -0.1"),
        (lambda: line(5, slope=float("inf")), ValueError, "slope must be finite"),
        (lambda: two_moons(0), ValueError, "n must be an integer >= 1, got 0"),
        (lambda: two_moons(10, noise=-1.0), ValueError, "noise must be >= 0, got -1.0"),
        (lambda: spirals(0), ValueError, "n_per_class must be an integer >= 1, got 0"),
        (lambda: spirals(10, n_classes=0), ValueError, "n_classes must be an integer >= 1, got 0"),
        (lambda: spirals(10, noise=-0.2), ValueError, "noise must be >= 0, got -0.2"),
        (lambda: identity_table(0), ValueError, "n must be an integer >= 1, got 0"),
        (lambda: data.digits(test_size=1.5), ValueError, "test_size must be between 0 and 1"),
        (lambda: data.digits(test_size=0), ValueError, "test_size must be between 0 and 1"),
    ],
)
def test_bad_input_raises_naming_the_argument(call, error, match):
    with pytest.raises(error, match=match):
        call()


# ---------------------------------------------------------------------------------- digits


def test_digits_fixed_split_scaled_to_unit_interval():
    pytest.importorskip("sklearn")
    d = data.digits()
    assert d.X_train.shape == (1347, 64) and d.X_test.shape == (450, 64)
    assert d.y_train.shape == (1347,) and d.y_test.shape == (450,)
    assert d.X_train.dtype == np.float64 and d.y_train.dtype == np.int64
    assert d.X_train.min() == 0.0 and d.X_train.max() == 1.0
    assert set(np.unique(d.y_test).tolist()) == set(range(10))
    again = data.digits()
    np.testing.assert_array_equal(d.X_test, again.X_test)
    np.testing.assert_array_equal(d.y_train, again.y_train)
    # the two parts together are the whole set, each image once
    from sklearn.datasets import load_digits

    both = np.vstack([d.X_train, d.X_test])
    original = load_digits().data / 16.0
    np.testing.assert_array_equal(np.sort(both.sum(axis=1)), np.sort(original.sum(axis=1)))
    assert both.shape[0] == original.shape[0] == 1797


def test_digits_without_sklearn_says_to_install_the_docs_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "sklearn", None)
    monkeypatch.setitem(sys.modules, "sklearn.datasets", None)
    with pytest.raises(ImportError, match=r"scikit-learn.*labs extra"):
        data.digits()


# ------------------------------------------------------------------------- teacher, student


def test_teacher_student_shapes_and_the_teacher_makes_the_targets():
    X, Y, teacher = data.teacher_student(120, teacher_sizes=(4, 6, 3, 2), rng=0)
    assert X.shape == (120, 4) and Y.shape == (120, 2)
    assert X.dtype == Y.dtype == np.float64
    np.testing.assert_array_equal(teacher.forward(X), Y)
    assert np.all((Y > 0) & (Y < 1))  # a sigmoid after every layer
    assert [type(layer).__name__ for layer in teacher.layers] == [
        "Linear",
        "Sigmoid",
        "Linear",
        "Sigmoid",
        "Linear",
        "Sigmoid",
    ]
    assert all(layer.b is None for layer in teacher.layers[::2])  # no biases, as in chapter 5


def test_teacher_student_is_deterministic_per_seed():
    a, b, c = (data.teacher_student(50, rng=s) for s in (3, 3, 4))
    np.testing.assert_array_equal(a.X, b.X)
    np.testing.assert_array_equal(a.Y, b.Y)
    np.testing.assert_array_equal(a.teacher.layers[0].W, b.teacher.layers[0].W)
    assert not np.array_equal(a.Y, c.Y)


def test_teacher_student_noise_is_added_to_the_targets():
    X, Y, teacher = data.teacher_student(4000, rng=0, noise=0.05)
    assert np.std(Y - teacher.forward(X)) == pytest.approx(0.05, rel=0.05)


def test_teacher_targets_vary_enough_to_learn():
    _, Y, _ = data.teacher_student(500, rng=0)
    assert np.std(Y) > 0.05


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"n": 0}, ValueError, "n must be an integer >= 1, got 0"),
        ({"n": 10, "noise": -0.5}, ValueError, "noise must be >= 0, got -0.5"),
        ({"n": 10, "teacher_sizes": (3,)}, ValueError, "teacher_sizes must be at least two"),
        ({"n": 10, "teacher_sizes": (3, 0, 1)}, ValueError, "teacher_sizes must be at least two"),
        ({"n": 10, "teacher_sizes": 3}, TypeError, "teacher_sizes must be a sequence"),
    ],
)
def test_teacher_student_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        data.teacher_student(**kwargs)
