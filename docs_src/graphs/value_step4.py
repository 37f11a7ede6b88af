# Step 4: the other operations, and gradients that add up over calls.
# This is backprop.Value without its input checks.
import math


class Value:
    # smaller, faster nodes
    __slots__ = ("data", "grad", "label", "local_grads", "op", "parents")

    def __init__(self, data, parents=(), local_grads=(), op="", label=""):
        self.data = float(data)
        self.grad = 0.0
        self.parents = parents
        self.local_grads = local_grads
        self.op = op
        self.label = label

    def __repr__(self):
        return f"Value(data={self.data!r}, grad={self.grad!r})"

    # Two inputs; a plain number becomes a Value with no parents (a constant).
    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data + other.data, (self, other), (1.0, 1.0), "+")

    def __sub__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data - other.data, (self, other), (1.0, -1.0), "-")

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(
            self.data * other.data, (self, other), (other.data, self.data), "*"
        )

    def __truediv__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        a, b = self.data, other.data
        q = a / b  # d(a/b)/db = -a/b**2 = -q/b, which stays exact for tiny b
        return Value(q, (self, other), (1.0 / b, -q / b), "/")

    def __radd__(self, other):  # 3 + v
        return Value(other) + self

    def __rsub__(self, other):
        return Value(other) - self

    def __rmul__(self, other):
        return Value(other) * self

    def __rtruediv__(self, other):
        return Value(other) / self

    # One input.
    def __pow__(self, n):  # n is a plain number
        n = float(n)
        a = self.data
        if a < 0.0 and not n.is_integer():
            raise ValueError(
                f"cannot raise negative value {a!r} to non-integer power {n:g}"
            )
        if n == 0.0:
            local = 0.0  # x**0 is 1 everywhere: flat, even at 0
        elif a == 0.0 and n < 1.0:
            # x**0.5 is vertical at 0 (and 0**-1 raises, as in Python)
            local = math.inf
        else:
            local = n * a ** (n - 1.0)
        return Value(a**n, (self,), (local,), f"**{n:g}")

    def __neg__(self):
        return Value(-self.data, (self,), (-1.0,), "neg")

    def exp(self):
        e = math.exp(self.data)
        return Value(e, (self,), (e,), "exp")

    def log(self):
        return Value(math.log(self.data), (self,), (1.0 / self.data,), "log")

    def tanh(self):
        t = math.tanh(self.data)
        return Value(t, (self,), (1.0 - t * t,), "tanh")

    def sigmoid(self):
        a = self.data
        if a >= 0.0:
            s = 1.0 / (1.0 + math.exp(-a))
        else:  # the same number, written so that exp cannot overflow
            e = math.exp(a)
            s = e / (1.0 + e)
        return Value(s, (self,), (s * (1.0 - s),), "sigmoid")

    def relu(self):
        if self.data > 0.0:
            return Value(self.data, (self,), (1.0,), "relu")
        return Value(0.0, (self,), (0.0,), "relu")

    # The graph: the same walk as step 3.
    def topological_order(self):
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
            else:
                # no parents left to visit: the node goes next
                stack.pop()
                order.append(node)
        return order

    def backward(self):
        order = self.topological_order()
        # Walk from zero, or each node would pass on what an earlier call
        # left in its grad; the earlier gradients are added back at the end,
        # so that gradients accumulate.
        earlier = [node.grad for node in order]
        for node in order:
            node.grad = 0.0
        self.grad = 1.0  # d(self)/d(self)
        for node in reversed(order):  # the output first, the inputs last
            for parent, local in zip(
                node.parents, node.local_grads, strict=True
            ):
                # upstream times local, summed over uses
                parent.grad += local * node.grad
        for node, grad in zip(order, earlier, strict=True):
            node.grad += grad

    def zero_grad(self):
        for node in self.topological_order():
            node.grad = 0.0


x, y, t = Value(2.0, label="x"), Value(-3.0, label="y"), Value(-7.0, label="t")
L = (x * y + y - t) ** 2
L.backward()
print(f"L = {L.data}, dL/dx = {x.grad}, dL/dy = {y.grad}, dL/dt = {t.grad}")
# the hand calculation
assert (L.data, x.grad, y.grad, t.grad) == (4.0, 12.0, -12.0, 4.0)
L.backward()  # a second call adds the same gradients again
print(f"after a second backward(): dL/dx = {x.grad}")
assert x.grad == 2 * 12.0
L.zero_grad()
print(f"after zero_grad(): dL/dx = {x.grad}")
assert x.grad == 0.0
