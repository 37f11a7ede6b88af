"""Finite differences against derivatives known in closed form, and the errors for bad input."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from backprop import default_step, derivative, difference_error, gradient

moderate = st.floats(min_value=-3.0, max_value=3.0, allow_nan=False)
coefficients = st.lists(st.floats(-5.0, 5.0), min_size=1, max_size=6)


def close(a: float, b: float, rel: float = 1e-6, abs_: float = 1e-7) -> bool:
    return abs(a - b) <= max(rel * abs(b), abs_)


@given(coefficients, moderate)
def test_central_difference_matches_polynomial_derivative(coefs, x):
    poly = np.polynomial.Polynomial(coefs)
    assert close(derivative(poly, x), poly.deriv()(x), abs_=1e-6)


@given(moderate)
def test_derivative_of_sin_is_cos(x):
    assert close(derivative(math.sin, x), math.cos(x))


@given(moderate)
def test_derivative_of_exp_is_exp(x):
    assert close(derivative(math.exp, x), math.exp(x))


@given(moderate)
def test_product_rule_holds_numerically(x):
    exact = 2 * x * math.sin(x) + x**2 * math.cos(x)
    assert close(derivative(lambda t: t**2 * math.sin(t), x), exact)


@given(moderate)
def test_chain_rule_holds_numerically(x):
    exact = math.cos(x**2) * 2 * x
    assert close(derivative(lambda t: math.sin(t**2), x), exact)


@given(st.floats(0.2, 3.0), st.sampled_from([2, 3, 0.5, -1, -2.5]))
def test_power_rule_holds_numerically(x, n):
    assert close(derivative(lambda t: t**n, x), n * x ** (n - 1))


@given(st.sampled_from(["forward", "backward"]), moderate)
def test_one_sided_differences_are_accurate_to_about_sqrt_eps(method, x):
    assert close(derivative(math.sin, x, method=method), math.cos(x), rel=1e-6, abs_=1e-6)


def test_forward_difference_error_is_first_order():
    errors = [abs(derivative(math.exp, 0.0, h=h, method="forward") - 1) for h in (1e-2, 1e-3)]
    assert 9 < errors[0] / errors[1] < 11


def test_central_difference_error_is_second_order():
    errors = [abs(derivative(math.exp, 0.0, h=h) - 1) for h in (1e-2, 1e-3)]
    assert 90 < errors[0] / errors[1] < 110


def test_forward_and_backward_bracket_the_slope_of_a_convex_function():
    assert derivative(lambda x: x**2, 1.0, h=0.1, method="forward") == pytest.approx(2.1)
    assert derivative(lambda x: x**2, 1.0, h=0.1, method="backward") == pytest.approx(1.9)


def test_error_curve_is_v_shaped():
    hs = np.logspace(-14, -1, 27)
    err = difference_error(math.sin, math.cos, 1.0, hs, method="central")
    best = int(np.argmin(err))
    assert 0 < best < len(hs) - 1
    assert err[0] > 100 * err[best] and err[-1] > 100 * err[best]


def test_default_step_is_near_the_measured_best_step():
    for method in ("forward", "central"):
        hs = np.logspace(-14, -1, 131)
        err = difference_error(math.sin, math.cos, 1.0, hs, method=method)
        at_default = abs(derivative(math.sin, 1.0, method=method) - math.cos(1.0))
        assert at_default < 20 * np.median(np.sort(err)[:10])


def test_default_step_scales_with_x():
    assert default_step(1e6) == pytest.approx(1e6 * default_step(1.0))
    assert default_step(1e-6) == default_step(1.0)


@given(st.lists(st.floats(-2.0, 2.0), min_size=1, max_size=5))
def test_gradient_of_quadratic_form(xs):
    x = np.array(xs)
    weights = np.arange(1, x.size + 1, dtype=float)
    g = gradient(lambda v: float(np.sum(weights * v**2)), x)
    np.testing.assert_allclose(g, 2 * weights * x, rtol=1e-6, atol=1e-6)


def test_gradient_of_mixed_function():
    g = gradient(lambda v: v[0] ** 2 * v[1], [3.0, 2.0])
    np.testing.assert_allclose(g, [12.0, 9.0], rtol=1e-8)


def test_gradient_keeps_the_input_unchanged():
    x = np.array([1.0, 2.0])
    gradient(lambda v: float(v @ v), x)
    assert x.tolist() == [1.0, 2.0]


@pytest.mark.parametrize("h", [0, -1e-3, float("nan")])
def test_non_positive_step_is_rejected(h):
    with pytest.raises(ValueError, match=r"h must be > 0"):
        derivative(math.sin, 1.0, h=h)


def test_infinite_step_is_called_infinite_not_negative():
    with pytest.raises(ValueError, match=r"^h must be finite, got inf$"):
        derivative(math.sin, 1.0, h=float("inf"))


@pytest.mark.parametrize("x", [float("nan"), float("inf"), -float("inf")])
def test_non_finite_point_is_rejected(x):
    with pytest.raises(ValueError, match=r"x must be finite"):
        derivative(math.sin, x)


def test_non_number_point_is_rejected():
    with pytest.raises(TypeError, match=r"x must be a number, got '1'"):
        derivative(math.sin, "1")


def test_unknown_method_is_rejected():
    with pytest.raises(
        ValueError, match=r"method must be one of forward, backward, central; got 'middle'"
    ):
        derivative(math.sin, 1.0, method="middle")


def test_non_callable_function_is_rejected():
    with pytest.raises(TypeError, match=r"f must be callable, got 3"):
        derivative(3, 1.0)


def test_function_returning_nan_is_named():
    with pytest.raises(ValueError, match=r"f returned nan at x="):
        derivative(lambda x: math.nan, 1.0)


@pytest.mark.filterwarnings("ignore:invalid value")
def test_log_outside_its_domain_is_named():
    with pytest.raises(ValueError, match=r"f returned (nan|-inf)"):
        derivative(np.log, 0.0)


def test_function_returning_non_number_is_named():
    with pytest.raises(TypeError, match=r"f must return a real number"):
        derivative(lambda x: "a", 1.0)


def test_gradient_rejects_matrix_input():
    with pytest.raises(ValueError, match=r"x must be a 1-D vector, got shape \(2, 2\)"):
        gradient(lambda v: 0.0, np.zeros((2, 2)))


def test_gradient_rejects_nan_input():
    with pytest.raises(ValueError, match=r"x must be finite, got nan at index \(1,\)"):
        gradient(lambda v: 0.0, [1.0, math.nan])
