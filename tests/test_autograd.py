"""The scalar autodiff engine against central differences, plus its graph, errors and limits."""

import gc
import json
import math
import operator
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from backprop import Value

REL_TOL = 1e-6


def central_difference(f, x: float) -> float:
    h = np.finfo(np.float64).eps ** (1 / 3) * max(1.0, abs(x))
    return (f(x + h) - f(x - h)) / (2 * h)


def relative_error(analytic: float, numeric: float) -> float:
    """|a - n| / max(|a|, |n|, 1): relative for large gradients, absolute near zero."""
    return abs(analytic - numeric) / max(abs(analytic), abs(numeric), 1.0)


def sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def floats(lo: float, hi: float):
    return st.floats(min_value=lo, max_value=hi, allow_nan=False, allow_infinity=False)


def away_from_zero(lo: float, hi: float):
    """Floats with lo <= |x| <= hi, either sign: avoids kinks and poles at 0."""
    return st.one_of(floats(lo, hi), floats(-hi, -lo))


# ---------------------------------------------------------------- each operation on its own

UNARY = {
    # name: (operation on a Value, the same function on floats, inputs where it is smooth)
    "exp": (Value.exp, math.exp, floats(-5, 5)),
    "log": (Value.log, math.log, floats(0.1, 100)),
    "tanh": (Value.tanh, math.tanh, floats(-3, 3)),
    "sigmoid": (Value.sigmoid, sigmoid, floats(-10, 10)),
    "relu": (Value.relu, lambda x: max(x, 0.0), away_from_zero(0.01, 10)),
    "neg": (operator.neg, operator.neg, floats(-10, 10)),
}

BINARY = {
    "+": (operator.add, floats(-10, 10)),
    "-": (operator.sub, floats(-10, 10)),
    "*": (operator.mul, floats(-10, 10)),
    "/": (operator.truediv, away_from_zero(0.1, 10)),
}


@pytest.mark.parametrize("name", UNARY)
@given(data=st.data())
def test_unary_operation_matches_math_and_central_difference(name, data):
    op, f, domain = UNARY[name]
    x0 = data.draw(domain, label="x")
    x = Value(x0)
    y = op(x)
    y.backward()
    assert math.isclose(y.data, f(x0), rel_tol=1e-12)
    assert relative_error(x.grad, central_difference(f, x0)) < REL_TOL


@pytest.mark.parametrize("name", BINARY)
@given(a0=floats(-10, 10), data=st.data())
def test_binary_operation_matches_central_difference_in_each_argument(name, a0, data):
    op, b_domain = BINARY[name]
    b0 = data.draw(b_domain, label="b")
    a, b = Value(a0), Value(b0)
    c = op(a, b)
    c.backward()
    assert c.data == op(a0, b0)
    assert relative_error(a.grad, central_difference(lambda t: op(t, b0), a0)) < REL_TOL
    assert relative_error(b.grad, central_difference(lambda t: op(a0, t), b0)) < REL_TOL


@given(n=st.integers(-3, 4), x0=away_from_zero(0.1, 5))
def test_integer_power_matches_central_difference_for_either_sign(n, x0):
    x = Value(x0)
    y = x**n
    y.backward()
    assert math.isclose(y.data, x0**n, rel_tol=1e-12)
    assert relative_error(x.grad, central_difference(lambda t: t**n, x0)) < REL_TOL


@given(n=st.sampled_from([0.5, -0.5, 1.5, 2.5, -1.25, 1 / 3]), x0=floats(0.1, 10))
def test_fractional_power_matches_central_difference(n, x0):
    x = Value(x0)
    y = x**n
    y.backward()
    assert math.isclose(y.data, x0**n, rel_tol=1e-12)
    assert relative_error(x.grad, central_difference(lambda t: t**n, x0)) < REL_TOL


