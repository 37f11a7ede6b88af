"""Checks for the lab "Build your own autograd": one per piece the learner writes.

| the learner writes | its check |
| --- | --- |
| the node: `Value.__init__` | `check_value` |
| `+` and its local gradients | `check_add` |
| `*` and its local gradients | `check_mul` |
| `tanh`, `relu` | `check_tanh`, `check_relu` |
| `exp`, `log` (an extra exercise) | `check_exp`, `check_log` |
| `x**n`, a constant power (extra) | `check_power` |
| tanh rebuilt from `exp` and arithmetic (extra) | `check_tanh_from_exp` |
| the topological order | `check_topological_order` |
| `backward` | `check_backward` |
| a neuron | `check_neuron` |
| one training step | `check_training_step` |

The operations are checked on the learner's `Value` (with a stand-in constructor while theirs
is not written yet); the graph walks, the neuron and the training step are checked on graphs of
the package's own [`backprop.Value`][backprop.Value], so that each check tests its piece alone.
Every check returns None when all is well and raises
[`ExerciseError`][backprop.exercises.ExerciseError] with one sentence (and a hint where the
mistake is a common one) when not.

Examples
--------
>>> from backprop import Value
>>> from backprop.exercises.autograd import check_mul
>>> def mul(self, other):  # local gradients swapped: a common slip
...     out = self.data * other.data
...     return Value(out, (self, other), (self.data, other.data))
>>> check_mul(mul, Value)
Traceback (most recent call last):
...
backprop.exercises.ExerciseError: d(x*y)/dx came out 2.0 at x=2.0, y=3.0; it
should be y = 3.0 (the other input's value). You gave x's own value: the two
local gradients are swapped.
"""

from __future__ import annotations

import math
import random
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

from backprop.autograd import Value as _Ref
from backprop.exercises import (
    ExerciseError,
    _call,
    _check_callable,
    _close,
    _describe,
    _expect_number,
    _fmt,
)

__all__ = [
    "check_add",
    "check_backward",
    "check_exp",
    "check_log",
    "check_mul",
    "check_neuron",
    "check_power",
    "check_relu",
    "check_tanh",
    "check_tanh_from_exp",
    "check_topological_order",
    "check_training_step",
    "check_value",
]


# ------------------------------------------------------------------------------ the node


def check_value(Value: type) -> None:
    """Check the learner's node: a ``Value`` stores ``data``, ``grad``, ``parents`` and
    ``local_grads``.

    Parameters
    ----------
    Value : type
        The learner's class, called as ``Value(data)`` for an input and
        ``Value(data, parents, local_grads)`` for the result of an operation.

    Raises
    ------
    ExerciseError
        If an attribute is missing or holds the wrong thing: ``data`` must be a float,
        ``grad`` must start at 0.0, an input has no parents, an operation's result keeps the
        parents and local gradients it was given.

    Examples
    --------
    >>> from backprop.exercises.autograd import check_value
    >>> class Value:
    ...     def __init__(self, data, parents=(), local_grads=()):
    ...         self.data, self.grad = float(data), 0.0
    ...         self.parents, self.local_grads = parents, local_grads
    >>> check_value(Value)  # passes: nothing printed

    >>> from backprop.exercises.autograd import check_value
    >>> class Value:
    ...     def __init__(self, data, parents=(), local_grads=()):
    ...         self.data, self.grad = float(data), None
    ...         self.parents, self.local_grads = parents, local_grads
    >>> check_value(Value)
    Traceback (most recent call last):
    ...
    backprop.exercises.ExerciseError: Value(2).grad is None; it should start at 0.0
    (no gradient has flowed back yet)
    """
    _check_class(Value)
    v = _call("Value(2)", Value, 2)
    data = _attribute(v, "data", "Value(2)")
    if not isinstance(data, float) or data != 2.0:
        raise ExerciseError(
            f"Value(2).data is {_describe(data)}; it should be the float 2.0: "
            "store float(data), so that every Value holds a float"
        )
    grad = _attribute(v, "grad", "Value(2)")
    if isinstance(grad, bool) or not isinstance(grad, int | float) or grad != 0:
        raise ExerciseError(
            f"Value(2).grad is {_describe(grad)}; it should start at 0.0 "
            "(no gradient has flowed back yet)"
        )
    for name in ("parents", "local_grads"):
        got = _attribute(v, name, "Value(2)")
        if got is None or not hasattr(got, "__len__") or len(got) != 0:
            raise ExerciseError(
                f"Value(2).{name} is {_describe(got)}; a Value made from a number alone "
                f"should have none: use () as the default"
            )
    a, b = _call("Value(2.0)", Value, 2.0), _call("Value(3.0)", Value, 3.0)
    c = _call("Value(6.0, (a, b), (3.0, 2.0))", Value, 6.0, (a, b), (3.0, 2.0))
    parents = _attribute(c, "parents", "Value(6.0, (a, b), (3.0, 2.0))")
    if isinstance(parents, set | frozenset):
        raise ExerciseError(
            "Value(6.0, (a, b), (3.0, 2.0)).parents is a set; keep the tuple (a, b) as it "
            "was given: a set has no order, so parents and local_grads would no longer "
            "pair up (micrograd's set(_children) works only because its nodes keep their "
            "own backward functions)"
        )
    if parents is None or len(parents) != 2 or parents[0] is not a or parents[1] is not b:
        raise ExerciseError(
            f"Value(6.0, (a, b), (3.0, 2.0)).parents is {_describe(parents)}; it should be "
            "the tuple (a, b) it was given, the very same Value objects"
        )
    local = _attribute(c, "local_grads", "Value(6.0, (a, b), (3.0, 2.0))")
    if local is None or len(local) != 2 or tuple(map(float, local)) != (3.0, 2.0):
        raise ExerciseError(
            f"Value(6.0, (a, b), (3.0, 2.0)).local_grads is {_describe(local)}; it should be "
            "the tuple (3.0, 2.0) it was given"
        )


# ------------------------------------------------------------------------- the operations


def check_add(add: Callable, Value: type) -> None:
    """Check the learner's ``add(self, other)``: ``x + y`` with local gradients ``(1, 1)``.

    Parameters
    ----------
    add : callable
        The learner's function, to become ``Value.__add__``.
    Value : type
        The learner's class (a stand-in constructor is used while theirs is not written).

    Raises
    ------
    ExerciseError
        If the result is not a new ``Value`` with the sum as ``data``, ``(x, y)`` as
        ``parents`` and ``(1.0, 1.0)`` as ``local_grads``, or if a plain number on the right
        is not wrapped in a ``Value``.

    Examples
    --------
    >>> from backprop import Value
    >>> from backprop.exercises.autograd import check_add
    >>> def add(self, other):  # returns a plain number: no graph
    ...     return self.data + other.data
    >>> check_add(add, Value)
    Traceback (most recent call last):
    ...
    backprop.exercises.ExerciseError: add(x, y) returned 5.0 of type float at x=2.0,
    y=3.0; it should return a new Value that remembers its parents and local
    gradients, not a plain number
    """
    _check_binary(
        "add",
        "+",
        add,
        Value,
        lambda a, b: a + b,
        lambda a, b: (1.0, 1.0),
        ("1", "1"),
        {"y": "You gave y's value: that is the local gradient of *, not of +."},
    )


