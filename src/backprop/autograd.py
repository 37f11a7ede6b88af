"""Scalar reverse-mode automatic differentiation: the ``Value`` class.

Every arithmetic operation on a [`Value`][] builds a new ``Value`` that remembers

* ``parents``: the nodes it was computed from,
* ``local_grads``: the derivative of the result with respect to each parent, worked out in the
  forward pass (for ``z = x * y`` they are ``(y, x)``),
* ``op``: the name of the operation, for printing and drawing.

Together the nodes form a computational graph. [`Value.backward`][] puts the graph in
topological order (inputs before the results made from them) and walks it backwards, applying
the chain rule at every edge, ``parent.grad += local * node.grad``: the upstream gradient times
the local one, added up over the uses of the parent.

```python
from backprop import Value

x, y = Value(2.0, label="x"), Value(-3.0, label="y")
z = x * y + y  # y is used twice
z.backward()
print(x.grad, y.grad)  # dz/dx = y, dz/dy = x + 1
```

Three choices differ from micrograd, whose shape this follows. The graph is ordered with an
explicit stack, not recursion, so a chain of a million operations works. A node stores
numbers, not a closure that captures the node itself, so the graph holds no reference cycles
and is freed as soon as the last name pointing at it goes away. And ``backward`` walks from
zero and adds the earlier gradients back, so a second call adds exactly the same gradients
again, where micrograd's inflates the inner nodes, and through them the inputs and weights.
"""

from __future__ import annotations

import math
from typing import Any

from backprop._checks import check_number

__all__ = ["Value"]


def _finite_number(name: str, x: Any) -> float:
    """Return ``x`` as a float if it is a finite number, else raise naming ``name``."""
    number = check_number(name, x)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be finite, got {x!r}")
    return number


def _overflow(op: str, parents: tuple[Value, ...]) -> str:
    """``"1e+200 * 1e+200 overflows float64"``: which operation ran past the largest float."""
    args = [repr(p.data) for p in parents]
    text = f" {op} ".join(args) if len(args) == 2 else f"{op}({', '.join(args)})"
    return f"{text} overflows float64"


