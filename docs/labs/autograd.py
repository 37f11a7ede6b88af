# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lab: build your own autograd
#
# <div class="admonition abstract">
# <p class="admonition-title">In this lab you will</p>
# <ul>
# <li>write, cell by cell, a scalar <strong>autodiff engine</strong>: a <code>Value</code> that
# stores its number, its gradient, its parents and its local derivatives;</li>
# <li>give it <code>+</code>, <code>*</code>, <code>tanh</code> and <code>relu</code>, and a
# <code>backward()</code> that walks the graph in <strong>topological order</strong> with a
# loop, not recursion;</li>
# <li>check every gradient it computes against the book's engine,
# <code>backprop.Value</code>, and against <strong>finite differences</strong>,
# <code>backprop.derivative</code>;</li>
# <li>build neurons, layers and a small network out of your Values, and <em>train
# it</em> to separate two interleaved half moons.</li>
# </ul>
# </div>
#
# *This lab is an assignment.* Each piece of the engine is a cell for you to write,
# followed by a cell that checks it: the check runs your code on several cases against the
# book's own engine and says in words what is wrong, if anything. Nine pieces, nine checks,
# and at the end three more exercises, with four checks, for those who want more.
# Work in order: write a piece, run its cell, then run the check under it, and go on once it
# passes. (Run All stops at the first check that fails: in the fresh assignment, the first.)
# When every check passes, you have built the engine, and the last cells train a network
# with it.

# %% [markdown] tags=["page-only"]
# Download the notebook and work in it, or open it in Colab
# (the links below; its first cell installs the book's package there):
#
# - **[autograd-student.ipynb](autograd-student.ipynb)** ([Colab][colab-student]): the
#   assignment, each answer replaced by `raise NotImplementedError()`; run a check before
#   you write its piece and it says that the piece is not written yet.
# - **[autograd-solutions.ipynb](autograd-solutions.ipynb)** ([Colab][colab-solutions]): the
#   same notebook with the answers (each between nbgrader's two solution markers); or its
#   source, **[autograd.py](autograd.py)**, a jupytext percent script that runs as it is
#   with `python autograd.py`.
#
# [colab-student]: https://colab.research.google.com/github/backprop-from-scratch/backprop-from-scratch/blob/notebooks/labs/autograd-student.ipynb
# [colab-solutions]: https://colab.research.google.com/github/backprop-from-scratch/backprop-from-scratch/blob/notebooks/labs/autograd-solutions.ipynb
#
# Teachers: the notebooks carry [nbgrader](https://nbgrader.readthedocs.io/) metadata. The
# answer cells are solution cells and the checks are locked, graded test cells, each worth
# the points its cell's nbgrader metadata gives, so `nbgrader generate_assignment` makes the
# student version and `nbgrader autograde` grades it. The checks of the optional exercises,
# 10 to 12, are graded cells too, so their points count in the notebook's total score: to
# keep them optional, delete those cells from the source notebook first. Everything needs
# the `backprop` package only (see [Run the code](../../run/) to install it), and runs
# offline.
#
# This page is the solution notebook, run while the site was built (every output under a
# cell came from that run). Each answer cell shows what the assignment gives you, and its
# answer is folded under a "Solution" line below it. The last cell prints how long that run
# took, most of it spent training: expect about as long, or longer on a slower or busier
# machine. For the writing itself we give no estimate: we have not timed learners doing it.

# %% [markdown]
# The ideas come from [Computational graphs](../../graphs/): each operation knows
# its own **local derivative**, and the chain rule multiplies the **upstream gradient** by it
# on the way back. Here you build that machine yourself, in a few short cells.
#
# The plan is Andrej Karpathy's [micrograd](https://github.com/karpathy/micrograd): its
# `Value`, `Neuron`, `Layer` and `MLP`, and the training run of its demo notebook (two
# moons, a max-margin loss, a penalty of $10^{-4}$ on every parameter, a learning rate that
# falls from 1 over 100 steps), here with a smaller network and fewer points. His video
# lecture
# ["The spelled-out intro to neural networks and backpropagation: building
# micrograd"](https://www.youtube.com/watch?v=VMj-3S1tku0) builds it line by line. Four
# things differ here, each explained where it comes up: a node stores numbers, not a
# closure; the graph walk is a loop, not a recursion; a second `backward()` adds exactly the
# same gradients again (micrograd's inflates the inner nodes, and through them the weights);
# and a neuron's weights start within $\pm\sqrt{6/n_\text{in}}$, not micrograd's fixed
# $\pm 1$.

# %%
import itertools
import math
import random
import signal
import subprocess
import sys
import textwrap
import time
import timeit

import numpy as np
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.text import Annotation

import backprop
from backprop import Value as ReferenceValue
from backprop.data import two_moons
from backprop.exercises import ExerciseError
from backprop.exercises.autograd import (
    check_add,
    check_backward,
    check_exp,
    check_log,
    check_mul,
    check_neuron,
    check_power,
    check_relu,
    check_tanh,
    check_tanh_from_exp,
    check_topological_order,
    check_training_step,
    check_value,
)
from backprop.plot import (
    COLORS,
    INK,
    NARROW,
    draw_graph,
    new_figure,
    show_figure,
    styled,
)

start = time.perf_counter()  # we time the whole lab at the end
print("backprop", backprop.__version__)

# %% [markdown]
# ## Step 1: a number that remembers where it came from
#
# A `Value` wraps one float, `data`. It also keeps `grad`, the derivative of the final output
# with respect to this value, which stays 0 until we run the backward pass. To run the chain
# rule later, a value made by an operation must remember two more things:
#
# - `parents`: the values it was computed from;
# - `local_grads`: the derivative of this value with respect to each parent, a plain number
#   worked out in the forward pass while the inputs are at hand.
#
# An input (a weight, a data point) has no parents. Storing numbers rather than a closure is a
# deliberate choice: a closure that captures its own output node makes every node a reference
# cycle, and the garbage collector then spends a lot of time on them.
#
# **Your turn (exercise 1).** Write the constructor: store `data` as a float, start `grad` at
# 0.0, and keep `parents` and `local_grads` as given. The class lists its four attributes in
# `__slots__`, which saves memory on the thousands of nodes a graph makes and refuses any
# other attribute: a `self.label` or `self._op` of your own (as in micrograd) needs its name
# added there first.


# %% nbgrader={"grade": false, "grade_id": "value", "locked": false, "solution": true}
class Value:
    """A scalar that remembers how it was computed."""

    __slots__ = ("data", "grad", "local_grads", "parents")

    def __init__(self, data, parents=(), local_grads=()):
        ### BEGIN SOLUTION
        self.data = float(data)
        self.grad = 0.0
        self.parents = parents  # the Values it was made from
        self.local_grads = local_grads  # d(self)/d(parent) for each
        ### END SOLUTION

    def __repr__(self):
        return f"Value(data={self.data:.4g}, grad={self.grad:.4g})"


# %% nbgrader={"grade": true, "grade_id": "check-value", "locked": true, "points": 1}
check_value(Value)
print("exercise 1, the node: passed")

# %%
x = Value(2.0)
x