@pytest.mark.parametrize(
    "form",
    [
        lambda c, v: c + v,
        lambda c, v: c - v,
        lambda c, v: c * v,
        lambda c, v: c / v,
        lambda c, v: v + c,
        lambda c, v: v - c,
        lambda c, v: v * c,
        lambda c, v: v / c,
    ],
    ids=["c+v", "c-v", "c*v", "c/v", "v+c", "v-c", "v*c", "v/c"],
)
@given(c=away_from_zero(0.1, 10), x0=away_from_zero(0.1, 10))
def test_plain_number_on_either_side_matches_central_difference(form, c, x0):
    x = Value(x0)
    y = form(c, x)
    y.backward()
    assert y.data == form(c, x0)
    assert relative_error(x.grad, central_difference(lambda t: form(c, t), x0)) < REL_TOL


# ---------------------------------------------------------------- random expression graphs

# Each step applies an operation to nodes picked from all earlier ones, so nodes get reused.
STEP_UNARY = {
    "exp": (Value.exp, math.exp),
    "log": (Value.log, math.log),
    "tanh": (Value.tanh, math.tanh),
    "sigmoid": (Value.sigmoid, sigmoid),
    "relu": (Value.relu, lambda x: max(x, 0.0)),
    "neg": (operator.neg, operator.neg),
    "square": (lambda v: v**2, lambda x: x**2),
    "cube": (lambda v: v**3, lambda x: x**3),
    "2*": (lambda v: 2 * v, lambda x: 2 * x),
    "1-": (lambda v: 1 - v, lambda x: 1 - x),
    "3/": (lambda v: 3 / v, lambda x: 3 / x),
    "+0.5": (lambda v: v + 0.5, lambda x: x + 0.5),
}
STEP_BINARY = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}

programs = st.tuples(
    st.lists(floats(-2, 2), min_size=1, max_size=3),  # the inputs
    st.lists(
        st.tuples(
            st.sampled_from(sorted(STEP_UNARY) + sorted(STEP_BINARY)),
            st.integers(0, 1000),
            st.integers(0, 1000),
        ),
        min_size=1,
        max_size=10,
    ),
)


class OutOfDomain(Exception):
    pass


def run(program, inputs, on_values: bool):
    """Evaluate the program on Values or on floats; the last node is the output.

    On floats it also returns which side of 0 each relu input was on, and raises OutOfDomain
    near a pole, a kink or the edge of log's domain, or where numbers grow large.
    """
    _, steps = program
    nodes = list(inputs)
    branches = []
    for name, i, j in steps:
        a, b = nodes[i % len(nodes)], nodes[j % len(nodes)]
        if name in STEP_BINARY:
            if not on_values and name == "/" and abs(b) < 0.1:
                raise OutOfDomain
            out = STEP_BINARY[name](a, b)
        else:
            value_op, float_op = STEP_UNARY[name]
            if not on_values:
                if (name == "log" and a < 0.1) or (name == "3/" and abs(a) < 0.1):
                    raise OutOfDomain
                if name == "exp" and a > 5:
                    raise OutOfDomain
                if name == "relu":
                    if abs(a) < 1e-3:
                        raise OutOfDomain
                    branches.append(a > 0)
            out = (value_op if on_values else float_op)(a)
        if not on_values and abs(out) > 1e3:
            raise OutOfDomain
        nodes.append(out)
    return nodes[-1] if on_values else (nodes[-1], branches)


@settings(max_examples=300, deadline=None)
@given(programs)
def test_random_expression_graph_matches_central_differences(program):
    inputs0 = program[0]
    try:
        out0, branches = run(program, inputs0, on_values=False)
    except OutOfDomain:
        assume(False)
    inputs = [Value(x) for x in inputs0]
    out = run(program, inputs, on_values=True)
    out.backward()
    assert math.isclose(out.data, out0, rel_tol=1e-12, abs_tol=1e-12)

    for k, x0 in enumerate(inputs0):

        def f(t, k=k):
            moved = [*inputs0[:k], t, *inputs0[k + 1 :]]
            value, moved_branches = run(program, moved, on_values=False)
            if moved_branches != branches:  # stepped over a kink: no derivative to compare
                raise OutOfDomain
            return value

        try:
            numeric = central_difference(f, x0)
        except OutOfDomain:
            assume(False)
        assert relative_error(inputs[k].grad, numeric) < REL_TOL

    graph = out.graph()
    assert [n["id"] for n in graph["nodes"]] == list(range(len(graph["nodes"])))
    assert all(e["source"] < e["target"] for e in graph["edges"])


