"""Forward mode (``Dual``) against reverse mode (``Value``) and the rules of calculus."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backprop import Value
from backprop.forward import Dual

floats = st.floats(-3, 3, allow_nan=False)


def expression(a, b):
    """Every operation of Dual, on either kind of number."""
    return (a * b - 2 * a).tanh() + (b - a * 0.5).exp() * 3 - (1 - b) + (-a) * (b + 1)


@given(a0=floats, b0=floats)
def test_forward_mode_gives_the_same_gradient_as_reverse_mode(a0, b0):
    a, b = Value(a0), Value(b0)
    out = expression(a, b)
    out.backward()
    along_a = expression(Dual(a0, 1.0), Dual(b0, 0.0))
    along_b = expression(Dual(a0, 0.0), Dual(b0, 1.0))
    assert along_a.value == along_b.value == pytest.approx(out.data, rel=1e-12)
    assert along_a.dot == pytest.approx(a.grad, rel=1e-9, abs=1e-12)
    assert along_b.dot == pytest.approx(b.grad, rel=1e-9, abs=1e-12)


@given(x0=floats, u=floats)
def test_tangent_is_linear_in_the_seed(x0, u):
    """A tangent u on the input gives u times the derivative: a Jacobian-vector product."""
    unit = expression(Dual(x0, 1.0), Dual(1.5))
    scaled = expression(Dual(x0, u), Dual(1.5))
    assert scaled.dot == pytest.approx(u * unit.dot, rel=1e-9, abs=1e-12)


def test_product_rule_by_hand():
    x = Dual(3.0, 1.0)
    y = x * x * x
    assert (y.value, y.dot) == (27.0, 27.0)  # d(x**3)/dx = 3x**2
    assert math.isclose(Dual(1.0, 1.0).exp().dot, math.e)


def test_constant_has_no_tangent():
    assert Dual(2.0).dot == 0.0
    assert (Dual(2.0) * Dual(5.0, 1.0)).dot == 2.0


@pytest.mark.parametrize("bad", ["1", None, True])
def test_non_numbers_are_refused_naming_the_argument(bad):
    with pytest.raises(TypeError, match="value must be a number"):
        Dual(bad)
    with pytest.raises(TypeError, match="value must be a number"):
        Dual(1.0) + bad