# %% [markdown]
# ## Step 2: addition and multiplication
#
# For $z = x + y$ the local derivatives are $\partial z / \partial x = 1$ and
# $\partial z / \partial y = 1$. For $z = x y$ they are
#
# $$
# \frac{\partial z}{\partial x} = y, \qquad \frac{\partial z}{\partial y} = x ,
# $$
#
# each the *other* input's value. We add the methods to the class one cell at a time: a method
# is a function stored on the class, so assigning `Value.__add__ = add` gives every `Value`,
# old and new, the `+` operator. A plain number on either side is wrapped in a `Value` with no
# parents (a constant), and `__radd__` / `__rmul__` handle `2 * x` where the number comes
# first. Subtraction and negation are built from these two.
#
# One warning for the whole lab: if you run the cell that defines `class Value` again (to
# fix the constructor, say), it makes a new class, without the methods attached to the old
# one. Run the cells that attach them again too, from that one on.
#
# **Your turn (exercises 2 and 3).** Write `add` and `mul`: each wraps a plain `other` with
# `as_value`, then returns a new `Value` holding the result, with `(self, other)` as its
# parents and the two local derivatives as its `local_grads`.


# %%
def as_value(v):
    """v itself if it is a Value, else a Value with no parents (a constant)."""
    return v if isinstance(v, Value) else Value(v)


# %% nbgrader={"grade": false, "grade_id": "add", "locked": false, "solution": true}
def add(self, other):
    ### BEGIN SOLUTION
    other = as_value(other)
    out = self.data + other.data
    return Value(out, (self, other), (1.0, 1.0))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check-add", "locked": true, "points": 1}
check_add(add, Value)
print("exercise 2, +: passed")


# %% nbgrader={"grade": false, "grade_id": "mul", "locked": false, "solution": true}
def mul(self, other):
    ### BEGIN SOLUTION
    other = as_value(other)
    out = self.data * other.data
    return Value(out, (self, other), (other.data, self.data))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check-mul", "locked": true, "points": 1}
check_mul(mul, Value)
print("exercise 3, *: passed")

# %%
Value.__add__ = Value.__radd__ = add
Value.__mul__ = Value.__rmul__ = mul
Value.__neg__ = lambda self: self * -1.0
Value.__sub__ = lambda self, other: self + (-as_value(other))
Value.__rsub__ = lambda self, other: as_value(other) + (-self)

a, b = Value(2.0), Value(-3.0)
c = a * b + 10
print("c =", c)
print("made from", *c.parents, sep="\n  ")
print("local gradients", c.local_grads)

# %% [markdown]
# ## Step 3: two activations, tanh and relu
#
# A neuron bends its sum with a nonlinear function. The two we use have simple derivatives,
# and both can be written with the output $t$ already computed:
#
# $$
# \begin{gathered}
# \frac{d}{dx}\tanh x = 1 - \tanh^2 x = 1 - t^2, \\
# \frac{d}{dx}\operatorname{relu} x = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}
# \end{gathered}
# $$
#
# (at exactly $x = 0$ relu has no derivative; like most libraries we take 0 there).
#
# **Your turn (exercises 4 and 5).** Write `tanh` and `relu`: each returns a new `Value`
# with `self` as its one parent, `(self,)`, and its local derivative as `local_grads`, a tuple
# of one number.


# %% nbgrader={"grade": false, "grade_id": "tanh", "locked": false, "solution": true}
def tanh(self):
    ### BEGIN SOLUTION
    t = math.tanh(self.data)
    return Value(t, (self,), (1.0 - t * t,))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check-tanh", "locked": true, "points": 1}
check_tanh(tanh, Value)
print("exercise 4, tanh: passed")


# %% nbgrader={"grade": false, "grade_id": "relu", "locked": false, "solution": true}
def relu(self):
    ### BEGIN SOLUTION
    if self.data > 0:
        return Value(self.data, (self,), (1.0,))
    return Value(0.0, (self,), (0.0,))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check-relu", "locked": true, "points": 1}
check_relu(relu, Value)
print("exercise 5, relu: passed")

# %%
Value.tanh = tanh
Value.relu = relu

print(Value(0.5).tanh(), Value(-1.5).relu(), Value(1.5).relu(), sep="\n")

# %% [markdown]
# ## Step 4: the backward pass
#
# The output's gradient with respect to itself is 1. From there, each node hands its gradient
# to its parents, multiplied by the local derivative of that edge, and a parent used by several
# children adds up what it receives (**gradient accumulation**):
#
# $$
# \texttt{p.grad} \mathrel{+}=
# \underbrace{\frac{\partial n}{\partial p}}_{\text{local}}
# \times \underbrace{\texttt{n.grad}}_{\text{upstream}}
# $$
#
# for every node $n$ and each of its parents $p$.
#
# A node may only pass its gradient on once it has received everything from the nodes that use
# it. So we first put the graph in **topological order** (every node after its parents) and
# then walk that list backwards. The order comes from a depth-first search. The usual
# version is recursive (a function `visit` that calls itself on each parent, in the cell
# below), but Python refuses to recurse deeper than its recursion limit
# (`sys.getrecursionlimit()`, printed below), and a long chain of operations is deeper than
# that. An explicit stack has no such limit: each entry is a node and an iterator over the
# parents it has yet to visit.
#
# **Your turn (exercise 6).** Write `topological_order`, which returns the list of every node
# `self` depends on, each once, each after its parents, `self` last (with a loop: the check
# tries a chain deeper than the recursion limit). Its check, like that of `backward` after
# it, runs your function on graphs of the book's engine, so it tests that piece alone.
#
# A way in: the recursive version in the next cell is right, but deep graphs break it. The
# cell after it runs the exercise's check on it, and shows the check failing on a deep
# chain. Your task is to turn it into a loop.


# %%
def topological_order_recursive(self):
    order, seen = [], set()

    def visit(node):
        if node not in seen:
            seen.add(node)
            for parent in node.parents:
                visit(parent)
            order.append(node)  # after all of its parents

    visit(self)
    return order


# %%
try:
    check_topological_order(topological_order_recursive)
except ExerciseError as failure:
    print("the check says:", *textwrap.wrap(str(failure), 40), sep="\n")

# %% [markdown]
# *Why not raise the limit instead?* `sys.setrecursionlimit` would let this chain through,
# but the check refuses it: whatever limit you pick, the next graph may be deeper, and a
# recursion through C code that deep can crash the interpreter outright (the last section of
# the lab shows it). A loop with a list as its stack has neither problem: the list lives on
# the heap and grows as far as memory allows.
#
# <details class="tip"><summary>Hint: the same walk with a loop</summary>
#
# The call stack remembers, for each node being visited, which parents it has still to
# visit. Keep that yourself: a list of pairs <code>(node, iter(node.parents))</code>,
# starting with <code>(self, iter(self.parents))</code>. While the list is not empty, look at
# its last pair (without removing it) and take parents from its iterator until you find one
# not yet seen: mark it seen and push its own pair. If the iterator runs out instead, every
# parent of that node is already in the order: pop the pair and append the node.
#
# </details>


# %% nbgrader={"grade": false, "grade_id": "topological-order", "locked": false, "solution": true}
def topological_order(self):
    ### BEGIN SOLUTION
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
        # no parents left to visit: all are in order, so the node goes next
        else:
            stack.pop()
            order.append(node)
    return order
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check-topological-order", "locked": true, "points": 2}
check_topological_order(topological_order)
print("exercise 6, topological order: passed")

# %%
Value.topological_order = topological_order

# %% [markdown]
# Before you write `backward`, follow its walk once by hand, on $z = xy + x$ at $x = 2$,
# $y = 3$, with $q = xy$ as the node in between. Calculus gives the answer to reach:
# $\partial z/\partial x = y + 1 = 4$ (the two paths from $x$ add up) and
# $\partial z/\partial y = x = 2$. The walk gets there one edge at a time. Take the
# topological order, set every `grad` to 0 and the output's to 1, then let each node, in
# reverse order, hand its gradient to its parents. $z$ hands 1 to both its parents; $q$
# then passes $y \cdot 1 = 3$ to $x$, which already holds 1 from $z$, so the two paths add
# up to 4. The inputs, last, have no parents to pass to. The next cell does just that, and
# prints every node's `grad` after that node's turn.

