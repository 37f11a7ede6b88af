# Step 3: backward() orders the graph,
# then applies the chain rule at every edge.


class Value:
    def __init__(self, data, parents=(), local_grads=(), op="", label=""):
        self.data = data
        self.grad = 0.0  # d(output)/d(self), filled in by backward()
        self.parents = parents
        self.local_grads = local_grads
        self.op = op
        self.label = label

    def __add__(self, other):
        return Value(self.data + other.data, (self, other), (1.0, 1.0), "+")

    def __mul__(self, other):
        return Value(
            self.data * other.data, (self, other), (other.data, self.data), "*"
        )

    def topological_order(self):
        """Every node this one depends on, each after its parents; self last."""
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
                # (a for loop's else runs when the loop ends without a break)
                # no parents left to visit: the node goes next
                stack.pop()
                order.append(node)
        return order

    def backward(self):
        self.grad = 1.0  # d(self)/d(self)
        # output first, inputs last
        for node in reversed(self.topological_order()):
            for parent, local in zip(
                node.parents, node.local_grads, strict=True
            ):
                # upstream times local, summed over uses
                parent.grad += local * node.grad


x = Value(2.0, label="x")
y = Value(-3.0, label="y")
q = x * y
q.label = "q"
z = q + y
z.label = "z"

print("order:", [node.label for node in z.topological_order()])
z.backward()
for node in (x, y, q, z):
    print(f"dz/d{node.label} = {node.grad}")

assert [node.label for node in z.topological_order()] == ["x", "y", "q", "z"]
assert (x.grad, y.grad) == (-3.0, 3.0)  # dz/dx = y, dz/dy = x + 1
