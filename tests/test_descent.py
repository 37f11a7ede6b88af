"""Tests for backprop.descent: gradient descent and ascent, and how runs end."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop.descent import DivergenceError, Trajectory, gradient_ascent, gradient_descent


def parabola(x):
    return (x + 2) ** 2


def parabola_grad(x):
    return 2 * (x + 2)


@pytest.mark.parametrize("x0", [0.0, -4.0])
def test_descent_on_shifted_parabola_reaches_minus_two(x0):
    run = gradient_descent(parabola, x0, lr=0.1)
    assert run.converged and not run.diverged
    assert run.x == pytest.approx(-2.0, abs=1e-8)
    assert run.f == pytest.approx(0.0, abs=1e-15)


def test_slope_at_start_matches_the_seed_example():
    assert gradient_descent(parabola, 0.0, lr=0.1, steps=0).grads[0] == pytest.approx(4.0)
    assert gradient_descent(parabola, -4.0, lr=0.1, steps=0).grads[0] == pytest.approx(-4.0)


def test_descent_moves_against_the_slope_from_each_side():
    right = gradient_descent(parabola, 0.0, lr=0.1, steps=1)
    left = gradient_descent(parabola, -4.0, lr=0.1, steps=1)
    assert right.x < 0.0  # positive slope: move left
    assert left.x > -4.0  # negative slope: move right


def test_numeric_and_analytic_gradients_give_the_same_path():
    numeric = gradient_descent(parabola, 0.0, lr=0.1, steps=50, tol=0)
    exact = gradient_descent(parabola, 0.0, lr=0.1, steps=50, tol=0, grad=parabola_grad)
    assert numeric.xs.shape == exact.xs.shape == (51,)
    np.testing.assert_allclose(numeric.xs, exact.xs, atol=1e-8)
    np.testing.assert_allclose(numeric.grads, exact.grads, atol=1e-7)


def test_numeric_and_analytic_gradients_agree_in_two_dimensions():
    def f(v):
        return (v[0] - 1) ** 2 + 3 * (v[1] + 0.5) ** 2 + v[0] * v[1]

    def df(v):
        return np.array([2 * (v[0] - 1) + v[1], 6 * (v[1] + 0.5) + v[0]])

    numeric = gradient_descent(f, [3.0, 2.0], lr=0.05, steps=30, tol=0)
    exact = gradient_descent(f, [3.0, 2.0], lr=0.05, steps=30, tol=0, grad=df)
    np.testing.assert_allclose(numeric.xs, exact.xs, atol=1e-7)


def test_two_dimensional_bowl_converges_to_its_centre():
    centre = np.array([1.0, -3.0])

    def bowl(v):
        return float((v[0] - 1) ** 2 + 4 * (v[1] + 3) ** 2)

    run = gradient_descent(bowl, [4.0, 2.0], lr=0.1)
    assert run.converged
    assert run.xs.shape[1] == 2 and run.grads.shape == run.xs.shape
    assert run.fs.shape == (run.n_steps + 1,)
    np.testing.assert_allclose(run.x, centre, atol=1e-8)
    assert isinstance(run.x, np.ndarray)


def test_trajectory_records_every_step_including_the_start():
    run = gradient_descent(parabola, 0.0, lr=0.1, steps=3, tol=0, grad=parabola_grad)
    assert isinstance(run, Trajectory)
    assert run.n_steps == 3 and not run.converged and not run.diverged
    np.testing.assert_allclose(run.xs, [0.0, -0.4, -0.72, -0.976])
    np.testing.assert_allclose(run.fs, [parabola(x) for x in run.xs])
    np.testing.assert_allclose(run.grads, [parabola_grad(x) for x in run.xs])
    assert isinstance(run.x, float) and isinstance(run.f, float)


def test_trajectory_is_read_only():
    run = gradient_descent(parabola, 0.0, lr=0.1, steps=3)
    with pytest.raises(ValueError):
        run.xs[0] = 5.0
    with pytest.raises(AttributeError):
        run.converged = False


def test_trajectory_repr_is_readable():
    text = repr(gradient_descent(parabola, 0.0, lr=0.1))
    assert text.startswith("Trajectory(n_steps=")
    assert "x=-2" in text and "converged=True" in text and "lr=0.1" in text
    vec = repr(gradient_descent(lambda v: v @ v, [1.0, 1.0], lr=0.25))
    assert "x=[" in vec


def test_steps_zero_returns_the_start_only():
    run = gradient_descent(parabola, 0.0, lr=0.1, steps=0)
    assert run.n_steps == 0 and run.x == 0.0 and run.f == 4.0


def test_start_at_the_minimum_converges_at_once():
    run = gradient_descent(parabola, -2.0, lr=0.1, grad=parabola_grad)
    assert run.converged and run.n_steps == 0


def test_small_learning_rate_runs_out_of_steps_before_converging():
    run = gradient_descent(parabola, 0.0, lr=0.001, steps=100, grad=parabola_grad)
    assert not run.converged and not run.diverged and run.n_steps == 100
    assert -2.0 < run.x < 0.0


def test_descent_diverges_with_large_step():
    with pytest.raises(DivergenceError) as info:
        gradient_descent(parabola, 0.0, lr=1.1, grad=parabola_grad)
    error = info.value
    message = str(error)
    assert "lr=1.1" in message and f"step {error.step}" in message
    assert "|x| reached" in message and "smaller lr" in message
    assert error.lr == 1.1 and error.value > 1e12
    assert error.trajectory is not None and error.trajectory.diverged
    assert isinstance(error, ArithmeticError)


def test_divergence_is_flagged_when_asked():
    run = gradient_descent(parabola, 0.0, lr=1.1, grad=parabola_grad, on_divergence="flag")
    assert run.diverged and not run.converged
    assert abs(run.x) > 1e12
    distances = np.abs(run.xs + 2)
    assert np.all(np.diff(distances) > 0)  # each step overshoots further
    assert np.all(np.sign(run.xs[1:] + 2) != np.sign(run.xs[:-1] + 2))  # from side to side


def test_divergence_to_infinity_is_caught():
    run = gradient_descent(
        lambda x: x**4, 10.0, lr=10.0, grad=lambda x: 4 * x**3, on_divergence="flag"
    )
    assert run.diverged
    with pytest.raises(DivergenceError, match=r"step \d+ with lr=10"):
        gradient_descent(lambda x: x**4, 10.0, lr=10.0, grad=lambda x: 4 * x**3)


def test_non_finite_value_of_f_is_a_divergence():
    def f(x):
        return math.inf if x < -1 else x**2

    with pytest.raises(DivergenceError, match=r"f\(x\) became inf"):
        gradient_descent(f, 1.0, lr=2.0, grad=lambda x: 2 * x)


def test_numeric_gradient_divergence_also_raises():
    with pytest.raises(DivergenceError, match=r"lr=1\.1"):
        gradient_descent(parabola, 0.0, lr=1.1)


def test_learning_rate_one_oscillates_forever_on_the_parabola():
    run = gradient_descent(parabola, 0.0, lr=1.0, steps=20, grad=parabola_grad)
    assert not run.converged and not run.diverged
    assert run.n_steps == 20
    np.testing.assert_array_equal(run.xs[0::2], 0.0)
    np.testing.assert_array_equal(run.xs[1::2], -4.0)
    np.testing.assert_array_equal(run.fs, 4.0)  # the loss never falls


def test_learning_rate_one_oscillates_with_numeric_gradient_too():
    run = gradient_descent(parabola, 0.0, lr=1.0, steps=20)
    assert not run.converged and not run.diverged
    np.testing.assert_allclose(run.xs[0::2], 0.0, atol=1e-6)
    np.testing.assert_allclose(run.xs[1::2], -4.0, atol=1e-6)


def test_gradient_ascent_climbs_to_the_top():
    run = gradient_ascent(lambda x: 3 - (x - 1) ** 2, -2.0, lr=0.1)
    assert run.converged and run.maximize
    assert run.x == pytest.approx(1.0, abs=1e-8)
    assert np.all(np.diff(run.fs) >= 0)


def test_ascent_on_a_hill_is_descent_on_the_upturned_hill():
    def hill(v):
        return -((v[0] - 1) ** 2) - (v[1] - 2) ** 2

    a = gradient_ascent(hill, [0.0, 0.0], lr=0.2)
    b = gradient_descent(lambda v: -hill(v), [0.0, 0.0], lr=0.2)
    np.testing.assert_allclose(a.xs, b.xs, atol=1e-12)
    assert a.maximize and not b.maximize
    np.testing.assert_allclose(a.x, [1.0, 2.0], atol=1e-8)


def test_ascent_divergence_says_ascent():
    with pytest.raises(DivergenceError, match="gradient ascent diverged"):
        gradient_ascent(lambda x: x**2, 1.0, lr=0.1)


def test_descent_finds_the_nearest_local_minimum():
    def f(x):
        return x**4 - 3 * x**2 + x

    left = gradient_descent(f, -2.0, lr=0.01)
    right = gradient_descent(f, 2.0, lr=0.01)
    assert left.x < 0 < right.x
    assert left.f < right.f  # the right-hand valley is only a local minimum


@settings(max_examples=60, deadline=None)
@given(
    a=st.floats(0.1, 10.0),
    c=st.floats(-50.0, 50.0),
    x0=st.floats(-50.0, 50.0),
    fraction=st.floats(0.02, 0.98),
)
def test_descent_converges_on_any_quadratic_when_lr_below_one_over_a(a, c, x0, fraction):
    lr = fraction / a  # 0 < lr < 1/a
    run = gradient_descent(
        lambda x: a * (x - c) ** 2, x0, lr=lr, steps=20_000, grad=lambda x: 2 * a * (x - c)
    )
    assert run.converged and not run.diverged
    assert run.x == pytest.approx(c, abs=1e-8)


@settings(max_examples=30, deadline=None)
@given(a=st.floats(0.1, 10.0), c=st.floats(-5.0, 5.0), fraction=st.floats(1.05, 2.0))
def test_descent_diverges_on_any_quadratic_when_lr_above_one_over_a(a, c, fraction):
    run = gradient_descent(
        lambda x: a * (x - c) ** 2,
        c + 1.0,
        lr=fraction / a,
        steps=100_000,
        grad=lambda x: 2 * a * (x - c),
        on_divergence="flag",
    )
    assert run.diverged


# ---------------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"lr": 0.0}, ValueError, "lr must be > 0, got 0.0"),
        ({"lr": -0.1}, ValueError, "lr must be > 0, got -0.1"),
        ({"lr": math.nan}, ValueError, "lr must be > 0, got nan"),
        ({"lr": "0.1"}, TypeError, "lr must be a number"),
        ({"steps": -1}, ValueError, "steps must be an integer >= 0, got -1"),
        ({"steps": 2.5}, TypeError, "steps must be an integer, got 2.5"),
        ({"tol": -1e-3}, ValueError, "tol must be >= 0, got -0.001"),
        ({"max_abs": 0}, ValueError, "max_abs must be > 0, got 0"),
        ({"grad": 3}, TypeError, "grad must be callable, got 3"),
        ({"on_divergence": "ignore"}, ValueError, "on_divergence must be 'raise' or 'flag'"),
    ],
)
def test_bad_arguments_raise_naming_the_argument(kwargs, error, match):
    args = {"f": parabola, "x0": 0.0, "lr": 0.1, **kwargs}
    with pytest.raises(error, match=match):
        gradient_descent(**args)


def test_non_callable_f_raises():
    with pytest.raises(TypeError, match="f must be callable, got 'x'"):
        gradient_descent("x", 0.0, lr=0.1)


@pytest.mark.parametrize(
    ("x0", "error", "match"),
    [
        (math.nan, ValueError, "x0 must be finite, got nan"),
        ([1.0, math.inf], ValueError, "x0 must be finite, got inf"),
        ("abc", TypeError, "x0 must be numeric"),
        (True, TypeError, "x0 must be a number"),
        ([[1.0, 2.0]], ValueError, r"x0 must be a number or a 1-D vector, got shape \(1, 2\)"),
    ],
)
def test_bad_starting_point_raises_naming_x0(x0, error, match):
    with pytest.raises(error, match=match):
        gradient_descent(lambda x: 0.0, x0, lr=0.1)


def test_f_not_finite_at_start_raises():
    with pytest.raises(ValueError, match=r"f must be finite at x0, got f\(x0\)=inf"):
        gradient_descent(lambda x: math.inf, 1.0, lr=0.1)
    with pytest.raises(ValueError, match=r"f must be finite at x0, got f\(x0\)=nan"):
        gradient_descent(lambda x: math.log(x) if x > 0 else math.nan, -1.0, lr=0.1)


def test_f_returning_a_non_number_raises():
    with pytest.raises(TypeError, match="f must return a real number"):
        gradient_descent(lambda x: "low", 1.0, lr=0.1)


def test_grad_returning_wrong_shape_raises():
    wanted = r"grad must return shape \(2,\) like x0, got shape \(3,\)"
    with pytest.raises(ValueError, match=wanted):
        gradient_descent(lambda v: v @ v, [1.0, 2.0], lr=0.1, grad=lambda v: np.zeros(3))
    with pytest.raises(ValueError, match=r"grad must return a single number .* got shape \(2,\)"):
        gradient_descent(parabola, 0.0, lr=0.1, grad=lambda x: [1.0, 2.0])


def test_grad_not_finite_at_start_raises():
    with pytest.raises(ValueError, match="grad must be finite at x0, got nan"):
        gradient_descent(parabola, 0.0, lr=0.1, grad=lambda x: math.nan)


def test_non_finite_gradient_is_a_divergence():
    def grad(x):
        return 2 * x if x > 0 else math.inf

    run = gradient_descent(lambda x: x**2, 1.0, lr=0.75, grad=grad, on_divergence="flag")
    assert run.diverged and run.n_steps == 1 and math.isinf(run.grads[-1])
    with pytest.raises(DivergenceError, match="the gradient became inf") as info:
        gradient_descent(lambda x: x**2, 1.0, lr=0.75, grad=grad)
    assert info.value.value == math.inf and info.value.step == 1