# %%
x, y = Value(2.0), Value(3.0)
q = x * y
z = q + x
name = {x: "x", y: "y", q: "q", z: "z"}  # q = x*y, z = q + x
order = z.topological_order()
print("topological order:", " ".join(name[n] for n in order))
print(f"{'turn':6}" + "".join(f"{name[n] + '.grad':>7}" for n in order))
for node in order:
    node.grad = 0.0

z.grad = 1.0
print(f"{'start':6}" + "".join(f"{n.grad:7g}" for n in order))
for node in reversed(order):  # the walk backward will do
    for parent, local in zip(node.parents, node.local_grads, strict=True):
        parent.grad += local * node.grad
    print(f"{name[node]:6}" + "".join(f"{n.grad:7g}" for n in order))

assert order[-1] is z and sorted(map(name.get, order)) == ["q", "x", "y", "z"]
assert (x.grad, y.grad, q.grad) == (4.0, 2.0, 1.0)

# %% [markdown]
# The same graph drawn, with `backprop.plot.draw_graph`: each box holds a node's value and
# its gradient after the walk; the number on each arrow is that edge's local gradient, by
# which the child's gradient is multiplied on its way back to the parent. Follow the two
# arrows out of $x$: 1 from $z$ directly, and $q$'s gradient times 3 through $q$.


# %%
def graph_of(out, name, op):
    """The graph of out as draw_graph takes it: nodes in order, then edges."""
    order = out.topological_order()
    index = {node: i for i, node in enumerate(order)}
    nodes = [
        {
            "id": i,
            "label": name[n],
            "op": op.get(n, ""),
            "data": n.data,
            "grad": n.grad,
        }
        for i, n in enumerate(order)
    ]
    edges = [
        {"source": index[p], "target": index[n], "local": local}
        for n in order
        for p, local in zip(n.parents, n.local_grads, strict=True)
    ]
    return {"nodes": nodes, "edges": edges}


graph = graph_of(z, name, {q: "*", z: "+"})
fig = draw_graph(graph, box_width=0.6)  # narrow boxes: room for the marks
ax = fig.axes[0]
for text in ax.texts:  # all in the page's ink (red is faint on white), larger
    if text.get_text().startswith("grad "):
        text.set_color(INK)
    text.set_fontsize(13 if text.get_weight() == "bold" else 12)
arrows = [t for t in ax.texts if isinstance(t, Annotation)]
for arrow, edge in zip(arrows, graph["edges"], strict=True):
    (x0, y0), (x1, y1) = arrow.xyann, arrow.xy  # the arrow's last stretch
    dx, dy = x1 - x0, y1 - y0
    side = 0.1 / math.hypot(dx, dy)  # a little to the left of the arrow
    at = ((x0 + x1) / 2 - side * dy, (y0 + y1) / 2 + side * dx)
    mark = {"ha": "center", "va": "center", "fontsize": 12}
    ax.text(*at, f"×{edge['local']:g}", color=INK, **mark)

label = [node["label"] for node in graph["nodes"]]
boxes = "; ".join(
    f"{n['label']}, data {n['data']:g}, grad {n['grad']:g}"
    for n in graph["nodes"]
)
marks = "; ".join(
    f"{label[e['source']]} to {label[e['target']]}, times {e['local']:g}"
    for e in graph["edges"]
)
show_figure(
    fig,
    alt=f"The graph of z = x*y + x, inputs on the left: one box per node "
    f"({boxes}), and the arrows marked with their local gradients ({marks}).",
    filename="autograd-graph.png",
)
edge_local = {
    (label[e["source"]], label[e["target"]]): e["local"] for e in graph["edges"]
}
want = {("x", "q"): 3, ("y", "q"): 2, ("q", "z"): 1, ("x", "z"): 1}
assert edge_local == want

# %% [markdown]
# The order is what makes the walk right: a node passes its gradient on once, so it must
# have received all of it by then. Walk a wrong order and the gradients come out wrong, with
# no error. Take `z = a + a*2` with `a = x*y`, at `x = 2`, `y = 3`: `a` reaches `z` by two
# paths, directly and through `a*2`. A common slip in a stack walk, marking a node seen when
# it is *pushed*, finishes `a*2` before `a` here, so `a` hands on its gradient before `a*2`
# has sent its share. The next cell walks both orders; the check of exercise 6 refuses the
# wrong one, naming the slip.


