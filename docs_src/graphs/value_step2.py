# Step 2: each operation also records its local derivatives.


class Value:
    def __init__(self, data, parents=(), local_grads=(), op="", label=""):
        self.data = data
        self.parents = parents
        self.local_grads = local_grads  # d(self)/d(parent), one per parent
        self.op = op
        self.label = label

    def __add__(self, other):
        # d(a + b)/da = 1, d(a + b)/db = 1
        return Value(self.data + other.data, (self, other), (1.0, 1.0), "+")

    def __mul__(self, other):
        # d(a * b)/da = b, d(a * b)/db = a
        return Value(
            self.data * other.data, (self, other), (other.data, self.data), "*"
        )


x = Value(2.0, label="x")
y = Value(-3.0, label="y")
q = x * y
q.label = "q"
z = q + y
z.label = "z"

for node in (q, z):
    for parent, local in zip(node.parents, node.local_grads, strict=True):
        print(f"local: d{node.label}/d{parent.label} = {local}")

# The chain rule, driven by hand: dz/dx goes through q only,
# dz/dy through q AND directly.
dz_dq, dz_dy_direct = z.local_grads
dq_dx, dq_dy = q.local_grads
print("chain rule: dz/dx =", dz_dq * dq_dx)
print("chain rule: dz/dy =", dz_dq * dq_dy + dz_dy_direct)
assert dz_dq * dq_dx == y.data  # dz/dx = y, as z = xy + y says
assert dz_dq * dq_dy + dz_dy_direct == x.data + 1  # dz/dy = x + 1