# ---------------------------------------------------------------- accumulation and reuse


def test_node_used_twice_gets_both_contributions():
    x = Value(3.0)
    y = x * x
    y.backward()
    assert x.grad == 6.0


def test_node_reused_along_several_paths_sums_them():
    x, y = Value(2.0), Value(-3.0)
    a = x * y  # z = (xy + x) xy = x^2 y^2 + x^2 y
    b = a + x
    z = b * a
    z.backward()
    assert z.data == (2 * -3 + 2) * (2 * -3)
    assert x.grad == 2 * 2 * 9 + 2 * 2 * -3  # d/dx (x^2 y^2 + x^2 y) = 2 x y^2 + 2 x y
    assert y.grad == 2 * 4 * -3 + 4  # d/dy (x^2 y^2 + x^2 y) = 2 x^2 y + x^2
    assert a.grad == 2 * -6 + 2  # dz/da = 2a + x


def test_backward_twice_doubles_every_gradient_including_intermediate_nodes():
    x = Value(1.5)
    y = x * 2.0
    z = (y * 3.0).tanh()
    z.backward()
    once = (z.grad, y.grad, x.grad)
    z.backward()
    assert (z.grad, y.grad, x.grad) == tuple(2 * g for g in once)


def test_zero_grad_resets_every_node_of_the_graph():
    x = Value(1.5)
    z = (x * x + 1).exp()
    z.backward()
    z.zero_grad()
    assert all(n["grad"] == 0.0 for n in z.graph()["nodes"])
    z.backward()
    assert x.grad == pytest.approx(2 * 1.5 * math.exp(1.5**2 + 1))


def test_backward_on_an_input_sets_its_gradient_to_one():
    x = Value(4.0)
    x.backward()
    assert x.grad == 1.0


# ---------------------------------------------------------------- depth and memory


def test_million_operation_chain_backpropagates_under_the_default_recursion_limit():
    limit = sys.getrecursionlimit()
    enabled = gc.isenabled()
    gc.disable()  # the graph has no cycles; collecting only slows the build down here
    try:
        x = Value(0.0)
        v = x
        for _ in range(1_000_000):
            v = v + 1
        v.backward()
        assert v.data == 1_000_000.0
        assert x.grad == 1.0
        del v  # freeing a million nested nodes must not overflow the C stack either
    finally:
        if enabled:
            gc.enable()
    assert sys.getrecursionlimit() == limit


def test_graph_holds_no_reference_cycles():
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        x = Value(0.5, label="x")
        z = (x * x + x.tanh()).sigmoid() / (1 + x.exp())
        z.backward()
        z.graph()
        del x, z
        assert gc.collect() == 0  # everything was freed by reference counting alone
    finally:
        if enabled:
            gc.enable()


# ---------------------------------------------------------------- edge cases and conventions


def test_data_is_stored_as_a_python_float():
    for number in [3, np.float32(0.5), np.int64(2), np.float64(0.25)]:
        assert type(Value(number).data) is float
    assert Value(np.float32(0.5)).data == 0.5


def test_relu_slope_at_zero_is_zero():
    x = Value(0.0)
    x.relu().backward()
    assert x.grad == 0.0


def test_sigmoid_does_not_overflow_for_large_inputs():
    assert Value(-1000.0).sigmoid().data == 0.0
    assert Value(1000.0).sigmoid().data == 1.0


def test_square_root_at_zero_has_infinite_slope():
    x = Value(0.0)
    y = x**0.5
    y.backward()
    assert y.data == 0.0
    assert x.grad == math.inf


