"""Forward-mode automatic differentiation: the ``Dual`` number.

A [`Dual`][] carries a value and its **tangent**, the derivative of that value along one chosen
direction of the inputs. Each operation updates both by the rules of calculus, so evaluating a
function on duals gives its value and one directional derivative in a single pass, with no graph.
Seeding the tangent 1 on one input and 0 on the others gives the partial derivative with respect
to that input: a gradient of ``n`` inputs takes ``n`` passes, where reverse mode
([`Value`][backprop.autograd.Value]) takes one backward pass.

```python
from backprop.forward import Dual

x = Dual(3.0, 1.0)  # differentiate with respect to x: its tangent is 1
y = x * x + 2 * x
print(y.value, y.dot)  # x**2 + 2x = 15, and its derivative 2x + 2 = 8
```
"""

from __future__ import annotations

import math

from backprop._checks import check_number

__all__ = ["Dual"]


class Dual:
    """A number ``value`` and its tangent ``dot`` (a directional derivative).

    Operations: ``+``, ``-`` and ``*`` with a ``Dual`` or a plain number on
    either side, unary ``-``, and the methods [`tanh`][] and [`exp`][]. There
    is no division and no power (``x / 2``, ``x ** 2`` raise ``TypeError``):
    write ``x * 0.5`` and ``x * x``.

    Parameters
    ----------
    value : float
        The number.
    dot : float, optional
        The tangent: 0 (the default) for a constant, 1 for the variable.

    Examples
    --------
    >>> from backprop.forward import Dual
    >>> x = Dual(0.0, 1.0)
    >>> y = (2 * x).tanh() + 1
    >>> y.value, y.dot   # tanh(0) + 1, and 2 * (1 - tanh(0)**2)
    (1.0, 2.0)
    """

    __slots__ = ("dot", "value")

    def __init__(self, value: float, dot: float = 0.0) -> None:
        self.value = check_number("value", value)
        self.dot = check_number("dot", dot)

    def __repr__(self) -> str:
        return f"Dual(value={self.value!r}, dot={self.dot!r})"

    def __add__(self, other: Dual | float) -> Dual:
        other = other if isinstance(other, Dual) else Dual(other)
        return Dual(self.value + other.value, self.dot + other.dot)

    def __sub__(self, other: Dual | float) -> Dual:
        other = other if isinstance(other, Dual) else Dual(other)
        return Dual(self.value - other.value, self.dot - other.dot)

    def __mul__(self, other: Dual | float) -> Dual:
        other = other if isinstance(other, Dual) else Dual(other)
        # the product rule
        dot = self.dot * other.value + self.value * other.dot
        return Dual(self.value * other.value, dot)

    def __neg__(self) -> Dual:
        return Dual(-self.value, -self.dot)

    def __radd__(self, other: float) -> Dual:  # 3 + x
        return Dual(other) + self

    def __rsub__(self, other: float) -> Dual:
        return Dual(other) - self

    def __rmul__(self, other: float) -> Dual:
        return Dual(other) * self

    def tanh(self) -> Dual:
        """The hyperbolic tangent; its own tangent is ``(1 - tanh**2) * dot``.

        Examples
        --------
        >>> from backprop.forward import Dual
        >>> Dual(0.0, 3.0).tanh()
        Dual(value=0.0, dot=3.0)
        """
        t = math.tanh(self.value)
        return Dual(t, (1.0 - t * t) * self.dot)

    def exp(self) -> Dual:
        """Return ``e ** self``; its tangent is ``e ** value * dot``.

        Examples
        --------
        >>> from backprop.forward import Dual
        >>> Dual(0.0, 2.0).exp()
        Dual(value=1.0, dot=2.0)
        """
        e = math.exp(self.value)
        return Dual(e, e * self.dot)
