# Three ways to walk the graph of z = a + a*a, with a = x*y.
# Only the last one is right.
from collections import deque

from backprop import Value
from backprop.calculus import gradient


def build():
    x, y = Value(2.0, label="x"), Value(-3.0, label="y")
    a = x * y
    b = a * a
    z = a + b  # a is used three times: twice by b, once by z
    return x, y, z


def overwrite(z):
    """Topological order, but '=', not '+=': a node keeps only its last use."""
    z.grad = 1.0
    for node in reversed(z.topological_order()):
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            parent.grad = local * node.grad


def breadth_first(z):
    """Accumulates, but visits a node before all its uses have reported."""
    z.grad = 1.0
    queue, done = deque([z]), set()
    while queue:
        node = queue.popleft()
        if node in done:
            continue
        done.add(node)
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            parent.grad += local * node.grad
            queue.append(parent)


def topological(z):
    """The engine's walk: reverse topological order, accumulating with '+='."""
    z.backward()


found = {}
for walk in (overwrite, breadth_first, topological):
    x, y, z = build()
    walk(z)
    found[walk.__name__] = (x.grad, y.grad)
    print(f"{walk.__name__:>13}: dz/dx = {x.grad:6.1f}, dz/dy = {y.grad:6.1f}")


def f(v):
    a = v[0] * v[1]
    return a + a * a


numeric = gradient(f, [2.0, -3.0])
print(f"{'numeric':>13}: dz/dx = {numeric[0]:6.1f}, dz/dy = {numeric[1]:6.1f}")

# What the page says about each walk: 33 and -22 are right
# (dz/da = 1 + 2a = -11 at a = -6).
assert found["topological"] == (33.0, -22.0) == (-11 * -3.0, -11 * 2.0)
assert max(abs(numeric - found["topological"])) < 1e-6
assert found["overwrite"][0] == 18.0  # one of b's two shares: a * y = -6 * -3
assert found["breadth_first"] == (-3.0, 2.0)  # a passed on 1, not -11