def test_repr_shows_data_grad_and_label():
    assert repr(Value(2.0)) == "Value(data=2.0, grad=0.0)"
    assert repr(Value(2, label="w")) == "Value(data=2.0, grad=0.0, label='w')"


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("data", "shown"),
    [
        ("abc", "'abc' of type str"),
        (None, "None of type NoneType"),
        ([1.0], r"\[1.0\] of type list"),
        (1j, r"1j of type complex"),
        (True, "True of type bool"),
    ],
)
def test_constructor_rejects_non_numbers_naming_them(data, shown):
    with pytest.raises(TypeError, match=f"data must be a number, got {shown}"):
        Value(data)


@pytest.mark.parametrize("data", [math.nan, math.inf, -math.inf, np.float64("nan")])
def test_constructor_rejects_non_finite_data_naming_it(data):
    with pytest.raises(ValueError, match=r"data must be finite, got (nan|inf|-inf|np\.)"):
        Value(data)


def test_label_must_be_a_string():
    with pytest.raises(TypeError, match="label must be a string, got 3 of type int"):
        Value(1.0, label=3)


@pytest.mark.parametrize(
    ("expression", "op", "shown"),
    [
        (lambda v: v + "abc", r"\+", "'abc' of type str"),
        (lambda v: "abc" + v, r"\+", "'abc' of type str"),
        (lambda v: v - None, "-", "None of type NoneType"),
        (lambda v: None - v, "-", "None of type NoneType"),
        (lambda v: v * "2", r"\*", "'2' of type str"),
        (lambda v: None * v, r"\*", "None of type NoneType"),
        (lambda v: v / [2], "/", r"\[2\] of type list"),
        (lambda v: "x" / v, "/", "'x' of type str"),
    ],
)
def test_operating_with_a_non_number_raises_naming_it(expression, op, shown):
    with pytest.raises(TypeError, match=f"the other operand of {op} must be a number, got {shown}"):
        expression(Value(2.0))


def test_operating_with_nan_raises_naming_it():
    with pytest.raises(ValueError, match="the other operand of \\* must be finite, got nan"):
        Value(2.0) * math.nan


def test_value_exponent_is_refused_with_a_hint():
    x, y = Value(2.0), Value(3.0)
    with pytest.raises(
        TypeError, match=r"exponent must be a number, got Value\(data=3\.0, grad=0\.0\)"
    ):
        x**y
    with pytest.raises(TypeError, match=r"Value powers are unsupported.*exp/log"):
        x**y


def test_number_raised_to_a_value_is_refused_with_a_hint():
    with pytest.raises(
        TypeError, match=r"got Value\(data=2\.0, grad=0\.0\): Value powers are unsupported"
    ):
        2 ** Value(2.0)


def test_non_number_exponent_raises_naming_it():
    with pytest.raises(TypeError, match="exponent must be a number, got '2' of type str"):
        Value(2.0) ** "2"


@pytest.mark.parametrize("data", [-1.5, 0.0])
def test_log_of_non_positive_value_raises_naming_it(data):
    with pytest.raises(ValueError, match=f"log needs a value > 0, got {data}"):
        Value(data).log()


def test_negative_base_to_fractional_power_raises():
    with pytest.raises(
        ValueError, match=r"cannot raise negative value -8\.0 to non-integer power 0\.5"
    ):
        Value(-8.0) ** 0.5


def test_division_by_zero_raises_naming_the_numerator():
    with pytest.raises(ZeroDivisionError, match=r"cannot divide 1\.0 by zero"):
        Value(1.0) / 0
    with pytest.raises(ZeroDivisionError, match=r"cannot divide 1\.0 by zero"):
        1 / Value(0.0)


def test_zero_to_negative_power_raises():
    with pytest.raises(ZeroDivisionError, match=r"cannot raise 0\.0 to negative power -1"):
        Value(0.0) ** -1


