# Step 1: a number that remembers how it was made.


class Value:
    def __init__(self, data, parents=(), op="", label=""):
        self.data = data  # the number
        self.parents = parents  # the Values it was computed from
        self.op = op  # the operation that computed it ("" for an input)
        self.label = label  # a name, for printing

    def __add__(self, other):
        return Value(self.data + other.data, (self, other), "+")

    def __mul__(self, other):
        return Value(self.data * other.data, (self, other), "*")

    def __repr__(self):
        name = self.label or self.op
        return f"{name}: data={self.data}"


def show(node, indent=""):
    """Print a node and, indented below it, the nodes it was computed from."""
    print(indent + repr(node))
    for parent in node.parents:
        show(parent, indent + "    ")


x = Value(2.0, label="x")
y = Value(-3.0, label="y")
q = x * y
q.label = "q"
z = q + y
z.label = "z"
show(z)