class Value:
    """A scalar that remembers how it was computed, so that it can be differentiated.

    The operations fill in ``parents``, ``local_grads`` and ``op``; you give ``data`` and,
    if you like, a ``label``.

    Operations: ``+``, ``-``, ``*`` and ``/`` with a ``Value`` or a plain number on either side,
    unary ``-``, ``x ** n`` for a plain number ``n``, and the methods [`exp`][], [`log`][],
    [`tanh`][], [`sigmoid`][] and [`relu`][]. A ``Value`` as exponent (``x ** y``, ``2 ** x``)
    raises ``TypeError``, naming how to write it with ``exp`` and ``log``.

    Parameters
    ----------
    data : float
        The number. Must be finite.
    parents : tuple of Value, optional
        The nodes it was computed from; empty (the default) for an input.
    local_grads : tuple of float, optional
        The derivative of this node with respect to each parent, in the same order.
    op : str, optional
        The operation that made it (``"*"``, ``"tanh"``, ...); ``""`` for an input.
    label : str, optional
        A name to show in [`graph`][] and in ``repr``.

    Attributes
    ----------
    data : float
        The number.
    grad : float
        The derivative of the node [`backward`][] was called on with respect to this one;
        0 until then. Gradients accumulate over calls, like PyTorch's: see [`zero_grad`][].
    op, parents, local_grads, label
        As given to the constructor.

    Raises
    ------
    TypeError
        If ``data`` is not a number (a bool, a string, a numpy array), or ``label`` is not a
        string.
    ValueError
        If ``data`` is nan or infinite.
    OverflowError
        If an operation's result runs past the largest float64 (about 1.8e308), naming the
        operation: ``Value(1e200) * Value(1e200)`` raises
        ``OverflowError: 1e+200 * 1e+200 overflows float64``. [`exp`][] and ``**`` say so too.
    ZeroDivisionError
        From ``x / 0`` and ``0 ** -1``.

    Examples
    --------
    >>> from backprop import Value
    >>> x = Value(2.0, label="x")
    >>> y = Value(3.0, label="y")
    >>> z = x * y + x
    >>> z
    Value(data=8.0, grad=0.0)
    >>> z.backward()
    >>> x.grad, y.grad        # dz/dx = y + 1, dz/dy = x
    (4.0, 2.0)
    >>> w = 1 - 2 / y         # plain numbers work on either side of + - * /
    >>> round(w.data, 4)
    0.3333
    """

    __slots__ = ("data", "grad", "label", "local_grads", "op", "parents")

    def __init__(
        self,
        data: float,
        parents: tuple[Value, ...] = (),
        local_grads: tuple[float, ...] = (),
        op: str = "",
        label: str = "",
    ) -> None:
        if type(data) is not float or not math.isfinite(data):  # cheap for what operations make
            if parents and isinstance(data, float):  # an operation's result ran past float64
                raise OverflowError(_overflow(op, parents))
            data = _finite_number("data", data)
        if type(label) is not str:
            raise TypeError(f"label must be a string, got {label!r} of type {type(label).__name__}")
        self.data = data
        self.grad = 0.0
        self.parents = parents
        self.local_grads = local_grads
        self.op = op
        self.label = label

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data!r}, grad={self.grad!r}{label})"

    # Arithmetic. Each method computes the result and its local derivatives, nothing more.

    def __add__(self, other: Value | float) -> Value:
        if not isinstance(other, Value):
            other = Value(_finite_number("the other operand of +", other))
        return Value(self.data + other.data, (self, other), (1.0, 1.0), "+")

    def __sub__(self, other: Value | float) -> Value:
        if not isinstance(other, Value):
            other = Value(_finite_number("the other operand of -", other))
        return Value(self.data - other.data, (self, other), (1.0, -1.0), "-")

    def __mul__(self, other: Value | float) -> Value:
        if not isinstance(other, Value):
            other = Value(_finite_number("the other operand of *", other))
        return Value(self.data * other.data, (self, other), (other.data, self.data), "*")

    def __truediv__(self, other: Value | float) -> Value:
        if not isinstance(other, Value):
            other = Value(_finite_number("the other operand of /", other))
        a, b = self.data, other.data
        if b == 0.0:
            raise ZeroDivisionError(f"cannot divide {a!r} by zero")
        q = a / b
        # -q / b, not -a / (b * b): b * b loses digits for |b| < 1.5e-154, is 0 below 2.3e-162
        return Value(q, (self, other), (1.0 / b, -q / b), "/")

    def __pow__(self, exponent: float) -> Value:
        """Raise to a constant power: ``d(x ** n)/dx = n * x ** (n - 1)``.

        Examples
        --------
        >>> from backprop import Value
        >>> x = Value(3.0)
        >>> y = x**2
        >>> y.backward()
        >>> y.data, x.grad
        (9.0, 6.0)
        """
        if isinstance(exponent, Value):
            raise TypeError(
                f"exponent must be a number, got {exponent!r}: Value powers are unsupported, "
                "write x ** y as (y * x.log()).exp() with exp/log"
            )
        n = _finite_number("exponent", exponent)
        a = self.data
        if a < 0.0 and not n.is_integer():
            raise ValueError(f"cannot raise negative value {a!r} to non-integer power {n:g}")
        if a == 0.0 and n < 0.0:
            raise ZeroDivisionError(f"cannot raise 0.0 to negative power {n:g}")
        try:
            if n == 0.0:
                local = 0.0
            elif a == 0.0 and n < 1.0:
                local = math.inf  # the slope of x**0.5 at 0 is infinite, as in PyTorch
            else:
                local = n * a ** (n - 1.0)
            data = a**n
        except OverflowError:
            raise OverflowError(f"{a!r} ** {n:g} overflows float64") from None
        return Value(data, (self,), (local,), f"**{n:g}")

    def __neg__(self) -> Value:
        return Value(-self.data, (self,), (-1.0,), "neg")

    # A plain number on the left: ``3 + v``, ``1 - v``, ``2 * v``, ``2 / v``.

    def __radd__(self, other: float) -> Value:
        return Value(_finite_number("the other operand of +", other)) + self

    def __rsub__(self, other: float) -> Value:
        return Value(_finite_number("the other operand of -", other)) - self

    def __rmul__(self, other: float) -> Value:
        return Value(_finite_number("the other operand of *", other)) * self

    def __rtruediv__(self, other: float) -> Value:
        return Value(_finite_number("the other operand of /", other)) / self

    def __rpow__(self, base: float) -> Value:
        raise TypeError(
            f"exponent must be a number, got {self!r}: Value powers are unsupported, "
            "write c ** x as (x * math.log(c)).exp() with exp"
        )

    # Functions of one variable.

    def exp(self) -> Value:
        """Return ``e ** self``; its derivative is itself.

        Raises
        ------
        OverflowError
            If ``data > 709.78``, where ``e ** data`` passes the largest float64.

        Examples
        --------
        >>> from backprop import Value
        >>> x = Value(0.0)
        >>> y = x.exp()
        >>> y.backward()
        >>> y.data, x.grad
        (1.0, 1.0)
        """
        try:
            e = math.exp(self.data)
        except OverflowError:
            raise OverflowError(f"exp({self.data!r}) overflows float64") from None
        return Value(e, (self,), (e,), "exp")

    def log(self) -> Value:
        """Return the natural logarithm; its derivative is ``1 / self``. Needs ``data > 0``.

        Raises
        ------
        ValueError
            If ``data <= 0``: ``log needs a value > 0, got 0.0``.

        Examples
        --------
        >>> from backprop import Value
        >>> x = Value(2.0)
        >>> y = x.log()
        >>> y.backward()
        >>> round(y.data, 4), x.grad
        (0.6931, 0.5)
        """
        a = self.data
        if a <= 0.0:
            raise ValueError(f"log needs a value > 0, got {a!r}")
        return Value(math.log(a), (self,), (1.0 / a,), "log")

    def tanh(self) -> Value:
        """Return the hyperbolic tangent; its derivative is ``1 - tanh**2``.

        Examples
        --------
        >>> from backprop import Value
        >>> x = Value(0.0)
        >>> y = x.tanh()
        >>> y.backward()
        >>> y.data, x.grad
        (0.0, 1.0)
        """
        t = math.tanh(self.data)
        return Value(t, (self,), (1.0 - t * t,), "tanh")

    def sigmoid(self) -> Value:
        """Return ``1 / (1 + e ** -self)``; its derivative is ``sigmoid * (1 - sigmoid)``.

        Examples
        --------
        >>> from backprop import Value
        >>> x = Value(0.0)
        >>> y = x.sigmoid()
        >>> y.backward()
        >>> y.data, x.grad
        (0.5, 0.25)
        """
        a = self.data
        if a >= 0.0:
            s = 1.0 / (1.0 + math.exp(-a))
        else:  # the same number, written so that exp cannot overflow
            e = math.exp(a)
            s = e / (1.0 + e)
        return Value(s, (self,), (s * (1.0 - s),), "sigmoid")

    def relu(self) -> Value:
        """Return ``max(0, self)``; its derivative is 1 where ``data > 0``, else 0.

        Like a max gate, it sends the whole upstream gradient to the winner: to ``self`` if it
        is above 0, else nowhere.

        Examples
        --------
        >>> from backprop import Value
        >>> x, y = Value(-2.0), Value(3.0)
        >>> z = x.relu() + y.relu()
        >>> z.backward()
        >>> z.data, x.grad, y.grad
        (3.0, 0.0, 1.0)
        """
        if self.data > 0.0:
            return Value(self.data, (self,), (1.0,), "relu")
        return Value(0.0, (self,), (0.0,), "relu")

    # The graph.

    def topological_order(self) -> list[Value]:
        """Return every node this one depends on, inputs first and ``self`` last.

        A depth-first search with an explicit stack: no recursion, so any depth works. A node
        is appended once all its parents are; a node used twice appears once.

        Examples
        --------
        >>> from backprop import Value
        >>> x = Value(2.0, label="x")
        >>> y = x * x
        >>> [v.op or v.label for v in y.topological_order()]
        ['x', '*']
        """
        order = []
        seen = {self}
        # each node, with the parents it has yet to visit
        stack = [(self, iter(self.parents))]
        while stack:
            node, todo = stack[-1]
            for parent in todo:
                if parent not in seen:  # go deeper first
                    seen.add(parent)
                    stack.append((parent, iter(parent.parents)))
                    break
            else:  # no parents left to visit: all are in order, so the node goes next
                stack.pop()
                order.append(node)
        return order

    def backward(self) -> None:
        """Add ``d self / d node`` to the ``grad`` of every node in the graph.

        Starts from ``d self / d self = 1``, then visits the nodes from the output back to the
        inputs and passes each node's gradient to its parents by the chain rule. What this call
        computes is *added* to each ``grad``, this node's own included (its ``grad`` goes up
        by 1): calling it twice doubles every ``grad``. Call [`zero_grad`][] in between to
        start again.

        Examples
        --------
        >>> from backprop import Value
        >>> x = Value(3.0)
        >>> y = x * x  # x used twice: both contributions add up, dy/dx = 2x
        >>> y.backward()
        >>> x.grad
        6.0
        >>> y.backward()      # accumulates, in y itself too
        >>> x.grad, y.grad
        (12.0, 2.0)
        """
        order = self.topological_order()
        # Walk from zero, or each node would pass on what an earlier call left in its grad;
        # the earlier gradients are added back at the end, so that gradients accumulate.
        earlier = [node.grad for node in order]
        for node in order:
            node.grad = 0.0
        self.grad = 1.0  # d(self)/d(self)
        for node in reversed(order):  # the output first, the inputs last
            for parent, local in zip(node.parents, node.local_grads, strict=True):
                parent.grad += local * node.grad  # upstream times local, summed over uses
        for node, grad in zip(order, earlier, strict=True):
            node.grad += grad

    def zero_grad(self) -> None:
        """Set ``grad`` to 0 on this node and every node it depends on.

        Examples
        --------
        >>> from backprop import Value
        >>> x = Value(3.0)
        >>> y = 2 * x
        >>> y.backward()
        >>> y.zero_grad()
        >>> x.grad
        0.0
        """
        for node in self.topological_order():
            node.grad = 0.0

    def graph(self) -> dict[str, list[dict[str, Any]]]:
        """Return the graph as plain lists and dicts, ready for ``json.dumps``.

        Nodes come in topological order and their ``id`` is their position in it. There is an
        edge from each parent to its child, twice if a node is used twice (as in ``x * x``).

        Returns
        -------
        dict
            ``{"nodes": [{"id", "label", "op", "data", "grad"}, ...],
            "edges": [{"source", "target", "local"}, ...]}``

        Examples
        --------
        >>> from backprop import Value
        >>> x = Value(2.0, label="x")
        >>> y = (x * 3).tanh()
        >>> g = y.graph()
        >>> [(n["id"], n["op"] or n["label"] or n["data"]) for n in g["nodes"]]
        [(0, 'x'), (1, 3.0), (2, '*'), (3, 'tanh')]
        >>> [(e["source"], e["target"]) for e in g["edges"]]
        [(0, 2), (1, 2), (2, 3)]
        >>> g["edges"][0]["local"]  # d(x * 3)/dx
        3.0
        """
        order = self.topological_order()
        index = {node: i for i, node in enumerate(order)}
        nodes = [
            {"id": i, "label": v.label, "op": v.op, "data": v.data, "grad": v.grad}
            for i, v in enumerate(order)
        ]
        edges = [
            {"source": index[p], "target": i, "local": local}
            for i, v in enumerate(order)
            for p, local in zip(v.parents, v.local_grads, strict=True)
        ]
        return {"nodes": nodes, "edges": edges}