def check_mul(mul: Callable, Value: type) -> None:
    """Check the learner's ``mul(self, other)``: ``x * y`` with local gradients ``(y, x)``.

    Parameters
    ----------
    mul : callable
        The learner's function; the lab makes it ``Value.__mul__``.
    Value : type
        The learner's class, as for [`check_add`][backprop.exercises.autograd.check_add].

    Raises
    ------
    ExerciseError
        Unless ``mul(x, y)`` is a new ``Value`` of ``x.data * y.data`` made from ``(x, y)``
        with the local gradients ``(y.data, x.data)``, each the other input's value (also
        with a plain number on the right, which is wrapped in a ``Value``). Parents given as
        ``(y, x)`` pass too, with their local gradients in the same order.

    Examples
    --------
    >>> from backprop import Value
    >>> from backprop.exercises.autograd import check_mul
    >>> def mul(self, other):
    ...     other = other if isinstance(other, Value) else Value(other)
    ...     out = self.data * other.data
    ...     return Value(out, (self, other), (other.data, self.data))
    >>> check_mul(mul, Value)  # passes: nothing printed
    """
    _check_binary(
        "mul",
        "*",
        mul,
        Value,
        lambda a, b: a * b,
        lambda a, b: (b, a),
        ("y", "x"),
        {
            "x": "You gave x's own value: the two local gradients are swapped.",
            "1": "You gave 1: that is the local gradient of +, not of *.",
        },
    )


def check_tanh(tanh: Callable, Value: type) -> None:
    """Check the learner's ``tanh(self)``: local gradient ``1 - t**2`` with ``t = tanh(x)``.

    Parameters
    ----------
    tanh : callable
        The learner's function, to become ``Value.tanh``.
    Value : type
        The learner's class (a stand-in constructor is used while theirs is not written).

    Raises
    ------
    ExerciseError
        If the result is not a new ``Value`` holding ``math.tanh(x)`` with parent ``x`` and
        local gradient ``1 - tanh(x)**2``.

    Examples
    --------
    >>> import math
    >>> from backprop import Value
    >>> from backprop.exercises.autograd import check_tanh
    >>> def tanh(self):  # the derivative taken at the input, not from the output
    ...     t = math.tanh(self.data)
    ...     return Value(t, (self,), (1 - self.data**2,))
    >>> check_tanh(tanh, Value)
    Traceback (most recent call last):
    ...
    backprop.exercises.ExerciseError: d tanh(x)/dx came out 0.75 at x=0.5; it should
    be 1 - t**2 = 0.786448 with t = tanh(x) = 0.462117. You used the input x where
    the formula needs the output t.
    """
    cases = [0.5, -1.2, 0.0, 2.0]

    def hints(x: float, got: float) -> str:
        t = math.tanh(x)
        if _close(got, 1 - x * x):
            return " You used the input x where the formula needs the output t."
        if _close(got, t):
            return " You gave t itself; its derivative is 1 - t**2."
        if _close(got, t * t):
            return " You gave t**2; the derivative is 1 - t**2."
        return ""

    _check_unary(
        "tanh",
        tanh,
        Value,
        cases,
        math.tanh,
        lambda x: 1 - math.tanh(x) ** 2,
        lambda x: (
            f"1 - t**2 = {_fmt(1 - math.tanh(x) ** 2)} with t = tanh(x) = {_fmt(math.tanh(x))}"
        ),
        hints,
    )


def check_relu(relu: Callable, Value: type) -> None:
    """Check the learner's ``relu(self)``: ``max(0, x)``, local gradient 1 above 0, else 0.

    Parameters
    ----------
    relu : callable
        The learner's function, to become ``Value.relu``.
    Value : type
        The learner's class (a stand-in constructor is used while theirs is not written).

    Raises
    ------
    ExerciseError
        If the result is not a new ``Value`` holding ``max(0, x)`` with parent ``x`` and local
        gradient 1 for ``x > 0`` and 0 otherwise (0 at exactly 0, as the lab decides).

    Examples
    --------
    >>> from backprop import Value
    >>> from backprop.exercises.autograd import check_relu
    >>> def relu(self):  # the gradient of the input passed through, not 0 or 1
    ...     return Value(max(0.0, self.data), (self,), (max(0.0, self.data),))
    >>> check_relu(relu, Value)
    Traceback (most recent call last):
    ...
    backprop.exercises.ExerciseError: d relu(x)/dx came out 1.5 at x=1.5; it should
    be 1.0 (1 where x > 0, else 0). You gave relu(x) itself; its derivative is 1 or
    0, never the value.
    """
    cases = [1.5, -2.0, 0.0, 0.25]

    def hints(x: float, got: float) -> str:
        if x == 0 and _close(got, 1.0):
            return " At exactly x = 0 the lab takes 0: test x > 0, not x >= 0."
        if _close(got, max(0.0, x)) and x not in (0.0, 1.0):
            return " You gave relu(x) itself; its derivative is 1 or 0, never the value."
        if x < 0 and _close(got, 1.0):
            return " Below 0 relu is flat, so nothing flows back: the local gradient is 0."
        return ""

    _check_unary(
        "relu",
        relu,
        Value,
        cases,
        lambda x: max(0.0, x),
        lambda x: 1.0 if x > 0 else 0.0,
        lambda x: f"{_fmt(1.0 if x > 0 else 0.0)} (1 where x > 0, else 0)",
        hints,
    )


def check_exp(exp: Callable, Value: type) -> None:
    """Check the learner's ``exp(self)``: ``e**x``, whose local gradient is ``e**x`` itself.

    Parameters
    ----------
    exp : callable
        The learner's function, to become ``Value.exp``.
    Value : type
        The learner's class.

    Raises
    ------
    ExerciseError
        If the result is not a new ``Value`` holding ``math.exp(x)`` with parent ``x`` and
        local gradient ``math.exp(x)``.

    Examples
    --------
    >>> import math
    >>> from backprop import Value
    >>> from backprop.exercises.autograd import check_exp
    >>> def exp(self):  # the power rule, which does not apply: x is the exponent
    ...     slope = self.data * math.exp(self.data - 1)
    ...     return Value(math.exp(self.data), (self,), (slope,))
    >>> check_exp(exp, Value)
    Traceback (most recent call last):
    ...
    backprop.exercises.ExerciseError: d exp(x)/dx came out 0.303265 at x=0.5; it
    should be e**x = 1.64872. The power rule does not apply: x is the exponent,
    and e**x is its own derivative.
    """

    def hints(x: float, got: float) -> str:
        if _close(got, x * math.exp(x - 1)):
            return (
                " The power rule does not apply: x is the exponent, and e**x is its own derivative."
            )
        if _close(got, 1.0):
            return " e**x is its own derivative: the local gradient is e**x, not 1."
        return ""

    _check_unary(
        "exp", exp, Value, [0.5, -1.2, 0.0, 2.0], math.exp, math.exp,
        lambda x: f"e**x = {_fmt(math.exp(x))}", hints,
    )  # fmt: skip


def check_log(log: Callable, Value: type) -> None:
    """Check the learner's ``log(self)``: the natural log, local gradient ``1 / x``.

    Parameters
    ----------
    log : callable
        The learner's function, to become ``Value.log``.
    Value : type
        The learner's class.

    Raises
    ------
    ExerciseError
        If the result is not a new ``Value`` holding ``math.log(x)`` with parent ``x`` and
        local gradient ``1 / x``, at positive ``x``.

    Examples
    --------
    >>> import math
    >>> from backprop import Value
    >>> from backprop.exercises.autograd import check_log
    >>> def log(self):  # the gradient taken from the output
    ...     out = math.log(self.data)
    ...     return Value(out, (self,), (1 / out,))
    >>> check_log(log, Value)
    Traceback (most recent call last):
    ...
    backprop.exercises.ExerciseError: d log(x)/dx came out -1.4427 at x=0.5; it
    should be 1/x = 2.0. Divide by the input x, not by the output log(x).
    """

    def hints(x: float, got: float) -> str:
        if _close(got, 1 / math.log(x)):
            return " Divide by the input x, not by the output log(x)."
        if _close(got, math.log(x)):
            return " You gave log(x) itself; its derivative is 1/x."
        return ""

    _check_unary(
        "log", log, Value, [0.5, 3.0, 1.5, 10.0], math.log, lambda x: 1 / x,
        lambda x: f"1/x = {_fmt(1 / x)}", hints,
    )  # fmt: skip