# %%
def marked_when_pushed(self):  # the slip: do not copy
    order, seen, stack = [], {self}, [(self, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:  # off the stack for the second time
            order.append(node)
            continue
        stack.append((node, True))
        for parent in node.parents:
            if parent not in seen:
                seen.add(parent)  # too early: a later node may need it
                stack.append((parent, False))
    return order


def walk(out, order):
    """The backward walk through a given order, from zero."""
    for node in order:
        node.grad = 0.0
    out.grad = 1.0
    for node in reversed(order):
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            parent.grad += local * node.grad


x, y = Value(2.0), Value(3.0)
a = x * y
z = a + a * 2
found = {}
for order_of in (topological_order, marked_when_pushed):
    walk(z, order_of(z))
    found[order_of.__name__] = x.grad
    print(f"{order_of.__name__:19}dz/dx = {x.grad:g}")
assert found == {"topological_order": 9.0, "marked_when_pushed": 3.0}
try:
    check_topological_order(marked_when_pushed)
except ExerciseError as failure:
    assert "seen when you pushed it" in str(failure)
else:
    raise AssertionError("the check passed a wrong order")

# %% [markdown]
# The walk is nearly all of `backward`. One more detail: gradients *accumulate* over calls
# to `backward()`, as in PyTorch, so a second call must add the same gradients again. Here is
# the walk as micrograd writes it, with the output seeded at 1 but no `grad` set to 0 first,
# called twice on a fresh $z = xy + x$:


# %%
def backward_simple(self):  # micrograd's walk: no save, no zero
    self.grad = 1.0
    for node in reversed(topological_order(self)):
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            parent.grad += local * node.grad


x, y = Value(2.0), Value(3.0)
q = x * y
z = q + x
calls = []
print(f"{'call':6}{'x.grad':>7}{'y.grad':>7}{'q.grad':>7}")
for call in (1, 2):
    backward_simple(z)
    calls.append((x.grad, y.grad, q.grad))
    print(f"{call:<6}{x.grad:7g}{y.grad:7g}{q.grad:7g}")
(x1, y1, q1), (x2, y2, q2) = calls
assert x2 > 2 * x1 and y2 > 2 * y1  # more than twice one call's

# %% [markdown]
# The second call gave $x$ and $y$ more than twice the first call's gradients. The inner node
# $q$ still held its gradient from the first call; the second walk added its new one on top
# and handed the sum to $x$ and $y$, so the old gradient reached them a second time. So
# `backward` saves every node's gradient, zeroes it, walks, and adds the saved one back. The
# functions `topological_order` and `backward` are the ones `backprop.Value` uses, line for
# line (a test of the book checks it).
#
# Does that matter in training? Each training step builds a fresh graph, whose inner nodes
# start at 0, so there micrograd's walk gives the same gradients, and the weights, the only
# nodes that live from one step to the next, are set to 0 by the training step itself
# (exercise 9). It matters when `backward()` runs twice on one graph, to add up gradients
# over calls, as the check of exercise 7 does: an engine that promises accumulation must
# keep that promise there too.
#
# <details class="note"><summary>Aside: how PyTorch avoids the problem</summary>
#
# PyTorch keeps <code>.grad</code> only on leaf tensors, such as the weights, not on the
# nodes in between, so no inner node carries an old gradient into a second call. It also
# frees what the graph saved for the backward pass (a product's inputs, say) once the pass
# is done, so a second <code>backward()</code> on the same graph is usually an error, unless
# the first call says <code>backward(retain_graph=True)</code>; a graph of additions alone,
# which saves nothing, runs twice.
#
# </details>
#
# <details class="tip"><summary>Hint: save, zero, walk, add back</summary>
#
# Take the order once. Keep every node's <code>grad</code> in a list, in that order, then set
# each to 0.0. Seed the output with 1.0 and walk as <code>backward_simple</code> does. Last,
# add each saved value back to its node. A node's gradient then grows by exactly one call's
# gradient per call.
#
# </details>
#
# **Your turn (exercise 7).** Write `backward`: the walk above, from zero, with the earlier
# gradients added back at the end.


# %% nbgrader={"grade": false, "grade_id": "backward", "locked": false, "solution": true}
def backward(self):
    ### BEGIN SOLUTION
    order = self.topological_order()
    # Walk from zero, or each node would pass on what an earlier call left
    # in its grad; the earlier gradients are added back at the end, so that
    # gradients accumulate.
    earlier = [node.grad for node in order]
    for node in order:
        node.grad = 0.0
    self.grad = 1.0  # d(self)/d(self)
    for node in reversed(order):  # the output first, the inputs last
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            # upstream times local, summed over uses
            parent.grad += local * node.grad
    for node, grad in zip(order, earlier, strict=True):
        node.grad += grad
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check-backward", "locked": true, "points": 2}
check_backward(backward)
print("exercise 7, backward: passed")

# %%
Value.backward = backward

# %% [markdown]
# Try it on the graph you walked by hand: one call gives the same gradients, 4 and 2.

# %%
x, y = Value(2.0), Value(3.0)
z = x * y + x
z.backward()
print("z =", z.data, "| dz/dx =", x.grad, "| dz/dy =", y.grad)
assert (x.grad, y.grad) == (4.0, 2.0)

# %% [markdown]
# The check compares the inputs' gradients only, so it also passes a simpler answer: set
# only the inner nodes (those with parents) to 0 before the walk, and let the inputs'
# gradients grow. Why does the book save, zero and add back instead? So that *every* node
# keeps the promise: after two calls, an inner node's `grad` is twice one call's too, as it
# is in `backprop.Value`. The next cell shows the difference on $z = xy + x$, with
# $q = xy$.


# %%
def backward_inner_only(self):  # zero the inner nodes, leave the inputs
    order = self.topological_order()
    for node in order:
        if node.parents:
            node.grad = 0.0
    self.grad = 1.0
    for node in reversed(order):
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            parent.grad += local * node.grad


check_backward(backward_inner_only)  # it passes too
print(f"{'two calls':12}{'x.grad':>7}{'q.grad':>7}")
after = {}
versions = {"inner only": backward_inner_only, "book": backward}
for label, walk_once in versions.items():
    x, y = Value(2.0), Value(3.0)
    q = x * y
    z = q + x
    walk_once(z)
    walk_once(z)
    after[label] = (x.grad, q.grad)
    print(f"{label:12}{x.grad:7g}{q.grad:7g}")
assert after == {"inner only": (8.0, 1.0), "book": (8.0, 2.0)}

# %% [markdown]
# ## Step 5: check it twice
#
# A gradient that looks plausible is not yet a right one. We check ours in two independent
# ways on a function that uses every operation, and uses $x$ more than once:
#
# $$
# f = \tanh(x y + 2x) - 3\operatorname{relu}(y - x) + x y^2
# $$
#
# 1. The book's engine, `backprop.Value`, builds the same graph and runs its own
#    backward pass. Because $f$ only uses `+`, `-`, `*`, `tanh` and `relu`, the *same Python
#    function* builds a graph of either kind of `Value`.
# 2. A central **finite difference**, `backprop.derivative`, nudges one input by a small $h$
#    and needs no graph at all:
#
# $$
# \frac{\partial f}{\partial x} \approx \frac{f(x + h, y) - f(x - h, y)}{2h} .
# $$


# %%
def f(x, y):
    return (x * y + 2 * x).tanh() - 3 * (y - x).relu() + x * y * y


def grads(Engine, x0, y0):
    """f and its two partial derivatives, by an engine's backward."""
    x, y = Engine(x0), Engine(y0)
    out = f(x, y)
    out.backward()
    return out.data, x.grad, y.grad


def numeric_grads(x0, y0):
    """The two partial derivatives by central differences."""
    dx = backprop.derivative(lambda t: f(Value(t), Value(y0)).data, x0)
    dy = backprop.derivative(lambda t: f(Value(x0), Value(t)).data, y0)
    return dx, dy


rng = random.Random(0)
worst, checked, identical = 0.0, 0, 0
for _ in range(200):
    x0, y0 = rng.uniform(-2, 2), rng.uniform(-2, 2)
    if abs(y0 - x0) < 1e-3:  # too close to relu's kink at y = x
        continue
    checked += 1
    ours = grads(Value, x0, y0)
    reference = grads(ReferenceValue, x0, y0)
    for a, b in zip(ours, reference, strict=True):
        assert math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12), (a, b)
    identical += ours == reference  # the very same floats?
    dx, dy = numeric_grads(x0, y0)
    worst = max(worst, abs(ours[1] - dx), abs(ours[2] - dy))

print(f"{checked} random points,")
print("all within 1e-12 of backprop.Value,")
print(f"{identical} of them the very same floats")
print(f"worst gap, central differences: {worst:.1e}")
assert worst < 1e-7

# %% [markdown]
# Our gradients agree with the reference engine's to twelve digits at least. Written as this
# page writes them, they are the very same floats, since both engines then do the same
# arithmetic in the same order. An answer just as right can differ in the last bit, because
# floating-point addition is not associative:

# %%
print((0.1 + 0.2) + 0.3, "vs", 0.1 + (0.2 + 0.3))
assert (0.1 + 0.2) + 0.3 != 0.1 + (0.2 + 0.3)

# %% [markdown]
# Another valid topological order (parents visited in another order) adds a node's incoming
# gradients in another order, and `1 - t**2` (or `np.tanh`) in place of `1 - t*t` (and
# `math.tanh`) can round differently in the last bit. So the check above allows a relative
# difference of $10^{-12}$ (the exercises' checks allow $10^{-9}$). The finite differences
# are further off, by the rounding and truncation error of a central difference with its
# default step ([Derivatives](../../derivatives/) explains where that floor comes from).
#
# The loop-based order also survives a graph far deeper than Python's recursion limit:

# %%
depth = 50_000
x = Value(0.5)
y = x
for _ in range(depth):
    y = y * 1.0 + 0.0  # two operations per turn
y.backward()
print(f"recursion limit: {sys.getrecursionlimit()}")
print(f"chain of {2 * depth:,} operations: dy/dx = {x.grad}")
# deeper than recursion allows
assert 2 * depth > sys.getrecursionlimit() and x.grad == 1.0

# %% [markdown]
# ## Step 6: neurons, layers, a network
#
# A neuron with weights $w_1, \dots, w_n$ and bias $b$ computes
# $\phi\left(\sum_i w_i x_i + b\right)$, where $\phi$ is its activation. A layer is a list of
# neurons that all read the same inputs; a multi-layer perceptron (MLP) is layers in a row,
# the outputs of one being the inputs of the next. The last layer is left linear, so the
# network's output is a raw **score**.
#
# Every weight is a `Value`. The `make` argument says which class to build them with, so the
# very same network can be built from the reference engine for a check. Weights start random,
# drawn from a seeded generator, uniformly in $\pm\sqrt{6 / n_\text{in}}$. A uniform draw on
# that range has variance $(6 / n_\text{in}) / 3 = 2 / n_\text{in}$, the variance of He
# initialisation (see [Beyond the basics](../../beyond/)): with relu, that keeps the size of
# the signal about the same from layer to layer. Biases start at 0.
#
# **Your turn (exercise 8).** Write the neuron: its weights and bias, made with `make`, each
# weight drawn from `rng`, the generator it is given (so that one seed always makes the same
# network); its output for a list of inputs `x`, with the activation `"relu"`, `"tanh"` or
# `"linear"` (none); and its parameters, the weights and then the bias. The layers and the
# network, in the cell after the check, are given.


# %% nbgrader={"grade": false, "grade_id": "neuron", "locked": false, "solution": true}
class Neuron:
    def __init__(self, n_in, rng, activation, make=Value):
        ### BEGIN SOLUTION
        scale = math.sqrt(6.0 / n_in)
        self.w = [make(scale * rng.uniform(-1, 1)) for _ in range(n_in)]
        self.b = make(0.0)
        self.activation = activation
        ### END SOLUTION

    def __call__(self, x):
        ### BEGIN SOLUTION
        s = self.b
        for wi, xi in zip(self.w, x, strict=True):
            s = s + wi * xi
        if self.activation == "relu":
            return s.relu()
        if self.activation == "tanh":
            return s.tanh()
        return s  # linear
        ### END SOLUTION

    def parameters(self):
        ### BEGIN SOLUTION
        return [*self.w, self.b]
        ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check-neuron", "locked": true, "points": 2}
check_neuron(Neuron)
print("exercise 8, the neuron: passed")


# %%
class Layer:
    def __init__(self, n_in, n_out, rng, activation, make=Value):
        self.neurons = []
        for _ in range(n_out):
            self.neurons.append(Neuron(n_in, rng, activation, make))

    def __call__(self, x):
        return [neuron(x) for neuron in self.neurons]

    def parameters(self):
        return [p for n in self.neurons for p in n.parameters()]


class MLP:
    def __init__(self, sizes, seed=0, activation="relu", make=Value):
        rng = random.Random(seed)
        pairs = list(itertools.pairwise(sizes))
        self.layers = []
        for i, (n_in, n_out) in enumerate(pairs):
            act = "linear" if i == len(pairs) - 1 else activation
            self.layers.append(Layer(n_in, n_out, rng, act, make))

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x[0]  # one output: the score

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]