def test_overflow_raises_naming_the_value():
    with pytest.raises(OverflowError, match=r"exp\(1000.0\) overflows float64"):
        Value(1000.0).exp()
    with pytest.raises(OverflowError, match=r"1e\+200 \*\* 2 overflows float64"):
        Value(1e200) ** 2


# ---------------------------------------------------------------- the exported graph


def test_graph_lists_nodes_in_topological_order_with_parent_to_child_edges():
    x = Value(2.0, label="x")
    y = Value(-3.0, label="y")
    z = x * y + x
    z.label = "z"
    z.backward()
    assert z.graph() == {
        "nodes": [
            {"id": 0, "label": "x", "op": "", "data": 2.0, "grad": -2.0},
            {"id": 1, "label": "y", "op": "", "data": -3.0, "grad": 2.0},
            {"id": 2, "label": "", "op": "*", "data": -6.0, "grad": 1.0},
            {"id": 3, "label": "z", "op": "+", "data": -4.0, "grad": 1.0},
        ],
        "edges": [
            {"source": 0, "target": 2, "local": -3.0},
            {"source": 1, "target": 2, "local": 2.0},
            {"source": 2, "target": 3, "local": 1.0},
            {"source": 0, "target": 3, "local": 1.0},
        ],
    }
    assert json.loads(json.dumps(z.graph())) == z.graph()


def test_graph_of_a_reused_node_has_one_node_and_two_edges():
    x = Value(3.0, label="x")
    graph = (x * x).graph()
    assert len(graph["nodes"]) == 2
    assert graph["edges"] == [
        {"source": 0, "target": 1, "local": 3.0},
        {"source": 0, "target": 1, "local": 3.0},
    ]


def test_graph_names_constants_and_operations():
    x = Value(2.0, label="x")
    graph = ((1 - x) ** 2 / 4).sigmoid().graph()
    assert [n["op"] for n in graph["nodes"]] == ["", "", "-", "**2", "", "/", "sigmoid"]
    assert [n["data"] for n in graph["nodes"][:2]] == [1.0, 2.0]


# ---------------------------------------------------------------- determinism

SCRIPT = """
import json
from backprop.autograd import Value
x, y = Value(0.3, label="x"), Value(-1.2, label="y")
z = ((x * y).tanh() + x.exp() * y - (x / (1 + y * y)).sigmoid()) ** 2
z.backward()
print(json.dumps(z.graph()))
"""


def test_same_expression_gives_same_graph_and_gradients():
    def build():
        x, y = Value(0.3, label="x"), Value(-1.2, label="y")
        z = ((x * y).tanh() + x.exp() * y - (x / (1 + y * y)).sigmoid()) ** 2
        z.backward()
        return z.graph()

    assert build() == build()


def test_graph_is_identical_across_interpreters_and_hash_seeds():
    outputs = [
        subprocess.run(
            [sys.executable, "-c", SCRIPT],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    ]
    assert outputs[0] == outputs[1]
    assert len(json.loads(outputs[0])["nodes"]) > 10


def test_overflow_of_an_operation_names_the_operation_not_the_constructor():
    with pytest.raises(OverflowError, match=r"^1e\+200 \* 1e\+200 overflows float64$"):
        Value(1e200) * Value(1e200)
    with pytest.raises(OverflowError, match=r"^1e\+308 \+ 1e\+308 overflows float64$"):
        Value(1e308) + 1e308
    with pytest.raises(OverflowError, match=r"^1e\+300 / 1e-300 overflows float64$"):
        Value(1e300) / 1e-300


def test_dividing_by_a_tiny_number_is_not_a_division_by_zero():
    x, y = Value(1e-190), Value(1e-200)  # y * y underflows to 0
    z = x / y
    z.backward()
    assert z.data == pytest.approx(1e10)
    assert x.grad == pytest.approx(1e200) and y.grad == pytest.approx(-1e210)


def test_backward_adds_one_to_its_own_grad_on_every_call():
    x = Value(3.0)
    y = x * x
    y.backward()
    y.backward()
    assert (x.grad, y.grad) == (12.0, 2.0)