def check_power(power: Callable, Value: type) -> None:
    """Check the learner's ``power(self, n)``: ``x**n`` for a constant number ``n``.

    Parameters
    ----------
    power : callable
        The learner's function, to become ``Value.__pow__``.
    Value : type
        The learner's class.

    Raises
    ------
    ExerciseError
        If the result is not a new ``Value`` holding ``x.data ** n`` with ``x`` its one
        parent (``n`` is a plain number, not a parent) and local gradient ``n * x**(n - 1)``,
        naming the slip where it recognises one.

    Examples
    --------
    >>> from backprop import Value
    >>> from backprop.exercises.autograd import check_power
    >>> def power(self, n):  # the exponent kept, not lowered by one
    ...     return Value(self.data**n, (self,), (n * self.data**n,))
    >>> check_power(power, Value)
    Traceback (most recent call last):
    ...
    backprop.exercises.ExerciseError: d(x**n)/dx came out 24.0 at x=2.0, n=3; it
    should be n * x**(n - 1) = 12.0. The power goes down by one: x**(n - 1), not
    x**n.
    """
    _check_callable("power", power)
    with _usable(Value):
        for a, n in [(2.0, 3), (0.5, -1), (4.0, 0.5), (-1.5, 2)]:
            at = f"x={_fmt(a)}, n={n}"
            what = f"power(x, {n})"
            x = Value(a)
            z = _expect_value(_call(what, power, x, n), Value, what, at)
            if z is x:
                raise ExerciseError(
                    f"{what} returned x itself at {at}; it should return a new Value"
                )
            if not _close(z.data, a**n):
                raise ExerciseError(
                    f"x**n came out {_fmt(z.data)} at {at}; it should be {_fmt(a**n)}"
                )
            parents = _as_tuple(z.parents, "the parents of x**n", "(x,)", "one Value")
            if len(parents) != 1 or parents[0] is not x:
                raise ExerciseError(
                    f"the parents of x**n should be (x,), the one Value it was made from; got "
                    f"{_describe(parents)}: the exponent n is a plain number, a constant, and "
                    "no gradient flows to it"
                )
            grads = _as_tuple(z.local_grads, "the local gradients of x**n", "(g,)", "one number")
            if len(grads) != 1:
                raise ExerciseError(
                    f"x**n has {len(grads)} local gradients; it should have 1, a tuple like (g,)"
                )
            got = _local_number("the local gradient of x**n", grads[0])
            want = n * a ** (n - 1)
            if not _close(got, want):
                hints = {
                    "The power goes down by one: x**(n - 1), not x**n.": n * a**n,
                    "The factor n is missing: n * x**(n - 1).": a ** (n - 1),
                    "That is the rule for a constant base, b**x; here the base is x and the "
                    "exponent the constant: n * x**(n - 1).": a**n * math.log(abs(a)),
                }
                hint = next((" " + t for t, v in hints.items() if _close(got, v)), "")
                raise ExerciseError(
                    f"d(x**n)/dx came out {_fmt(got)} at {at}; it should be n * x**(n - 1) = "
                    f"{_fmt(want)}.{hint}"
                )


def check_tanh_from_exp(tanh_from_exp: Callable, Value: type) -> None:
    """Check the learner's ``tanh_from_exp(x)``: tanh built from ``exp`` and arithmetic.

    The function runs on the learner's own ``Value`` (with ``exp``, ``+``, ``-``, ``*``, ``/``
    and ``backward`` attached), with its ``tanh`` method hidden; the value must be
    ``math.tanh(x)``, and the learner's ``backward`` must give ``1 - tanh(x)**2``, a
    derivative nobody wrote down: the chain rule assembles it from the pieces.

    Parameters
    ----------
    tanh_from_exp : callable
        The learner's function of one ``Value``.
    Value : type
        The learner's class.

    Raises
    ------
    ExerciseError
        If a method it needs is missing, if the function calls ``tanh`` or returns something
        other than a ``Value`` of several operations, or if the value or the gradient is wrong.

    Examples
    --------
    >>> from backprop import Value
    >>> from backprop.exercises.autograd import check_tanh_from_exp
    >>> def tanh_from_exp(x):  # sinh/cosh with e**x on both sides: e**-x left out
    ...     e = x.exp()
    ...     return (e - 1) / (e + 1)
    >>> check_tanh_from_exp(tanh_from_exp, Value)
    Traceback (most recent call last):
    ...
    backprop.exercises.ExerciseError: tanh_from_exp(x) came out 0.244919 at x=0.5;
    it should be tanh(x) = 0.462117, which is (e**(2x) - 1) / (e**(2x) + 1)
    """
    _check_callable("tanh_from_exp", tanh_from_exp)
    _check_class(Value)
    needed = {"exp": "exp", "__truediv__": "/", "__sub__": "-", "backward": "backward"}
    for method, shown in needed.items():
        if not hasattr(Value, method):
            raise ExerciseError(
                f"your Value has no {shown} yet: run the cells that attach it (Value.{method} "
                "= ...) first, then this one"
            )
    own = Value.__dict__.get("tanh")
    if own is not None:
        delattr(Value, "tanh")  # hidden: the point is to build tanh without it
    try:
        with _usable(Value):
            _check_tanh_from_exp(tanh_from_exp, Value)
    finally:
        if own is not None:
            Value.tanh = own


def _check_tanh_from_exp(tanh_from_exp: Callable, Value: type) -> None:
    """The value and the gradient, at four points, with ``Value.tanh`` already hidden."""
    for a in [0.5, -1.2, 0.0, 2.0]:
        at = f"x={_fmt(a)}"
        x = Value(a)
        try:
            out = _call("tanh_from_exp(x)", tanh_from_exp, x)
        except ExerciseError as err:
            if "tanh" in str(err.__cause__) and isinstance(err.__cause__, AttributeError):
                raise ExerciseError(
                    "tanh_from_exp(x) called tanh, which is hidden while this check runs: "
                    "build tanh from exp, +, -, * and / alone"
                ) from None
            raise
        out = _expect_value(out, Value, "tanh_from_exp(x)", at)
        want = math.tanh(a)
        if not _close(out.data, want):
            raise ExerciseError(
                f"tanh_from_exp(x) came out {_fmt(out.data)} at {at}; it should be "
                f"tanh(x) = {_fmt(want)}, which is (e**(2x) - 1) / (e**(2x) + 1)"
            )
        order = _call("topological_order() of the result", out.topological_order)
        if not any(node is x for node in order):
            raise ExerciseError(
                "tanh_from_exp(x) returned a Value whose graph does not reach x, so no gradient "
                "can flow back to it: a Value made from x.data, a plain number, starts a graph "
                "of its own; build the result from x itself, with exp and arithmetic"
            )
        if len(order) < 4:
            raise ExerciseError(
                "tanh_from_exp(x) returned a Value made in one step from x; build it from "
                "exp and arithmetic, so that the chain rule has pieces to put together"
            )
        _call("backward() on tanh_from_exp(x)", out.backward)
        slope = 1 - want**2
        grad = _expect_number(f"x.grad after backward() at {at}", x.grad)
        if not _close(grad, slope):
            raise ExerciseError(
                f"after backward() through tanh_from_exp(x) at {at}, x.grad came out "
                f"{_fmt(grad)}; it should be 1 - tanh(x)**2 = {_fmt(slope)}. The value is "
                "right, so a local gradient is wrong: check those of the operations it "
                "uses (power's and exp's) with their checks"
            )


# ------------------------------------------------------------------------------ the graph