model = MLP([2, 8, 8, 1], seed=1)
print(len(model.parameters()), "parameters")
print(f"score of the point (1, -1): {model([1.0, -1.0]).data:.4f}")

# He's variance, 2 / n_in, from the weights of one wide neuron
n_wide = 20_000
drawn = np.array([w.data for w in Neuron(n_wide, random.Random(0), "linear").w])
print(f"{n_wide:,} weights, variance × n_in: {drawn.var() * n_wide:.3f}")
assert abs(drawn.var() * n_wide - 2) < 0.05

# %% [markdown]
# ## Step 7: the data and the loss
#
# `backprop.data.two_moons` draws two interleaved half circles with a little noise: no straight
# line separates them, so the network has to bend its boundary. We relabel the classes as
# $y_i \in \{-1, +1\}$ and use the **hinge loss** of a support vector machine (micrograd's
# "max-margin" loss): a point costs nothing once its score $s_i$ has the right sign with a
# margin of at least 1 ($y_i s_i \ge 1$), and $1 - y_i s_i$ otherwise, more the further it is
# on the wrong side. A small penalty on the square of every parameter $\theta_j$, the weights
# and the biases alike (as in micrograd), keeps them from growing without need:
#
# $$
# L = \frac{1}{N} \sum_{i=1}^{N} \operatorname{relu}\left(1 - y_i s_i\right)
#   + \alpha \sum_{j} \theta_j^2 .
# $$
#
# The relu *is* the $\max(0, \cdot)$ of the hinge, so our engine needs nothing new; that is
# one reason to pick it here. The logistic loss $\log\left(1 + e^{-y s}\right)$ of logistic
# regression would need `exp` and `log` (the first thing to try at the end). The two also
# behave differently: the logistic loss never reaches 0, so every point keeps pulling the
# boundary a little, while the hinge forgets a point once it is past the margin, and only the
# points inside the band $|s| < 1$ or on the wrong side move the weights.

# %%
X, labels = two_moons(80, noise=0.1, rng=0)
Y = 2 * labels - 1  # {0, 1} -> {-1, +1}
alpha = 1e-4


def loss_and_accuracy(model, X, Y):
    scores = [model([float(v) for v in row]) for row in X]
    pairs = list(zip(Y.tolist(), scores, strict=True))
    data_loss = sum(((1 - y * s).relu() for y, s in pairs), start=0.0)
    penalty = sum((p * p for p in model.parameters()), start=0.0)
    loss = data_loss * (1.0 / len(Y)) + alpha * penalty
    right = [(s.data > 0) == (y > 0) for y, s in pairs]
    return loss, sum(right) / len(right)


loss, accuracy = loss_and_accuracy(model, X, Y)
print(f"{len(Y)} points, before training:")
print(f"loss {loss.data:.4f}, accuracy {accuracy:.0%}")

# %% [markdown]
# Before training on it, one more check, now on the whole network and the whole loss: the
# same weights in a network of reference Values must give the same loss and the same gradient
# for every parameter, and a finite difference on the parameters with the largest gradients
# must agree too.

# %%
twin = MLP([2, 8, 8, 1], seed=1, make=ReferenceValue)
loss.backward()
twin_loss, _ = loss_and_accuracy(twin, X, Y)
twin_loss.backward()
ours = np.array([p.grad for p in model.parameters()])
ref = np.array([p.grad for p in twin.parameters()])
gap = np.max(np.abs(ours - ref))
print(f"loss, ours:      {loss.data:.12f}")
print(f"loss, reference: {twin_loss.data:.12f}")
print(f"{ours.size} gradients, largest gap: {gap:.1e}")
assert np.allclose(ours, ref, rtol=1e-12, atol=1e-15)


def loss_at(p, t):
    """The loss with parameter p set to t (then put back)."""
    old, p.data = p.data, t
    value = loss_and_accuracy(model, X, Y)[0].data
    p.data = old
    return value


params = model.parameters()
largest = np.argsort(-np.abs(ours))[:4]
print(f"{'':7}{'backward':>11}{'numeric':>12}")
for i in largest:
    p = params[i]
    numeric = backprop.derivative(lambda t, p=p: loss_at(p, t), p.data)
    print(f"p[{i:3d}] {p.grad:+11.8f} {numeric:+11.8f}")
    assert abs(p.grad - numeric) < 1e-6