def check_topological_order(topological_order: Callable) -> None:
    """Check the learner's ``topological_order(self)``: every node once, parents first.

    It is called on graphs of [`backprop.Value`][backprop.Value] nodes (which have the same
    ``parents`` attribute as the learner's): a small one, one that uses a value twice, one
    where a node needs a parent listed before it (which a stack walk that marks a node seen
    when it pushes it gets wrong), and a chain of operations deeper than Python's recursion
    limit.

    Parameters
    ----------
    topological_order : callable
        The learner's function, to become ``Value.topological_order``.

    Raises
    ------
    ExerciseError
        If the result is not a list holding each node of the graph exactly once, each after
        its parents and the output last, if the walk recurses too deep, or if it changes
        Python's recursion limit (which the check sets back).

    Examples
    --------
    >>> from backprop.exercises.autograd import check_topological_order
    >>> def topological_order(self):  # forgets the nodes already visited
    ...     order, stack = [], [self]
    ...     while stack:
    ...         node = stack.pop()
    ...         order.append(node)
    ...         stack.extend(node.parents)
    ...     return order[::-1]
    >>> check_topological_order(topological_order)
    Traceback (most recent call last):
    ...
    backprop.exercises.ExerciseError: in the order of z = x*y + x, x appears 2
    times; each node belongs in it once: keep a set of the nodes already seen
    """
    _check_callable("topological_order", topological_order)
    for case in _graphs(deep=True):
        out = case.out
        what = f"topological_order() of {case.name}"
        order = _call_at_the_same_limit(what, topological_order, out)
        if order is None:
            raise ExerciseError(
                f"{what} returned None; it should return the list of nodes "
                "(did you forget `return order`?)"
            )
        if not isinstance(order, list | tuple):
            raise ExerciseError(f"{what} should return a list of nodes, got {_describe(order)}")
        counts: dict[int, int] = {}
        for node in order:
            if id(node) not in case.names:
                raise ExerciseError(
                    f"{what} holds {_describe(node)}, which is not a node of the graph: "
                    "append the nodes themselves"
                )
            counts[id(node)] = counts.get(id(node), 0) + 1
        for node_id, n in counts.items():
            if n > 1:
                raise ExerciseError(
                    f"in the order of {case.name}, {case.names[node_id]} appears {n} times; "
                    "each node belongs in it once: keep a set of the nodes already seen"
                )
        missing = [name for node_id, name in case.names.items() if node_id not in counts]
        if missing:
            raise ExerciseError(
                f"the order of {case.name} leaves out {len(missing)} of its {len(case.names)} "
                f"nodes ({', '.join(missing[:3])}): every node the output depends on belongs "
                "in it"
            )
        position = {id(node): i for i, node in enumerate(order)}
        if order[0] is out and len(order) > 1:
            raise ExerciseError(
                f"the order of {case.name} starts with the output {case.names[id(out)]}; it "
                "should end with it: inputs first, each node after its parents (reverse your "
                "list)"
            )
        for node in order:
            for parent in node.parents:
                if position[id(parent)] > position[id(node)]:
                    raise ExerciseError(
                        f"in the order of {case.name}, {case.names[id(node)]} comes before "
                        f"its parent {case.names[id(parent)]}; each node must come after the "
                        "nodes it was made from." + _order_hint(case, order, node, parent)
                    )


def _marked_when_pushed(out: Any, reverse: bool) -> list:
    """The usual slip of a stack walk: a node is marked seen when it is pushed, and appended
    when it comes off the stack the second time, its parents done."""
    order, seen, stack = [], {out}, [(out, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
            continue
        stack.append((node, True))
        for parent in reversed(node.parents) if reverse else node.parents:
            if parent not in seen:
                seen.add(parent)
                stack.append((parent, False))
    return order


def _order_hint(case: _Graph, order: Any, node: Any, parent: Any) -> str:
    """Name the slip of marking a node seen when it is pushed, if the order is that slip's."""
    ids = [id(n) for n in order]
    for reverse in (False, True):
        if ids == [id(n) for n in _marked_when_pushed(case.out, reverse)]:
            return (
                f" You marked each node seen when you pushed it: {case.names[id(parent)]} was "
                f"already on the stack, below {case.names[id(node)]}, so it was not pushed "
                "again, and was finished after it. Mark a node seen when it comes off the "
                "stack to be expanded (skip it if it is seen already), or keep (node, "
                "iter(node.parents)) pairs as the hint in the lab does."
            )
    return ""


def check_backward(backward: Callable) -> None:
    """Check the learner's ``backward(self)``: the chain rule on every edge, in reverse order.

    It is called on graphs of [`backprop.Value`][backprop.Value] nodes, whose own
    ``topological_order`` it may use; the inputs' gradients are compared with those of the
    package's [`Value.backward`][backprop.autograd.Value.backward] on a twin graph (one of
    them a chain thousands of nodes deep, which a walk that calls itself per node cannot
    take), and a second call must add the same gradients again (gradients accumulate).

    Parameters
    ----------
    backward : callable
        The learner's function, to become ``Value.backward``.

    Raises
    ------
    ExerciseError
        If an input's gradient differs from the reference, naming the graph, the input, both
        numbers and, where it recognises it, the slip (``=`` for ``+=``, the order not
        reversed, the output's gradient not set to 1, the local gradient left out), or if it
        changes Python's recursion limit.

    Examples
    --------
    >>> from backprop.exercises.autograd import check_backward
    >>> def backward(self):  # = where += belongs: a node used twice keeps one use
    ...     self.grad = 1.0
    ...     for node in reversed(self.topological_order()):
    ...         for parent, local in zip(node.parents, node.local_grads):
    ...             parent.grad = local * node.grad
    >>> check_backward(backward)
    Traceback (most recent call last):
    ...
    backprop.exercises.ExerciseError: after backward() on z = x*y + x at x=2.0,
    y=3.0, x.grad came out 3.0; it should be 4.0. A node used more than once must
    add up (+=) what each use sends back; you assigned (=) instead.
    """
    _check_callable("backward", backward)
    for case in _graphs(deep=True):
        twin = case.build()
        twin.out.backward()
        want = [node.grad for node in twin.inputs]
        _call_at_the_same_limit(f"backward() on {case.name}", backward, case.out)
        got = [node.grad for node in case.inputs]
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            name = case.input_names[i]
            g = _expect_number(f"{name}.grad after backward() on {case.name}", g)
            if not _close(g, w):
                raise ExerciseError(
                    f"after backward() on {case.name} at {case.at}, {name}.grad came out "
                    f"{_fmt(g)}; it should be {_fmt(w)}.{_backward_hint(case, got)}"
                )
    # Gradients accumulate: a second call adds the same again.
    case = _graphs(deep=False)[1]
    _call(f"backward() on {case.name}", backward, case.out)
    first = [node.grad for node in case.inputs]
    _call(f"a second backward() on {case.name}", backward, case.out)
    for name, g, f in zip(case.input_names, case.inputs, first, strict=True):
        if not _close(g.grad, 2 * f):
            raise ExerciseError(
                f"after calling backward() twice on {case.name}, {name}.grad is "
                f"{_fmt(g.grad)}; it should be {_fmt(2 * f)}, twice one call's: gradients "
                "accumulate, and each call must add its gradient once. Set every node's grad "
                "to 0 before the walk and add the earlier gradients back after it."
            )


# ----------------------------------------------------------------------------- the network


def check_neuron(Neuron: type) -> None:
    """Check the learner's ``Neuron(n_in, rng, activation, make)``.

    The neuron is built with ``make=backprop.Value``, so this check needs none of the
    learner's other pieces. It checks the parameters (``n_in`` weights drawn in
    $\\pm\\sqrt{6 / n_\\text{in}}$, then a bias starting at 0), the output
    $\\phi(\\sum_i w_i x_i + b)$ for the activations ``"relu"``, ``"tanh"`` and ``"linear"``,
    and that the backward pass reaches every weight.

    Parameters
    ----------
    Neuron : type
        The learner's class: ``Neuron(n_in, rng, activation, make)``, called as
        ``neuron(x)`` with a list of numbers, and ``neuron.parameters()``.

    Raises
    ------
    ExerciseError
        If the parameters or the output are wrong, naming the case and the mistake
        (a bias left out, an activation not applied, a float where a Value is needed, a
        weight not made with ``make``), if the weights do not fill the whole of
        $\\pm\\sqrt{6 / n_\\text{in}}$ or go beyond it (micrograd's fixed $\\pm 1$, a Gaussian, a
        smaller scale), or if two neurons built from the same seed differ (weights drawn from
        the ``random`` module rather than from ``rng``).

    Examples
    --------
    >>> import math
    >>> from backprop.exercises.autograd import check_neuron
    >>> class Neuron:  # forgets the bias in the sum
    ...     def __init__(self, n_in, rng, activation, make):
    ...         scale = math.sqrt(6 / n_in)
    ...         self.w = [make(scale * rng.uniform(-1, 1)) for _ in range(n_in)]
    ...         self.b, self.activation = make(0.0), activation
    ...     def __call__(self, x):
    ...         s = sum((wi * xi for wi, xi in zip(self.w, x)), start=0.0)
    ...         act = {"relu": s.relu, "tanh": s.tanh}
    ...         return act.get(self.activation, lambda: s)()
    ...     def parameters(self):
    ...         return [*self.w, self.b]
    >>> check_neuron(Neuron)
    Traceback (most recent call last):
    ...
    backprop.exercises.ExerciseError: a "relu" neuron with w=[0.5, -1.0, 2.0],
    b=0.25 gave 0.5 for x=[1.0, 0.5, 0.25]; it should be relu(w.x + b) = 0.75. The
    bias b seems left out of the sum.
    """
    _check_class(Neuron, "Neuron")
    acts = {"relu": lambda s: max(0.0, s), "tanh": math.tanh, "linear": lambda s: s}
    w, b = [0.5, -1.0, 2.0], 0.25
    for activation, phi in acts.items():
        what = f'Neuron(3, rng, "{activation}", make=Value)'
        neuron = _call(what, Neuron, 3, random.Random(0), activation, make=_Ref)
        params = _call(f"{what}.parameters()", neuron.parameters)
        if not isinstance(params, list | tuple):
            raise ExerciseError(
                f"{what}.parameters() should return a list of the weights and the bias, got "
                f"{_describe(params)}"
            )
        if len(params) != 4:
            raise ExerciseError(
                f"{what}.parameters() returned {len(params)} items; it should return the 3 "
                "weights and then the bias, 4 Values"
            )
        for p in params:
            if not isinstance(p, _Ref) and hasattr(p, "data"):
                raise ExerciseError(
                    f"{what}.parameters() holds {_describe(p)}, made by a class of its own "
                    "rather than by make: build every weight and the bias with make(...), the "
                    "argument, so that the same neuron can be made of the book's Values"
                )
            if not isinstance(p, _Ref):
                raise ExerciseError(
                    f"{what}.parameters() holds {_describe(p)}; every weight and the bias "
                    "should be a Value made with make(...), so that gradients reach it"
                )
        scale = math.sqrt(6 / 3)
        for p in params[:3]:
            if abs(p.data) > scale:
                raise ExerciseError(
                    f"{what} drew the weight {_fmt(p.data)}, outside +-sqrt(6 / n_in) = "
                    f"+-{_fmt(scale)}: draw each as scale * rng.uniform(-1, 1)"
                )
        if len({p.data for p in params[:3]}) < 3:
            raise ExerciseError(
                f"{what} drew equal weights {[p.data for p in params[:3]]}: draw each one "
                "separately from rng, or the neurons of a layer all learn the same thing"
            )
        if params[0].data == 0.0 and params[3].data != 0.0:
            raise ExerciseError(
                f"{what}.parameters() starts with a Value of 0.0 and ends with the weight "
                f"{_fmt(params[3].data)}: it should list the weights first and the bias last, "
                "[*self.w, self.b]"
            )
        if params[3].data != 0.0:
            raise ExerciseError(
                f"the bias of {what} starts at {_fmt(params[3].data)}; it should start at 0.0 "
                "(and come last in parameters())"
            )
        for x in ([1.0, 0.5, 0.25], [-1.0, 1.0, -1.0]):
            for p, value in zip(params, [*w, b], strict=True):
                p.data, p.grad = value, 0.0
            s = sum(wi * xi for wi, xi in zip(w, x, strict=True)) + b
            want = phi(s)
            label = f'a "{activation}" neuron with w={w}, b={b}'
            out = _call(f"{label}, called on x={x},", neuron, x)
            if not isinstance(out, _Ref):
                raise ExerciseError(
                    f"{label} returned {_describe(out)} for x={x}; it should return a Value "
                    "built from the weights (use the Values, not their .data), so that "
                    "backward() can reach them"
                )
            if not _close(out.data, want):
                hint = ""
                if _close(out.data, phi(s - b)):
                    hint = " The bias b seems left out of the sum."
                elif _close(out.data, s) and activation != "linear":
                    hint = f" The activation {activation} seems not applied."
                else:
                    for other, f in acts.items():
                        if other != activation and _close(out.data, f(s)):
                            hint = f' It applied {other} where the activation is "{activation}".'
                formula = "w.x + b" if activation == "linear" else f"{activation}(w.x + b)"
                raise ExerciseError(
                    f"{label} gave {_fmt(out.data)} for x={x}; it should be {formula} = "
                    f"{_fmt(want)}.{hint}"
                )
            out.backward()
            slope = {"relu": float(s > 0), "tanh": 1 - math.tanh(s) ** 2, "linear": 1.0}
            for i, (p, xi) in enumerate(zip(params, x, strict=False)):
                if not _close(p.grad, xi * slope[activation]):
                    raise ExerciseError(
                        f"after backward() through {label} at x={x}, the gradient of w{i + 1} "
                        f"is {_fmt(p.grad)}; it should be {_fmt(xi * slope[activation])}: "
                        "build the output from the weight Values themselves"
                    )
    _check_scale(Neuron)
    _check_seeded(Neuron)


def _check_scale(Neuron: type) -> None:
    """The weights spread over the whole of +-sqrt(6 / n_in), and no further.

    On 24 inputs the bound is 0.5, which a fixed uniform(-1, 1) (micrograd's) breaks; on 2 it
    is sqrt(3), and 200 neurons' 400 weights must reach within 10 % of it on both sides (a
    uniform draw misses that by chance with a probability below 1e-8): a smaller scale, such
    as sqrt(6 / (n_in + 1)), falls short.
    """
    for n_in, count, seed in ((24, 1, 1), (2, 200, 2)):
        what = f'Neuron({n_in}, rng, "tanh", make=Value)'
        rng = random.Random(seed)
        drawn: list[float] = []
        for _ in range(count):  # the neurons of one layer: one rng, drawn in turn
            neuron = _call(what, Neuron, n_in, rng, "tanh", make=_Ref)
            drawn += [p.data for p in _call(f"{what}.parameters()", neuron.parameters)[:n_in]]
        bound = math.sqrt(6 / n_in)
        worst = max(drawn, key=abs)
        if abs(worst) > bound:
            raise ExerciseError(
                f"{what} drew the weight {_fmt(worst)}, outside +-sqrt(6 / n_in) = "
                f"+-{_fmt(bound)}: {_scale_hint(drawn, seed, n_in)}"
            )
        low, high = min(drawn), max(drawn)
        if count > 1 and min(-low, high) < 0.9 * bound:
            raise ExerciseError(
                f"the {len(drawn)} weights of {count} {what} spread only from {_fmt(low)} to "
                f"{_fmt(high)}; they should "
                f"fill the whole of +-sqrt(6 / n_in) = +-{_fmt(bound)}, both sides: draw each "
                "as math.sqrt(6 / n_in) * rng.uniform(-1, 1)"
            )


def _scale_hint(drawn: list[float], seed: int, n_in: int) -> str:
    """What the weights were drawn as, if they match a common slip."""
    rng = random.Random(seed)
    fixed = [rng.uniform(-1, 1) for _ in drawn]
    rng = random.Random(seed)
    gauss = [rng.gauss(0, math.sqrt(2 / n_in)) for _ in drawn]
    rng = random.Random(seed)
    normal = [rng.normalvariate(0, math.sqrt(2 / n_in)) for _ in drawn]
    right = "draw each weight as math.sqrt(6 / n_in) * rng.uniform(-1, 1)"
    if np.allclose(drawn, fixed):
        return "the bound shrinks as n_in grows, so " + right + ", not a fixed rng.uniform(-1, 1)"
    if np.allclose(drawn, gauss) or np.allclose(drawn, normal):
        return (
            "a Gaussian with He's spread sqrt(2 / n_in) has no bound, and the lab draws He's "
            "uniform version: " + right
        )
    return right


def _check_seeded(Neuron: type) -> None:
    """Two neurons built from the same seed have the same weights, whatever else ran between."""
    state = random.getstate()
    draws = []
    try:
        for other_seed in (1, 2):
            random.seed(other_seed)  # the random module moves on; rng does not depend on it
            what = 'Neuron(3, random.Random(0), "relu", make=Value)'
            neuron = _call(what, Neuron, 3, random.Random(0), "relu", make=_Ref)
            draws.append([p.data for p in neuron.parameters()])
    finally:  # the learner's own random stream goes on as before
        random.setstate(state)
    if draws[0] != draws[1]:
        a, b = next((a, b) for a, b in zip(*draws, strict=True) if a != b)
        raise ExerciseError(
            "two neurons built with the same generator, random.Random(0), drew different "
            f"weights ({_fmt(a)} and {_fmt(b)}): draw from rng, the "
            "argument (rng.uniform), not from the random module or numpy, so that one seed "
            "always makes the same network"
        )


def check_training_step(train_step: Callable, loss_and_accuracy: Callable) -> None:
    """Check the learner's ``train_step(model, X, Y, lr)``: one step of gradient descent.

    The step must compute the loss with ``loss_and_accuracy(model, X, Y)``, set every
    parameter's gradient to 0, run the backward pass, move every parameter by
    ``-lr * grad``, and return the loss and accuracy computed before the move. It is run twice
    on a small network of [`backprop.Value`][backprop.Value] weights, and the weights compared
    with two steps done here. The network starts with gradients left in ``p.grad``, as the lab's
    does after its step 7, so a step that zeroes them only after moving fails at once.

    Parameters
    ----------
    train_step : callable
        The learner's function.
    loss_and_accuracy : callable
        The lab's ``loss_and_accuracy(model, X, Y)``, returning a loss ``Value`` and a float.

    Raises
    ------
    ExerciseError
        If the weights after a step differ from gradient descent's, naming the slip where it
        recognises one (gradients not zeroed before the backward pass, a step up the gradient,
        the learning rate left out), if the step returns something other than the pair
        (loss, accuracy) with the loss a ``Value`` of the model it was given, or if it calls a
        method that ``backprop.Value`` has and the lab's ``Value`` does not (``zero_grad``).

    Examples
    --------
    >>> from backprop.exercises.autograd import check_training_step
    >>> def loss_and_accuracy(model, X, Y):
    ...     scores = [model([float(v) for v in row]) for row in X]
    ...     loss = sum(((s - y) * (s - y) for s, y in zip(scores, Y)), start=0.0)
    ...     return loss * (1 / len(Y)), 0.0
    >>> def train_step(model, X, Y, lr):  # forgets to set the gradients to 0
    ...     loss, accuracy = loss_and_accuracy(model, X, Y)
    ...     loss.backward()
    ...     for p in model.parameters():
    ...         p.data -= lr * p.grad
    ...     return loss, accuracy
    >>> check_training_step(train_step, loss_and_accuracy)
    Traceback (most recent call last):
    ...
    backprop.exercises.ExerciseError: after step 1 the weights differ from gradient
    descent's (by up to 0.47). p.grad still held gradients from an earlier
    backward() (this check's network starts with some, as the lab's does after step
    7), and the step added its own: set every p.grad to 0.0 before loss.backward(),
    not after the step.
    """
    _check_callable("train_step", train_step)
    _check_callable("loss_and_accuracy", loss_and_accuracy)
    X = np.array([[0.5, -1.0], [1.5, 0.3], [-0.7, 0.8], [0.1, 1.2], [-1.3, -0.4], [0.9, -0.6]])
    Y = np.array([1, 1, -1, -1, 1, -1])
    lr = 0.5
    model = _TinyNet()
    variants = {name: _TinyNet() for name in ("right", "no zero", "up", "no lr")}
    for net in (model, *variants.values()):
        net.leave_gradients()  # as an earlier backward() would: zeroing after a step is too late
    for step in (1, 2):
        before = model.weights()
        with _lab_methods_only():
            result = _call(
                f"train_step(model, X, Y, lr={lr}) (step {step})", train_step, model, X, Y, lr
            )
        want_loss = None
        for name, twin in variants.items():
            loss = _reference_step(twin, loss_and_accuracy, X, Y, lr, name)
            if name == "right":
                want_loss = loss
        if not isinstance(result, tuple) or len(result) != 2:
            raise ExerciseError(
                f"train_step returned {_describe(result)}; it should return the pair "
                "(loss, accuracy) computed before the step"
            )
        if hasattr(result[1], "data") and not hasattr(result[0], "data"):
            raise ExerciseError(
                f"train_step returned {_describe(result[0])} first and the loss Value second; "
                "return (loss, accuracy), in the order loss_and_accuracy gives them"
            )
        loss = _expect_loss(result[0])
        got = model.weights()
        want = variants["right"].weights()
        if np.allclose(got, before, rtol=0, atol=0):
            if all(p.grad == 0 for p in model.parameters()):
                raise ExerciseError(
                    f"after step {step} the weights have not moved, and every p.grad is 0: the "
                    "gradients were zero when you stepped. Set them to 0 before "
                    "loss.backward(), not between the backward pass and the step"
                )
            raise ExerciseError(
                f"after step {step} the weights have not moved: change p.data of every "
                "parameter in model.parameters() by -lr * p.grad"
            )
        if not np.allclose(got, want, rtol=1e-9, atol=1e-12):
            hint = ""
            for name, text in _STEP_HINTS.items():
                if np.allclose(got, variants[name].weights(), rtol=1e-9, atol=1e-12):
                    hint = " " + text
                    break
            still = (got == before) & (want != before)
            if not hint and still.any():
                hint = (
                    f" {int(still.sum())} of the {got.size} parameters did not move: step every "
                    "p in model.parameters()."
                )
            gap = float(np.max(np.abs(got - want)))
            raise ExerciseError(
                f"after step {step} the weights differ from gradient descent's (by up to "
                f"{gap:.2g}).{hint}"
            )
        if not _close(loss, want_loss):
            raise ExerciseError(
                f"train_step returned the loss {_fmt(loss)} at step {step}; it should return "
                f"the loss before the step, {_fmt(want_loss)}"
            )
        for twin in variants.values():  # every variant goes on from the right weights
            twin.set_weights(want)


# ---------------------------------------------------------------------------------- helpers


def _expect_loss(got: Any) -> float:
    """The number in the loss ``Value`` a training step returned, or what is wrong with it."""
    if isinstance(got, _Ref):
        return got.data
    if hasattr(got, "data"):
        raise ExerciseError(
            f"train_step returned a loss, {_describe(got)}, that is not made of the model it "
            "was given: use its arguments, model, X and Y, not the notebook's own model"
        )
    if isinstance(got, int | float) and not isinstance(got, bool):
        raise ExerciseError(
            f"train_step returned the loss as the number {_fmt(got)}; return the loss Value "
            "itself, as loss_and_accuracy gave it (the training loop reads loss.data)"
        )
    return _expect_number("the loss train_step returned", got)


# Methods of backprop.Value that the lab's Value does not have: a step that calls one passes
# on the check's network of backprop.Values, then fails on the learner's own.
_NOT_IN_THE_LAB = ("zero_grad", "exp", "log", "sigmoid", "graph")


@contextmanager
def _lab_methods_only() -> Iterator[None]:
    """While the learner's code runs, backprop.Value lacks what the lab's Value lacks."""

    def missing(name: str) -> Callable:
        def method(self: Any, *args: Any, **kwargs: Any) -> None:
            hint = ""
            if name == "zero_grad":
                hint = ": set p.grad = 0.0 for every p in model.parameters() instead"
            raise ExerciseError(
                f".{name}() is a method of the book's engine, backprop.Value, which this "
                f"check's network is made of; the Value you built has no {name}, so the "
                f"training below would fail{hint}"
            )

        return method

    saved = {name: _Ref.__dict__[name] for name in _NOT_IN_THE_LAB}
    try:
        for name in saved:
            setattr(_Ref, name, missing(name))
        yield
    finally:
        for name, method in saved.items():
            setattr(_Ref, name, method)


_STEP_HINTS = {
    "no zero": "p.grad still held gradients from an earlier backward() (this check's network "
    "starts with some, as the lab's does after step 7), and the step added its own: set every "
    "p.grad to 0.0 before loss.backward(), not after the step.",
    "up": "They moved up the gradient: descent subtracts, p.data -= lr * p.grad.",
    "no lr": "The learning rate was left out: p.data -= lr * p.grad.",
}


def _reference_step(model: Any, loss_and_accuracy: Callable, X: Any, Y: Any, lr: float, how: str):
    loss, _ = loss_and_accuracy(model, X, Y)
    if how != "no zero":
        for p in model.parameters():
            p.grad = 0.0
    loss.backward()
    step = {"up": -lr, "no lr": 1.0}.get(how, lr)
    for p in model.parameters():
        p.data -= step * p.grad
    return loss.data


class _TinyNet:
    """Two inputs, three tanh units, one linear output, of reference Values; fixed weights."""

    def __init__(self) -> None:
        rng = random.Random(0)
        self.hidden = [[_Ref(rng.uniform(-1, 1)) for _ in range(3)] for _ in range(3)]
        self.out = [_Ref(rng.uniform(-1, 1)) for _ in range(4)]

    def __call__(self, x: list[float]) -> _Ref:
        h = [(w[0] * x[0] + w[1] * x[1] + w[2]).tanh() for w in self.hidden]
        return self.out[0] * h[0] + self.out[1] * h[1] + self.out[2] * h[2] + self.out[3]

    def parameters(self) -> list[_Ref]:
        return [p for w in self.hidden for p in w] + self.out

    def weights(self) -> np.ndarray:
        return np.array([p.data for p in self.parameters()])

    def leave_gradients(self) -> None:
        """Gradients in every ``p.grad``, as a backward pass before the first step leaves them."""
        rng = random.Random(1)
        for p in self.parameters():
            p.grad = rng.uniform(-1, 1)

    def set_weights(self, values: np.ndarray) -> None:
        for p, v in zip(self.parameters(), values, strict=True):
            p.data = float(v)  # the gradients stay: a step that forgets to zero them shows


class _Graph:
    """A graph of reference Values to check a walk on, with a name for every node."""

    def __init__(self, name: str, at: str, build: Callable[[], tuple]) -> None:
        self.name, self.at, self._build = name, at, build
        self.out, self.inputs, self.input_names, self.names = self._make()

    def _make(self) -> tuple:
        out, inputs, names, *named = self._build()  # then (node, name) pairs for inner nodes
        labels = {id(node): name for node, name in zip(inputs, names, strict=True)}
        labels.update({id(node): name for node, name in named})
        for node in out.topological_order():
            labels.setdefault(id(node), f"the node {node.op or 'const'} ({_fmt(node.data)})")
        return out, inputs, list(names), labels

    def build(self) -> _Graph:
        return _Graph(self.name, self.at, self._build)


def _graphs(deep: bool) -> list[_Graph]:
    def product() -> tuple:
        x, y = _Ref(2.0), _Ref(3.0)
        return x * y, (x, y), ("x", "y")

    def reuse() -> tuple:
        x, y = _Ref(2.0), _Ref(3.0)
        q = x * y
        return q + x, (x, y), ("x", "y"), (q, "x*y")

    def mixed() -> tuple:
        x, y = _Ref(0.3), _Ref(1.1)
        return (x * y + 2 * x).tanh() - 3 * (y - x).relu() + x * y * y, (x, y), ("x", "y")

    def shared() -> tuple:  # a*2, listed after a, needs a: a walk must finish a first
        x, y = _Ref(2.0), _Ref(3.0)
        a = x * y
        twice = a * 2
        return a + twice, (x, y), ("x", "y"), (a, "a"), (twice, "a*2")

    cases = [
        _Graph("z = x*y", "x=2.0, y=3.0", product),
        _Graph("z = x*y + x", "x=2.0, y=3.0", reuse),
        _Graph("f = tanh(x*y + 2*x) - 3*relu(y - x) + x*y*y", "x=0.3, y=1.1", mixed),
        _Graph("z = a + a*2 with a = x*y", "x=2.0, y=3.0", shared),
    ]
    if deep:
        depth = max(3000, 2 * sys.getrecursionlimit())

        def chain() -> tuple:
            x = y = _Ref(0.5)
            for _ in range(depth):
                y = y * 1.0
            return y, (x,), ("x",)

        cases.append(_Graph(f"a chain of {depth:,} multiplications", "x=0.5", chain))
    return cases


def _call_at_the_same_limit(what: str, f: Callable, *args: Any) -> Any:
    """``_call``, then a failure if ``f`` changed the recursion limit (which is set back)."""
    limit = sys.getrecursionlimit()
    try:
        result = _call(what, f, *args)
    finally:
        changed = sys.getrecursionlimit()
        sys.setrecursionlimit(limit)
    if changed != limit:
        raise ExerciseError(
            f"{what} changed Python's recursion limit from {limit:,} to {changed:,} "
            "(it is set back now); a raised limit only moves the wall, which a deeper graph "
            "hits again, and a deep recursion through C code can crash the interpreter: walk "
            "the graph with a loop and a list as a stack instead"
        )
    return result


def _backward_hint(case: _Graph, got: list[float]) -> str:
    """Name the slip whose result the learner's gradients match, if any."""
    for how, text in _BACKWARD_SLIPS.items():
        twin = case.build()
        order = twin.out.topological_order()
        if how != "no seed":
            twin.out.grad = 1.0
        walk = order if how == "forward" else reversed(order)
        for node in walk:
            for parent, local in zip(node.parents, node.local_grads, strict=True):
                if how == "assign":
                    parent.grad = local * node.grad
                elif how == "no local":
                    parent.grad += node.grad
                else:
                    parent.grad += local * node.grad
        if all(_close(g, n.grad) for g, n in zip(got, twin.inputs, strict=True)):
            return " " + text
    return ""


_BACKWARD_SLIPS = {
    "no seed": "Every gradient stayed 0: set the output's own grad to 1.0 (dz/dz) first.",
    "assign": "A node used more than once must add up (+=) what each use sends back; you "
    "assigned (=) instead.",
    "forward": "The walk went from the inputs to the output: go through the order reversed, "
    "output first, so that a node has all of its gradient before passing it on.",
    "no local": "Each edge passed the upstream gradient on unchanged: multiply it by the "
    "edge's local gradient.",
}


def _check_class(cls: Any, name: str = "Value") -> None:
    if not isinstance(cls, type):
        raise ExerciseError(
            f"{name} should be the class you wrote (without calling it), got {_describe(cls)}"
        )


def _attribute(obj: Any, name: str, what: str) -> Any:
    try:
        return getattr(obj, name)
    except AttributeError:
        raise ExerciseError(
            f"{what} has no attribute {name}: set self.{name} in __init__"
        ) from None


def _stand_in_init(self: Any, data: float, parents: tuple = (), local_grads: tuple = ()) -> None:
    self.data = float(data)
    self.grad = 0.0
    self.parents = parents
    self.local_grads = local_grads


@contextmanager
def _usable(Value: type) -> Iterator[None]:
    """The learner's class, with a stand-in constructor while theirs raises NotImplementedError."""
    _check_class(Value)
    try:
        Value(1.0)
    except NotImplementedError:
        pass
    except Exception:  # their constructor runs but is wrong: the operation's check will show it
        yield
        return
    else:
        yield
        return
    own = Value.__dict__.get("__init__")
    Value.__init__ = _stand_in_init
    try:
        yield
    finally:
        if own is None:
            del Value.__init__
        else:
            Value.__init__ = own


def _expect_value(got: Any, Value: type, what: str, at: str) -> Any:
    if isinstance(got, Value):
        return got
    if got is None:
        raise ExerciseError(
            f"{what} returned None at {at}; it should return a new Value (did you forget `return`?)"
        )
    if isinstance(got, int | float):
        raise ExerciseError(
            f"{what} returned {_describe(got)} at {at}; it should return a new Value that "
            "remembers its parents and local gradients, not a plain number"
        )
    raise ExerciseError(f"{what} returned {_describe(got)} at {at}; it should return a new Value")


def _as_tuple(got: Any, what: str, want: str, kind: str) -> tuple:
    """``got`` as a tuple, or one sentence saying it is not one.

    The usual slip is a missing comma: ``(self)`` is ``self`` in brackets, not a tuple of one.
    """
    if isinstance(got, tuple | list):
        return tuple(got)
    text = f"{what} are {_describe(got)}, not a tuple; they should be {want}, a tuple of {kind}"
    if want.endswith(",)") and (hasattr(got, "data") or isinstance(got, int | float)):
        written = "(self,)" if want == "(x,)" else want
        text += f": write {written} with its comma (without it, the brackets only group)"
    raise ExerciseError(text)


def _local_number(what: str, got: Any) -> float:
    """A local gradient as a float: a bool counts too (``(x > 0,)`` is a relu's 1 or 0)."""
    if isinstance(got, bool):
        return float(got)
    return _expect_number(what, got)


def _check_binary(
    name: str,
    symbol: str,
    f: Callable,
    Value: type,
    forward: Callable[[float, float], float],
    local: Callable[[float, float], tuple[float, float]],
    formulas: tuple[str, str],
    hints: dict[str, str],
) -> None:
    _check_callable(name, f)
    with _usable(Value):
        for a, b in [(2.0, 3.0), (-1.5, 0.25), (0.5, -4.0)]:
            at = f"x={_fmt(a)}, y={_fmt(b)}"
            x, y = Value(a), Value(b)
            z = _expect_value(_call(f"{name}(x, y)", f, x, y), Value, f"{name}(x, y)", at)
            if z is x or z is y:
                raise ExerciseError(
                    f"{name}(x, y) returned one of its inputs; it should return a new Value"
                )
            if not _close(z.data, forward(a, b)):
                raise ExerciseError(
                    f"x{symbol}y came out {_fmt(z.data)} at {at}; it should be "
                    f"{_fmt(forward(a, b))}"
                )
            parents = _as_tuple(z.parents, f"the parents of x{symbol}y", "(x, y)", "two Values")
            # (y, x) works as well as (x, y), as long as the local gradients pair up with it
            if len(parents) != 2 or {id(p) for p in parents} != {id(x), id(y)}:
                raise ExerciseError(
                    f"the parents of x{symbol}y should be (x, y), the two Values it was made "
                    f"from; got {_describe(parents)}"
                )
            grads = _as_tuple(
                z.local_grads, f"the local gradients of x{symbol}y", "(gx, gy)", "two numbers"
            )
            if len(grads) != 2:
                raise ExerciseError(
                    f"x{symbol}y has {len(grads)} local gradients; it should have 2, one per parent"
                )
            values = {"x": a, "y": b, "1": 1.0}
            for i, var in enumerate("xy"):
                want = local(a, b)[i]
                j = 0 if parents[0] is (x, y)[i] else 1  # where the learner put this parent
                got = _local_number(f"the local gradient d(x{symbol}y)/d{var}", grads[j])
                if not _close(got, want):
                    hint = ""
                    for key, text in hints.items():
                        if _close(got, values[key]) and not _close(values[key], want):
                            hint = " " + text
                    raise ExerciseError(
                        f"d(x{symbol}y)/d{var} came out {_fmt(got)} at {at}; it should be "
                        f"{formulas[i]} = {_fmt(want)}"
                        + (" (the other input's value)" if formulas[i] in "xy" else "")
                        + f".{hint}"
                    )
        x = Value(2.0)
        what = f"{name}(x, 4.0)"
        try:
            z = _call(what, f, x, 4.0)
        except ExerciseError as err:
            raise ExerciseError(
                f"{err} (a plain number must be wrapped in a Value first: other = as_value(other))"
            ) from err
        z = _expect_value(z, Value, what, "x=2.0")
        parents = _as_tuple(z.parents, f"the parents of {what}", "(x, other)", "two Values")
        other = [p for p in parents if p is not x]
        if not _close(z.data, forward(2.0, 4.0)) or not (
            len(other) == 1 and isinstance(other[0], Value) and _close(other[0].data, 4.0)
        ):
            raise ExerciseError(
                f"{what} should give a Value of {_fmt(forward(2.0, 4.0))} whose parents are x "
                "and the Value 4.0: wrap a plain number with as_value(other)"
            )


def _check_unary(
    name: str,
    f: Callable,
    Value: type,
    cases: list[float],
    forward: Callable[[float], float],
    local: Callable[[float], float],
    formula: Callable[[float], str],
    hints: Callable[[float, float], str],
) -> None:
    _check_callable(name, f)
    with _usable(Value):
        for a in cases:
            at = f"x={_fmt(a)}"
            x = Value(a)
            z = _expect_value(_call(f"{name}(x)", f, x), Value, f"{name}(x)", at)
            if z is x:
                raise ExerciseError(
                    f"{name}(x) returned x itself at {at}; it should return a new Value "
                    "whose parent is x"
                )
            if not _close(z.data, forward(a)):
                raise ExerciseError(
                    f"{name}(x) came out {_fmt(z.data)} at {at}; it should be {_fmt(forward(a))}"
                )
            parents = _as_tuple(z.parents, f"the parents of {name}(x)", "(x,)", "one Value")
            if len(parents) != 1 or parents[0] is not x:
                raise ExerciseError(
                    f"the parents of {name}(x) should be (x,), a tuple of the one Value it was "
                    f"made from; got {_describe(parents)}"
                )
            grads = _as_tuple(
                z.local_grads, f"the local gradients of {name}(x)", "(g,)", "one number"
            )
            if len(grads) != 1:
                raise ExerciseError(
                    f"{name}(x) has {len(grads)} local gradients; it should have 1, a tuple "
                    "like (g,)"
                )
            got = _local_number(f"the local gradient of {name}(x)", grads[0])
            if not _close(got, local(a)):
                raise ExerciseError(
                    f"d {name}(x)/dx came out {_fmt(got)} at {at}; it should be "
                    f"{formula(a)}.{hints(a, got)}"
                )