# %% [markdown]
# ## Step 8: train
#
# As in [Gradient descent](../../gradient-descent/): compute the loss, set the parameters'
# gradients to 0 (they accumulate), run the backward pass, and move every parameter a step
# against its gradient, scaled by the learning rate $\text{lr}$:
#
# $$
# w \leftarrow w - \text{lr} \, \frac{\partial L}{\partial w} .
# $$
#
# Here $\text{lr} = 1 - 0.9\,k/100$ at step $k = 0, 1, \dots, 99$ (micrograd's schedule): it
# starts at 1 and shrinks by 0.009 a step, to 0.109 at the last one; large moves first, finer
# ones at the end. Each step uses all the points (full-batch descent).
#
# **Your turn (exercise 9).** Write one step: the loss and accuracy from
# `loss_and_accuracy`, every parameter's gradient set to 0 (your `Value` has no method for
# that: set each `p.grad` yourself), the backward pass, the move. Set the gradients to 0
# *before* the backward pass: the gradient check in step 7 left its gradients in the
# model's `p.grad`, and a step that clears them only after moving would add them to its
# first move (the check starts from such leftover gradients too). Return the pair as
# `loss_and_accuracy` gave it, the loss `Value` (not its number) and the accuracy, from
# before the move. Use the arguments `model`, `X` and `Y`, not the notebook's `model`.


# %% nbgrader={"grade": false, "grade_id": "train-step", "locked": false, "solution": true}
def train_step(model, X, Y, lr):
    ### BEGIN SOLUTION
    loss, accuracy = loss_and_accuracy(model, X, Y)
    for p in model.parameters():
        p.grad = 0.0  # gradients add up over calls: start each step from 0
    loss.backward()
    for p in model.parameters():
        p.data -= lr * p.grad
    return loss, accuracy
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check-train-step", "locked": true, "points": 2}
check_training_step(train_step, loss_and_accuracy)
print("exercise 9, the training step: passed")

# %%
steps = 100
curve = []  # the loss before each step, and at the end
t0 = time.perf_counter()
for k in range(steps):
    lr = 1.0 - 0.9 * k / steps
    loss, accuracy = train_step(model, X, Y, lr)
    curve.append(loss.data)
    if k % 10 == 0:
        print(f"step {k:3d}  loss {loss.data:.4f}  accuracy {accuracy:.0%}")
train_seconds = time.perf_counter() - t0

loss, accuracy = loss_and_accuracy(model, X, Y)
curve.append(loss.data)
n_nodes = len(loss.topological_order())
print(f"after {steps} steps: loss {loss.data:.4f},")
print(f"accuracy {accuracy:.1%}")
print(f"training took {train_seconds:.1f} s")
print(f"one step's graph holds {n_nodes:,} Values")
assert accuracy >= 0.95
assert math.isclose(lr, 0.109)  # the last step's rate

# %% [markdown]
# ### Why the loss sometimes goes up
#
# Look at the log: the loss does not fall on every step. That is not a bug in the backward
# pass (every gradient was checked above). A gradient is the slope at the point where the
# weights are now, and this loss is full of kinks, one wherever a relu switches or a point
# crosses its margin, where the slope changes at once; a long step can land past one, higher
# than it started. A shorter step follows the slope more faithfully, and takes more steps to
# get anywhere. The next cell trains two fresh networks from the same start with a constant
# $\text{lr}$, 1 and 0.1, and counts the steps (of 100) on which the loss went up, its
# *rises*; the table gives each run's lowest loss, its loss at the end and its accuracy.


# %%
def train(lr_at, steps=100):
    """A fresh network, trained: its losses (before each step, at the end),
    and its final accuracy."""
    net = MLP([2, 8, 8, 1], seed=1)
    losses = [train_step(net, X, Y, lr_at(k))[0].data for k in range(steps)]
    end_loss, end_accuracy = loss_and_accuracy(net, X, Y)
    return [*losses, end_loss.data], end_accuracy


runs = {"schedule": (curve, accuracy)}  # the run above: 1 - 0.9k/100
t0 = time.perf_counter()
for rate in (1.0, 0.1):
    runs[f"{rate:g}"] = train(lambda k, rate=rate: rate)
train_seconds += time.perf_counter() - t0

rises, lowest = {}, {}
print(f"{'lr':9}{'rises':>5}{'lowest':>8}{'end':>8}{'acc.':>5}")
for label, (losses, acc) in runs.items():
    rises[label] = sum(b > a for a, b in itertools.pairwise(losses))
    lowest[label] = min(losses)
    row = f"{label:9}{rises[label]:5}{lowest[label]:8.4f}"
    print(f"{row}{losses[-1]:8.4f}{acc:5.0%}")

# small steps: a steady descent, but a slow one
assert rises["0.1"] <= 5
assert lowest["0.1"] > 10 * max(lowest["1"], lowest["schedule"])
# the long steps get far lower, up and down on the way
assert min(rises["1"], rises["schedule"]) >= 20


# %%
# Drawing code: the loss curve
TEXT = 13  # points: over 9 px on a phone


@styled
def loss_figure(runs):
    fig, ax = new_figure(figsize=(NARROW, 3.4))
    for (label, (losses, _)), color in zip(
        runs.items(), ("blue", "orange", "green"), strict=True
    ):
        if label == "schedule":
            label = "1 − 0.9k/100"  # a minus sign, not a hyphen
        ax.semilogy(losses, color=COLORS[color], lw=1.5, label=f"lr {label}")
    ax.set_xlabel("step", fontsize=TEXT)
    ax.set_ylabel("loss (log scale)", fontsize=TEXT)
    ax.tick_params(labelsize=TEXT)
    ax.legend(fontsize=TEXT)
    return fig


show_figure(
    loss_figure(runs),
    alt="The loss over 100 steps, on a log scale, for three learning rates. "
    "With lr 0.1 it falls smoothly but stays highest. With lr 1 and with the "
    "shrinking schedule it falls far lower, rising and falling from step to "
    "step; with lr 1 it goes flat late in the run and jumps at the end.",
    filename="autograd-loss.png",
)

# %% [markdown]
# The trade-off shows: with $\text{lr} = 0.1$ the loss falls on almost every step, but
# slowly; the long steps reach a far lower loss, up and down on the way. The curve of
# $\text{lr} = 1$ also shows the hinge at work: it goes flat once every point is past its
# margin and only the small penalty still moves the weights (shrinking them), and jumps when
# a point slips back into the band. So a loss that rises now and then is normal with a large
# step, on a loss with kinks or on one whose curvature the step overshoots. To tell that
# from a bug, shrink $\text{lr}$ tenfold at a time until the loss falls on nearly every step
# (here 0.1 was enough, the table shows; another start may need a smaller rate), then run
# the gradient checks of step 5, which are the real test. If the loss still rises often at
# rates far smaller, suspect the gradient.

# %% [markdown]
# ## Step 9: the decision boundary
#
# The network's score is a function of the plane. Evaluating it on a grid shows where it says
# $+1$ and where $-1$; the boundary is the line where the score crosses 0. A forward pass
# needs no gradients, so here we feed plain floats through the *data* of the trained weights,
# with numpy: the same arithmetic, without building a graph. Stacking a layer's weight vectors
# as the columns of a matrix $W$ of shape $(n_\text{in}, n_\text{out})$ turns the layer into
# $Z = A W + b$ for a whole batch $A$ of points at once, the form that
# [Backpropagation in a network](../../network/) works with. The same fast forward pass also
# tells how the boundary does on fresh points.


# %%
def forward_numpy(model, A):
    """The score of every row of A, shape (N, 2) -> (N,)."""
    for i, layer in enumerate(model.layers):
        W = np.array([[w.data for w in n.w] for n in layer.neurons]).T
        b = np.array([n.b.data for n in layer.neurons])
        Z = A @ W + b  # W has shape (n_in, n_out)
        A = np.maximum(Z, 0) if i < len(model.layers) - 1 else Z
    return A[:, 0]


slow = [model([float(v) for v in row]).data for row in X[:5]]
assert np.allclose(forward_numpy(model, X[:5]), slow)

# 80 points are few: does the boundary hold on fresh ones?
X_new, labels_new = two_moons(400, noise=0.1, rng=1)
right = (forward_numpy(model, X_new) > 0) == (labels_new == 1)
print(f"accuracy on 400 points unseen: {right.mean():.1%}")
inside = Y * forward_numpy(model, X) < 1  # y s < 1: inside the margin
print(f"training points in the margin: {inside.sum()} of {len(Y)}")


# %%
# Drawing code: the decision boundary
# legends and labels drawn inside take the house style (dark-mode ink too)
@styled
def boundary_figure(model, X, labels, X_new, labels_new):
    # a phone's width, with text large enough there: reads on a desktop too
    fig, ax = new_figure(figsize=(NARROW, 4.4))
    lo, hi = X_new.min(axis=0) - 0.3, X_new.max(axis=0) + 0.3
    gx, gy = np.meshgrid(
        np.linspace(lo[0], hi[0], 200),
        np.linspace(lo[1], hi[1], 200),
    )
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    score = forward_numpy(model, grid).reshape(gx.shape)
    fills = [COLORS["blue"], COLORS["orange"]]
    sides = [-1e9, 0, 1e9]  # below and above a score of 0
    ax.contourf(gx, gy, score, levels=sides, colors=fills, alpha=0.18)
    ax.contour(gx, gy, score, levels=[0], colors=[COLORS["grey"]])
    # the margin: inside the band |s| < 1 a point still costs something
    margin = {
        "colors": [COLORS["grey"]],
        "linestyles": "dashed",
        "linewidths": 1,
        "zorder": 3,  # over the points, which would hide it
    }
    ax.contour(gx, gy, score, levels=[-1, 1], **margin)
    for label, color, marker in ((0, "blue", "o"), (1, "orange", "s")):
        new = X_new[labels_new == label]
        hollow = {"facecolors": "none", "edgecolors": COLORS[color]}
        ax.scatter(*new.T, s=18, marker=marker, linewidths=0.8, **hollow)
        pts = X[labels == label]
        entry = f"class {label}, y = {2 * label - 1:+d}".replace("-", "−")
        filled = {"color": COLORS[color], "label": entry}
        ax.scatter(*pts.T, s=26, marker=marker, **filled)
    # one legend entry for the new points: a hollow circle and a hollow square
    new_marks = tuple(
        Line2D([], [], ls="", marker=m, mfc="none", color=COLORS[c])
        for m, c in (("o", "blue"), ("s", "orange"))
    )
    ax.plot([], [], "--", lw=1, color=COLORS["grey"], label="score ±1")
    ax.set(aspect="equal")
    ax.set_xlabel("$x_1$", fontsize=TEXT)
    ax.set_ylabel("$x_2$", fontsize=TEXT)
    ax.tick_params(labelsize=TEXT)
    # this model's own shares, so the figure can be drawn for any network
    on_side = (forward_numpy(model, X) > 0) == (labels == 1)
    new_side = (forward_numpy(model, X_new) > 0) == (labels_new == 1)
    ax.set_title(
        f"on the correct side: {on_side.mean():.0%} of the {len(X)} training"
        f"\npoints (filled), {new_side.mean():.1%} of {len(X_new)} new ones",
        fontsize=TEXT,
    )
    handles, names = ax.get_legend_handles_labels()
    fig.legend(
        [*handles[:2], new_marks, handles[2]],
        [*names[:2], "new points", names[2]],
        handler_map={tuple: HandlerTuple(ndivide=None)},
        loc="outside lower center",
        ncols=2,
        fontsize=TEXT,
    )
    return fig


show_figure(
    boundary_figure(model, X, labels, X_new, labels_new),
    alt="Two interleaved half moons of points, blue (class 0, y = -1) and "
    "orange (class 1, y = +1), split by the "
    "curved boundary the trained network learned, with dashed lines where "
    "the score is -1 and +1 on either side of it. The 80 training points "
    "are filled, the 400 new points hollow.",
    filename="autograd-boundary.png",
)

# %% [markdown]
# The solid line is the boundary, where the score is 0; the dashed lines are the margin,
# where it is $-1$ and $+1$. A training point costs nothing once it is past the dashed line
# on its own side, so the hinge loss moved the boundary until (nearly) every filled point was
# past it, the count printed above, and pushed those points no further. The hollow points
# are the 400 fresh ones, never trained on; most fall on their correct side too.

# %% [markdown]
# ## What you built
#
# A few short cells of Python: a `Value` that records its parents and local derivatives, a
# backward pass that orders the graph with a loop and applies the chain rule on every edge,
# and a network made of nothing else. Its gradients matched the book's engine to within
# rounding and finite differences to within their own error, and gradient descent through it bent a
# boundary around two half moons.
#
# ## Going further: exp, log and powers (exercises 10 to 12)
#
# The hinge needed only relu. The logistic loss $\log\left(1 + e^{-y s}\right)$, which pulls
# on every point however far past the boundary it is, needs two more operations.
#
# **Your turn (exercise 10).** Write `exp` and `log`, each a new `Value` with `self` as its one
# parent, as `tanh` was. The local derivative of $e^x$ is $e^x$ itself, the output again; that
# of $\log x$ is $1/x$.


# %% nbgrader={"grade": false, "grade_id": "exp", "locked": false, "solution": true}
def exp(self):
    ### BEGIN SOLUTION
    e = math.exp(self.data)
    return Value(e, (self,), (e,))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check-exp", "locked": true, "points": 1}
check_exp(exp, Value)
print("exercise 10, exp: passed")


# %% nbgrader={"grade": false, "grade_id": "log", "locked": false, "solution": true}
def log(self):
    ### BEGIN SOLUTION
    return Value(math.log(self.data), (self,), (1.0 / self.data,))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check-log", "locked": true, "points": 1}
check_log(log, Value)
print("exercise 10, log: passed")

# %% [markdown]
# With both in place, the logistic loss of one point is a graph like any other, and your
# backward pass gives its gradient. For a point with label $y$ and score $s$ the slope is
# $-y / (1 + e^{y s})$: at $s = 0$ it is $-y/2$, and it shrinks as the point moves past the
# boundary but never reaches 0, where the hinge's slope is exactly 0 beyond the margin.

# %%
Value.exp = exp
Value.log = log

print(f"{'y':>3}{'s':>6}{'loss':>8}{'dL/ds':>9}")
for y_point, s_start in [(1.0, 0.0), (1.0, 2.0), (-1.0, 0.5)]:
    s = Value(s_start)
    loss = (1 + (-y_point * s).exp()).log()
    backward(loss)
    slope = -y_point / (1 + math.exp(y_point * s_start))
    print(f"{y_point:+3.0f}{s_start:6.1f}{loss.data:8.4f}{s.grad:+9.4f}")
    assert abs(s.grad - slope) < 1e-12

# %% [markdown]
# ### The logistic loss, trained
#
# With `exp` and `log` the network can train on the logistic loss instead of the hinge: the
# same network, start, schedule and penalty, only the loss of each point changes.


# %%
def logistic_loss_and_accuracy(model, X, Y):
    scores = [model([float(v) for v in row]) for row in X]
    pairs = list(zip(Y.tolist(), scores, strict=True))
    data_loss = sum(((1 + (-y * s).exp()).log() for y, s in pairs), start=0.0)
    penalty = sum((p * p for p in model.parameters()), start=0.0)
    loss = data_loss * (1.0 / len(Y)) + alpha * penalty
    right = [(s.data > 0) == (y > 0) for y, s in pairs]
    return loss, sum(right) / len(right)


logistic = MLP([2, 8, 8, 1], seed=1)
t0 = time.perf_counter()
for k in range(steps):
    loss, _ = logistic_loss_and_accuracy(logistic, X, Y)
    for p in logistic.parameters():
        p.grad = 0.0
    loss.backward()
    for p in logistic.parameters():
        p.data -= (1.0 - 0.9 * k / steps) * p.grad

train_seconds += time.perf_counter() - t0
_, train_accuracy = logistic_loss_and_accuracy(logistic, X, Y)
new_right = (forward_numpy(logistic, X_new) > 0) == (labels_new == 1)
print("on the correct side:")
print(f"{'':10}{'80 train':>10}{'400 new':>10}")
print(f"{'logistic':10}{train_accuracy:10.1%}{new_right.mean():10.1%}")
print(f"{'hinge':10}{accuracy:10.1%}{right.mean():10.1%}")
assert len(Y) == 80 and len(labels_new) == 400
assert train_accuracy >= 0.9 and new_right.mean() >= 0.9
assert accuracy >= train_accuracy and right.mean() >= new_right.mean()

# %% [markdown]
# Both losses nearly separate the moons; with this start and schedule the hinge does a little
# better on both sets of points (the cell checks it). That is not a verdict on the losses: at
# $s = 0$ the logistic loss's slope is half the hinge's, so the same schedule takes it half
# as far, and it ends with more left to learn. A fair race gives each loss its own best rate.
# Try next: draw the logistic network's boundary with
# `boundary_figure(logistic, X, labels, X_new, labels_new)` and compare it with the hinge's.
#
# ### Powers, division, and tanh rebuilt (exercises 11 and 12)
#
# Division is multiplication by a power: $x / y = x \, y^{-1}$. So one more operation, a
# power $x^n$ whose exponent $n$ is a plain number (a constant, not a `Value`), gives
# division too. This time the local derivative is yours to work out.
#
# **Your turn (exercise 11).** Write `power(self, n)`, a new `Value` of `self.data ** n`
# with `self` as its one parent and its local derivative as its local gradient.


# %% nbgrader={"grade": false, "grade_id": "power", "locked": false, "solution": true}
def power(self, n):
    ### BEGIN SOLUTION
    return Value(self.data**n, (self,), (n * self.data ** (n - 1),))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check-power", "locked": true, "points": 1}
check_power(power, Value)
print("exercise 11, power: passed")

# %%
Value.__pow__ = power
Value.__truediv__ = lambda self, other: self * as_value(other) ** -1
Value.__rtruediv__ = lambda self, other: as_value(other) * self**-1

x, y = Value(3.0), Value(4.0)
backward(x / y)
print(f"d(x/y)/dx = {x.grad:g}, d(x/y)/dy = {y.grad:g}")
assert math.isclose(x.grad, 1 / 4) and math.isclose(y.grad, -3 / 16)

# %% [markdown]
# Your engine now differentiates any formula made of its operations, with no derivative
# written down for the formula itself. Test that on a function it already knows. Andrej
# Karpathy's lecture builds tanh out of exponentials; do the same, and let the chain rule
# find its derivative, $1 - \tanh^2 x$, from the pieces.
#
# **Your turn (exercise 12).** Write `tanh_from_exp(x)`: $\tanh x$ made from `exp`, `+`,
# `-`, `*` and `/` alone, for a `Value` `x`. Which formula for tanh in terms of $e^x$ to use
# is up to you (your own `tanh` is hidden while the check runs). The check runs your
# `backward` through it and compares the gradient with $1 - \tanh^2 x$.


# %% nbgrader={"grade": false, "grade_id": "tanh-from-exp", "locked": false, "solution": true}
def tanh_from_exp(x):
    ### BEGIN SOLUTION
    e = (2 * x).exp()  # tanh x = (e^2x - 1) / (e^2x + 1)
    return (e - 1) / (e + 1)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check-tanh-from-exp", "locked": true, "points": 1}
check_tanh_from_exp(tanh_from_exp, Value)
print("exercise 12, tanh from exp: passed")

# %% [markdown]
# Same value, same gradient: what does the one-step `tanh` buy, then? A smaller graph, and
# one local gradient where the rebuilt version has many, each with its own rounding:

# %%
x = Value(0.5)
one_step, rebuilt = x.tanh(), tanh_from_exp(x)
n_one, n_rebuilt = (len(v.topological_order()) for v in (one_step, rebuilt))
print(f"nodes, tanh as one operation: {n_one}")
print(f"nodes, tanh rebuilt from exp: {n_rebuilt}")
assert n_rebuilt > 3 * n_one

# %% [markdown]
# That is why libraries give common functions an operation of their own, with its
# derivative written out, rather than building them from smaller ones.
#
# ### Why libraries work on arrays
#
# Every `Value` above is a Python object, made and walked one at a time. The numpy forward
# pass does the same arithmetic on whole arrays:

# %%
points = [[float(v) for v in row] for row in X]
t_values = min(
    timeit.repeat(lambda: [model(row) for row in points], number=1, repeat=3)
)
t_numpy = min(
    timeit.repeat(lambda: forward_numpy(model, X), number=1, repeat=3)
)
print(f"forward pass on {len(X)} points:")
print(f"  Values {t_values * 1e3:7.2f} ms")
print(f"  numpy  {t_numpy * 1e3:7.2f} ms")
print(f"numpy is {t_values / t_numpy:.0f} times faster")
assert t_values > 10 * t_numpy

# %% [markdown]
# That is why real libraries work on whole arrays at once, as the
# [handwritten digits lab](../digits/) does with the numpy network of `backprop.nn`.

# %% [markdown]
# ### Why not raise the recursion limit?
#
# Exercise 6 asked for a loop, and its check refuses a raised recursion limit. The limit
# guards something real: the interpreter's own stack, the C stack, which has a fixed size. A
# function that only calls itself, like `visit`, no longer uses that stack in Python 3.11 and
# later; a recursion that passes through C code at every level still does. With the guard
# raised, such a recursion overflows the C stack, and the interpreter dies at once, with no
# exception to catch and the notebook's variables lost. The next cell tries it, with
# `max(map(...))` as the C code, in a separate Python process so that this one survives.

# %%
deep_recursion = """
import sys
sys.setrecursionlimit(1_000_000)
def depth(n):  # one call per level, each through map (C code)
    return 0 if n == 0 else 1 + max(map(depth, [n - 1]))
print(depth(200_000))
"""
run = subprocess.run(
    [sys.executable, "-c", deep_recursion], capture_output=True, text=True
)
if run.returncode < 0:  # Linux and macOS: killed by a signal
    print("killed by", signal.Signals(-run.returncode).name)
else:
    print("exit code", run.returncode, run.stderr.strip()[-30:])
assert run.returncode != 0 and not run.stdout  # it never got to print
if sys.version_info < (3, 12) and sys.platform != "win32":
    assert run.returncode == -signal.SIGSEGV

# %% [markdown]
# SIGSEGV is a segmentation fault: the process wrote past the end of its stack and the
# operating system killed it. (Python 3.12 and later guard C recursion too, and raise
# `RecursionError` there instead.) The loop of exercise 6 keeps its stack in a list, on the
# heap, which grows as far as memory allows.

# %%
total = time.perf_counter() - start
print(f"the whole lab ran in {total:.1f} s,")
print(f"{train_seconds:.1f} s of it training")
assert train_seconds > total / 2
