"""The checks of the autograd lab: each fails on the starter and on a typical wrong answer, with
a message naming the mistake, and passes on the solution."""

from __future__ import annotations

import math
import random

import pytest

from backprop.exercises import ExerciseError
from backprop.exercises.autograd import (
    check_add,
    check_backward,
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

# ------------------------------------------------------------------- a learner's solution


class Value:
    __slots__ = ("data", "grad", "local_grads", "parents")

    def __init__(self, data, parents=(), local_grads=()):
        self.data = float(data)
        self.grad = 0.0
        self.parents = parents
        self.local_grads = local_grads


def as_value(v):
    return v if isinstance(v, Value) else Value(v)


def add(self, other):  # type(self): the class it is attached to, as in _attach below
    other = as_value(other)
    return type(self)(self.data + other.data, (self, other), (1.0, 1.0))


def mul(self, other):
    other = as_value(other)
    return type(self)(self.data * other.data, (self, other), (other.data, self.data))


def tanh(self):
    t = math.tanh(self.data)
    return type(self)(t, (self,), (1.0 - t * t,))


def relu(self):
    return Value(max(0.0, self.data), (self,), (1.0 if self.data > 0 else 0.0,))


def topological_order(self):
    order, seen, stack = [], {self}, [(self, iter(self.parents))]
    while stack:
        node, todo = stack[-1]
        for parent in todo:
            if parent not in seen:
                seen.add(parent)
                stack.append((parent, iter(parent.parents)))
                break
        else:
            stack.pop()
            order.append(node)
    return order


def backward(self):
    order = self.topological_order()
    earlier = [node.grad for node in order]
    for node in order:
        node.grad = 0.0
    self.grad = 1.0
    for node in reversed(order):
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            parent.grad += local * node.grad
    for node, grad in zip(order, earlier, strict=True):
        node.grad += grad


class Neuron:
    def __init__(self, n_in, rng, activation, make=Value):
        scale = math.sqrt(6.0 / n_in)
        self.w = [make(scale * rng.uniform(-1, 1)) for _ in range(n_in)]
        self.b = make(0.0)
        self.activation = activation

    def __call__(self, x):
        s = self.b
        for wi, xi in zip(self.w, x, strict=True):
            s = s + wi * xi
        return {"relu": s.relu, "tanh": s.tanh}.get(self.activation, lambda: s)()

    def parameters(self):
        return [*self.w, self.b]


def loss_and_accuracy(model, X, Y):
    scores = [model([float(v) for v in row]) for row in X]
    pairs = list(zip(Y.tolist(), scores, strict=True))
    loss = sum(((1 - y * s).relu() for y, s in pairs), start=0.0) * (1.0 / len(Y))
    return loss, sum((s.data > 0) == (y > 0) for y, s in pairs) / len(pairs)


def train_step(model, X, Y, lr):
    loss, accuracy = loss_and_accuracy(model, X, Y)
    for p in model.parameters():
        p.grad = 0.0
    loss.backward()
    for p in model.parameters():
        p.data -= lr * p.grad
    return loss, accuracy


def starter(*args, **kwargs):
    raise NotImplementedError()


class StarterValue:
    """The student notebook's class: the constructor not written yet."""

    __slots__ = ("data", "grad", "local_grads", "parents")

    def __init__(self, data, parents=(), local_grads=()):
        raise NotImplementedError()


# ------------------------------------------------------------------------------ the tests


def fails_with(call, *fragments: str) -> str:
    with pytest.raises(ExerciseError) as info:
        call()
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, message
    assert "\n" not in message
    return message


def test_every_check_passes_on_the_solution():
    check_value(Value)
    check_add(add, Value)
    check_mul(mul, Value)
    check_tanh(tanh, Value)
    check_relu(relu, Value)
    check_topological_order(topological_order)
    check_backward(backward)
    check_neuron(Neuron)
    check_training_step(train_step, loss_and_accuracy)


@pytest.mark.parametrize(
    "call",
    [
        lambda: check_value(StarterValue),
        lambda: check_add(starter, Value),
        lambda: check_mul(starter, Value),
        lambda: check_tanh(starter, Value),
        lambda: check_relu(starter, Value),
        lambda: check_topological_order(starter),
        lambda: check_backward(starter),
        lambda: check_training_step(starter, loss_and_accuracy),
    ],
    ids=["value", "add", "mul", "tanh", "relu", "order", "backward", "step"],
)
def test_every_check_says_a_starter_is_not_written_yet(call):
    fails_with(call, "is not written yet", "NotImplementedError")


def test_the_neuron_check_says_a_starter_is_not_written_yet():
    class StarterNeuron:
        def __init__(self, n_in, rng, activation, make=Value):
            raise NotImplementedError()

    fails_with(lambda: check_neuron(StarterNeuron), "not written yet")


def test_operations_are_checked_even_before_the_value_class_is_written():
    # the student notebook's Value raises NotImplementedError: a stand-in takes its place
    check_add(add_of(StarterValue), StarterValue)
    with pytest.raises(NotImplementedError):
        StarterValue(1.0)  # and the learner's class is left as it was


def add_of(cls):
    def add(self, other):
        other = other if isinstance(other, cls) else cls(other)
        return cls(self.data + other.data, (self, other), (1.0, 1.0))

    return add


def test_value_check_names_a_grad_not_started_at_zero():
    class NoneGrad(Value):
        __slots__ = ()

        def __init__(self, data, parents=(), local_grads=()):
            super().__init__(data, parents, local_grads)
            self.grad = None

    fails_with(lambda: check_value(NoneGrad), "Value(2).grad is None", "start at 0.0")


def test_value_check_names_data_kept_as_an_int():
    class IntData(Value):
        __slots__ = ()

        def __init__(self, data, parents=(), local_grads=()):
            super().__init__(data, parents, local_grads)
            self.data = data

    fails_with(lambda: check_value(IntData), "2 of type int", "float(data)")


def test_mul_check_names_swapped_local_gradients():
    def swapped(self, other):
        other = as_value(other)
        return Value(self.data * other.data, (self, other), (self.data, other.data))

    message = fails_with(lambda: check_mul(swapped, Value), "swapped")
    assert message.startswith("d(x*y)/dx came out 2.0 at x=2.0, y=3.0; it should be y = 3.0")


def test_add_check_names_the_gradient_of_mul_given_for_add():
    def like_mul(self, other):
        other = as_value(other)
        return Value(self.data + other.data, (self, other), (other.data, self.data))

    fails_with(lambda: check_add(like_mul, Value), "d(x+y)/dx came out 3.0", "not of +")


def test_operation_checks_say_a_plain_number_is_not_a_value():
    fails_with(lambda: check_add(lambda s, o: s.data + o.data, Value), "5.0 of type float")
    fails_with(lambda: check_mul(lambda s, o: None, Value), "returned None", "return")


def test_operation_checks_say_a_constant_must_be_wrapped():
    def unwrapped(self, other):
        return Value(self.data * other.data, (self, other), (other.data, self.data))

    fails_with(lambda: check_mul(unwrapped, Value), "mul(x, 4.0)", "as_value(other)")


def test_tanh_check_names_the_input_used_for_the_output():
    def at_input(self):
        return Value(math.tanh(self.data), (self,), (1 - self.data**2,))

    fails_with(lambda: check_tanh(at_input, Value), "at x=0.5", "the input x")


def test_relu_check_names_a_gradient_of_one_at_zero():
    def at_zero(self):
        return Value(max(0.0, self.data), (self,), (1.0 if self.data >= 0 else 0.0,))

    fails_with(lambda: check_relu(at_zero, Value), "at x=0.0", "x > 0, not x >= 0")


def test_relu_check_says_returning_the_input_is_not_a_new_value():
    fails_with(lambda: check_relu(lambda self: self, Value), "returned x itself")


def test_order_check_names_duplicates():
    def no_seen(self):
        order, stack = [], [self]
        while stack:
            node = stack.pop()
            order.append(node)
            stack.extend(node.parents)
        return order[::-1]

    fails_with(lambda: check_topological_order(no_seen), "x appears 2 times", "seen")


def marked_when_pushed(self, reverse=False):
    """The usual slip of a stack walk: mark a node seen when it is pushed, append it when it
    comes off the stack the second time."""
    order, seen, stack = [], {self}, [(self, False)]
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


def test_order_check_names_marking_a_node_seen_when_it_is_pushed():
    fails_with(
        lambda: check_topological_order(marked_when_pushed),
        "z = a + a*2 with a = x*y, a*2 comes before its parent a",
        "seen when you pushed it",
    )
    fails_with(
        lambda: check_topological_order(lambda self: marked_when_pushed(self, reverse=True)),
        "z = x*y + x, x*y comes before its parent x",
        "seen when you pushed it",
    )


def test_that_slip_gives_a_wrong_gradient_the_other_checks_miss():
    from backprop import Value as Ref

    x, y = Ref(2.0), Ref(3.0)
    a = x * y
    z = a + a * 2
    z.grad = 1.0
    for node in reversed(marked_when_pushed(z)):
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            parent.grad += local * node.grad
    assert x.grad == 3.0  # 9.0 in the right order


def test_order_check_passes_a_stack_walk_that_marks_a_node_when_it_expands_it():
    def marked_when_expanded(self):
        order, seen, stack = [], set(), [(self, False)]
        while stack:
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
            elif node not in seen:
                seen.add(node)
                stack.append((node, True))
                stack.extend((p, False) for p in node.parents if p not in seen)
        return order

    check_topological_order(marked_when_expanded)


def test_order_check_gives_no_slip_hint_for_another_wrong_order():
    def swapped(self):  # the right order, with the node before the output moved first
        order = topological_order(self)
        return [order[-2], *order[:-2], order[-1]]

    message = fails_with(lambda: check_topological_order(swapped), "comes before its parent")
    assert "pushed" not in message


def test_order_check_names_an_order_that_starts_with_the_output():
    reversed_order = lambda self: topological_order(self)[::-1]  # noqa: E731
    fails_with(lambda: check_topological_order(reversed_order), "starts with the output")


def recursive_order(self):
    """The textbook depth-first order, recursive: deeper graphs than the limit stop it."""
    order, seen = [], set()

    def visit(node):
        if node not in seen:
            seen.add(node)
            for parent in node.parents:
                visit(parent)
            order.append(node)

    visit(self)
    return order


def test_order_check_names_recursion():
    fails_with(lambda: check_topological_order(recursive_order), "recursion limit", "a loop")


def test_order_check_says_none_is_not_a_list():
    fails_with(lambda: check_topological_order(lambda self: None), "returned None")


@pytest.mark.parametrize(
    ("slip", "fragment"),
    [("assign", "assigned (=)"), ("forward", "reversed"), ("no seed", "to 1.0")],
)
def test_backward_check_names_the_slip(slip, fragment):
    def wrong(self):
        order = self.topological_order()
        if slip != "no seed":
            self.grad = 1.0
        for node in order if slip == "forward" else reversed(order):
            for parent, local in zip(node.parents, node.local_grads, strict=True):
                if slip == "assign":
                    parent.grad = local * node.grad
                else:
                    parent.grad += local * node.grad

    fails_with(lambda: check_backward(wrong), fragment)


def test_backward_check_requires_gradients_to_accumulate():
    def no_restore(self):
        order = self.topological_order()
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            for parent, local in zip(node.parents, node.local_grads, strict=True):
                parent.grad += local * node.grad

    fails_with(lambda: check_backward(no_restore), "twice", "accumulate")


def test_neuron_check_names_a_missing_bias():
    class NoBias(Neuron):
        def __call__(self, x):
            s = sum((wi * xi for wi, xi in zip(self.w, x, strict=True)), start=0.0)
            return {"relu": s.relu, "tanh": s.tanh}.get(self.activation, lambda: s)()

    fails_with(lambda: check_neuron(NoBias), "bias b seems left out")


def test_neuron_check_says_a_float_output_cannot_be_differentiated():
    class Floats(Neuron):
        def __call__(self, x):
            s = sum(w.data * xi for w, xi in zip(self.w, x, strict=True)) + self.b.data
            return {"relu": max(0.0, s), "tanh": math.tanh(s)}.get(self.activation, s)

    fails_with(lambda: check_neuron(Floats), "of type float", "not their .data")


def test_neuron_check_names_a_bias_that_does_not_start_at_zero():
    class RandomBias(Neuron):
        def __init__(self, n_in, rng, activation, make=Value):
            super().__init__(n_in, rng, activation, make)
            self.b = make(rng.uniform(-1, 1))

    fails_with(lambda: check_neuron(RandomBias), "bias", "start at 0.0")


def test_neuron_check_names_a_bias_listed_first():
    class BiasFirst(Neuron):
        def parameters(self):
            return [self.b, *self.w]

    message = fails_with(lambda: check_neuron(BiasFirst), "weights first and the bias last")
    assert "the bias of" not in message


def test_step_check_names_gradients_not_set_to_zero():
    def no_zero(model, X, Y, lr):
        loss, accuracy = loss_and_accuracy(model, X, Y)
        loss.backward()
        for p in model.parameters():
            p.data -= lr * p.grad
        return loss, accuracy

    fails_with(
        lambda: check_training_step(no_zero, loss_and_accuracy),
        "step 1",
        "earlier backward()",
        "p.grad to 0.0 before loss.backward()",
    )


def test_step_check_names_gradients_zeroed_only_after_the_step():
    # PyTorch's habit, optimizer.step(); optimizer.zero_grad(): the lab's first step would
    # carry the gradients its step 7 left, so the check starts with gradients in p.grad too
    def zero_after(model, X, Y, lr):
        loss, accuracy = loss_and_accuracy(model, X, Y)
        loss.backward()
        for p in model.parameters():
            p.data -= lr * p.grad
            p.grad = 0.0
        return loss, accuracy

    fails_with(
        lambda: check_training_step(zero_after, loss_and_accuracy),
        "step 1",
        "not after the step",
    )


def test_step_check_names_the_pair_returned_the_wrong_way_round():
    def swapped(model, X, Y, lr):
        loss, accuracy = train_step(model, X, Y, lr)
        return accuracy, loss

    fails_with(
        lambda: check_training_step(swapped, loss_and_accuracy),
        "first and the loss Value second",
        "(loss, accuracy)",
    )


def test_step_check_names_a_step_up_the_gradient():
    def up(model, X, Y, lr):
        return train_step(model, X, Y, -lr)

    fails_with(lambda: check_training_step(up, loss_and_accuracy), "step 1", "up the gradient")


def test_step_check_says_what_it_should_return():
    def no_return(model, X, Y, lr):
        train_step(model, X, Y, lr)

    fails_with(lambda: check_training_step(no_return, loss_and_accuracy), "returned None")


@pytest.mark.parametrize(
    "call",
    [
        lambda: check_add(3, Value),
        lambda: check_add(add, Value(1.0)),
        lambda: check_backward(None),  # e.g. backward(x) passed: its result
        lambda: check_neuron(Neuron(2, random.Random(0), "relu")),
    ],
    ids=["number", "instance", "called", "neuron-instance"],
)
def test_checks_given_something_else_say_so_in_one_sentence(call):
    message = fails_with(call)
    assert "should be" in message and message.count(". ") <= 1


# ------------------------------------------- slips that passed a check, then broke a later cell


@pytest.mark.parametrize(
    ("check", "slip", "fragment"),
    [
        (check_tanh, lambda s: Value(math.tanh(s.data), (s), (0.5,)), "(self,) with its comma"),
        (check_tanh, lambda s: Value(math.tanh(s.data), (s,), 0.5), "(g,) with its comma"),
        (check_relu, lambda s: Value(max(0.0, s.data), s, (1.0,)), "a tuple of one Value"),
    ],
    ids=["parents", "local-grads", "relu-parents"],
)
def test_unary_checks_name_a_tuple_without_its_comma(check, slip, fragment):
    fails_with(lambda: check(slip, Value), "not a tuple", fragment)


def test_binary_checks_say_parents_must_be_a_tuple():
    def bare(self, other):
        other = as_value(other)
        return Value(self.data + other.data, self, (1.0, 1.0))

    fails_with(lambda: check_add(bare, Value), "not a tuple", "(x, y)")


def test_neuron_check_requires_the_seeded_generator():
    class Unseeded(Neuron):
        def __init__(self, n_in, rng, activation, make=Value):
            super().__init__(n_in, random, activation, make)  # the random module, not rng

    fails_with(lambda: check_neuron(Unseeded), "random.Random(0)", "rng.uniform")
    state = random.getstate()
    check_neuron(Neuron)
    assert random.getstate() == state  # the learner's own stream is left as it was


def test_neuron_check_says_weights_must_come_from_make():
    class Own(Neuron):
        def __init__(self, n_in, rng, activation, make=Value):
            super().__init__(n_in, rng, activation, make=Value)  # the learner's class

    fails_with(lambda: check_neuron(Own), "class of its own", "make(...)")


def test_step_check_requires_the_loss_value_not_its_number():
    def number(model, X, Y, lr):
        loss, accuracy = train_step(model, X, Y, lr)
        return loss.data, accuracy

    fails_with(lambda: check_training_step(number, loss_and_accuracy), "loss Value", "loss.data")


def test_step_check_refuses_a_method_the_labs_value_lacks():
    from backprop import Value as Ref

    def zero_grad(model, X, Y, lr):
        loss, accuracy = loss_and_accuracy(model, X, Y)
        loss.zero_grad()
        loss.backward()
        for p in model.parameters():
            p.data -= lr * p.grad
        return loss, accuracy

    fails_with(lambda: check_training_step(zero_grad, loss_and_accuracy), "zero_grad", "p.grad")
    assert Ref.zero_grad.__qualname__ == "Value.zero_grad"  # put back after the check


def test_step_check_names_a_loss_of_another_model():
    def global_model(model, X, Y, lr):
        _, accuracy = train_step(model, X, Y, lr)
        return Value(0.5), accuracy  # a loss of the learner's Values: the global model's

    fails_with(
        lambda: check_training_step(global_model, loss_and_accuracy), "not made of the model"
    )


def test_jupyter_shows_the_message_and_the_learners_frames_only():
    def broken(self, other):
        return self.data.nope  # AttributeError in the learner's code

    with pytest.raises(ExerciseError) as info:
        check_add(broken, Value)
    shown = "\n".join(info.value._render_traceback_())
    assert "ExerciseError" in shown and "add(x, y) raised AttributeError" in shown
    frames = shown.split("ExerciseError")[0]
    assert "return self.data.nope" in frames and "backprop/exercises" not in frames

    with pytest.raises(ExerciseError) as info:
        check_add(starter, Value)
    assert len(info.value._render_traceback_()) <= 3  # not written yet: the message alone


def test_backward_that_recurses_per_node_fails_on_the_deep_chain():
    from backprop.exercises.autograd import check_backward

    def backward(self):  # hands the gradient down every path, one call per node
        def go(node, g):
            node.grad += g
            for parent, local in zip(node.parents, node.local_grads, strict=True):
                go(parent, local * g)

        go(self, 1.0)

    with pytest.raises(ExerciseError, match="recursion limit"):
        check_backward(backward)


def test_parents_kept_as_a_set_are_named():
    from backprop.exercises.autograd import check_value

    class Value:
        def __init__(self, data, parents=(), local_grads=()):
            self.data, self.grad = float(data), 0.0
            self.parents, self.local_grads = set(parents), local_grads

    with pytest.raises(ExerciseError, match="parents is a set"):
        check_value(Value)


# ------------------------------------------------- review 1: code that works, messages that fit


def test_order_check_refuses_a_raised_recursion_limit_and_sets_it_back():
    import sys

    def raised(self):
        sys.setrecursionlimit(100_000)
        return recursive_order(self)

    limit = sys.getrecursionlimit()
    fails_with(
        lambda: check_topological_order(raised), "changed Python's recursion limit", "a loop"
    )
    assert sys.getrecursionlimit() == limit


def test_backward_check_refuses_a_raised_recursion_limit():
    import sys

    def raised(self):
        sys.setrecursionlimit(sys.getrecursionlimit() + 1)
        backward(self)

    limit = sys.getrecursionlimit()
    fails_with(lambda: check_backward(raised), "recursion limit", "set back")
    assert sys.getrecursionlimit() == limit


def test_binary_checks_accept_parents_in_the_other_order_with_their_gradients():
    def other_first(self, other):
        other = as_value(other)
        return Value(self.data * other.data, (other, self), (self.data, other.data))

    check_mul(other_first, Value)

    def unpaired(self, other):  # the parents turned round, the gradients not
        other = as_value(other)
        return Value(self.data * other.data, (other, self), (other.data, self.data))

    fails_with(lambda: check_mul(unpaired, Value), "d(x*y)/dx", "swapped")


def test_binary_checks_name_a_parent_given_twice():
    def twice(self, other):
        other = as_value(other)
        return Value(self.data + other.data, (self, self), (1.0, 1.0))

    fails_with(lambda: check_add(twice, Value), "parents of x+y should be (x, y)")


def test_unary_checks_accept_a_bool_local_gradient():
    def relu_bool(self):
        return Value(max(0.0, self.data), (self,), (self.data > 0,))

    check_relu(relu_bool, Value)


def test_neuron_check_names_a_gaussian_initialisation():
    class Gaussian(Neuron):
        def __init__(self, n_in, rng, activation, make=Value):
            self.w = [make(rng.gauss(0, math.sqrt(2 / n_in))) for _ in range(n_in)]
            self.b, self.activation = make(0.0), activation

    message = fails_with(lambda: check_neuron(Gaussian), "a Gaussian", "uniform version")
    assert "fixed" not in message


def test_neuron_check_names_micrograds_fixed_range():
    class Fixed(Neuron):
        def __init__(self, n_in, rng, activation, make=Value):
            self.w = [make(rng.uniform(-1, 1)) for _ in range(n_in)]
            self.b, self.activation = make(0.0), activation

    fails_with(lambda: check_neuron(Fixed), "+-0.5", "not a fixed rng.uniform(-1, 1)")


@pytest.mark.parametrize(
    "scale",
    [lambda n: math.sqrt(6 / (n + 1)), lambda n: math.sqrt(1 / n)],
    ids=["n-plus-one", "one-over-n"],
)
def test_neuron_check_names_weights_that_spread_too_little(scale):
    class Narrow(Neuron):
        def __init__(self, n_in, rng, activation, make=Value):
            super().__init__(n_in, rng, activation, make)
            self.w = [make(scale(n_in) * rng.uniform(-1, 1)) for _ in range(n_in)]

    fails_with(lambda: check_neuron(Narrow), "spread only", "+-1.73205")


def test_neuron_check_names_weights_on_one_side():
    class Positive(Neuron):
        def __init__(self, n_in, rng, activation, make=Value):
            super().__init__(n_in, rng, activation, make)
            self.w = [make(math.sqrt(6 / n_in) * rng.random()) for _ in range(n_in)]

    fails_with(lambda: check_neuron(Positive), "spread only", "both sides")


def test_step_check_names_gradients_zeroed_between_backward_and_step():
    def zero_late(model, X, Y, lr):
        loss, accuracy = loss_and_accuracy(model, X, Y)
        loss.backward()
        for p in model.parameters():
            p.grad = 0.0
        for p in model.parameters():
            p.data -= lr * p.grad
        return loss, accuracy

    fails_with(
        lambda: check_training_step(zero_late, loss_and_accuracy),
        "gradients were zero when you stepped",
        "before loss.backward()",
    )


def test_step_check_names_a_parameter_left_out_with_a_readable_gap():
    def with_penalty(model, X, Y):  # the lab's loss: the last parameter's step is tiny
        loss, accuracy = loss_and_accuracy(model, X, Y)
        return loss + 1e-4 * sum((p * p for p in model.parameters()), start=0.0), accuracy

    def all_but_last(model, X, Y, lr):
        loss, accuracy = with_penalty(model, X, Y)
        for p in model.parameters():
            p.grad = 0.0
        loss.backward()
        for p in model.parameters()[:-1]:
            p.data -= lr * p.grad
        return loss, accuracy

    message = fails_with(
        lambda: check_training_step(all_but_last, with_penalty),
        "1 of the 13 parameters did not move",
    )
    assert "by up to 0.0)" not in message and "e-0" in message  # significant digits


# ----------------------------------------------------- exercises 11 and 12: power, tanh rebuilt


def power(self, n):
    return Value(self.data**n, (self,), (n * self.data ** (n - 1),))


def exp(self):
    e = math.exp(self.data)
    return Value(e, (self,), (e,))


class FullValue(Value):
    """The learner's Value with every operation of the lab attached."""

    __slots__ = ()


def _attach(cls, exp=exp, power=power):
    def wrap(v):
        return v if isinstance(v, cls) else cls(v)

    def exp_(self):
        out = exp(self)
        return cls(out.data, (self,), out.local_grads)

    def power_(self, n):
        out = power(self, n)
        return cls(out.data, (self,), out.local_grads)

    cls.__add__ = cls.__radd__ = add
    cls.__mul__ = cls.__rmul__ = mul
    cls.__neg__ = lambda self: self * -1.0
    cls.__sub__ = lambda self, other: self + (-wrap(other))
    cls.__rsub__ = lambda self, other: wrap(other) + (-self)
    cls.__pow__ = power_
    cls.__truediv__ = lambda self, other: self * wrap(other) ** -1
    cls.tanh = tanh
    cls.exp = exp_
    cls.topological_order = topological_order
    cls.backward = backward
    return cls


def tanh_from_exp(x):
    e = (2 * x).exp()
    return (e - 1) / (e + 1)


def test_power_and_tanh_from_exp_pass_on_the_solution():
    check_power(power, Value)
    cls = _attach(type("V", (FullValue,), {"__slots__": ()}))
    check_tanh_from_exp(tanh_from_exp, cls)
    assert "tanh" in cls.__dict__  # hidden while the check ran, then put back


def test_power_and_tanh_from_exp_say_a_starter_is_not_written_yet():
    fails_with(lambda: check_power(starter, Value), "not written yet")
    cls = _attach(type("V", (FullValue,), {"__slots__": ()}))
    fails_with(lambda: check_tanh_from_exp(starter, cls), "not written yet")


@pytest.mark.parametrize(
    ("slip", "fragment"),
    [
        (lambda s, n: Value(s.data**n, (s,), (s.data ** (n - 1),)), "factor n is missing"),
        (
            lambda s, n: Value(s.data**n, (s,), (s.data**n * math.log(abs(s.data)),)),
            "constant base",
        ),
        (
            lambda s, n: Value(s.data**n, (s, Value(n)), (n * s.data ** (n - 1), 0.0)),
            "the exponent n is a plain number",
        ),
    ],
    ids=["no-n", "exponential-rule", "n-as-parent"],
)
def test_power_check_names_the_slip(slip, fragment):
    fails_with(lambda: check_power(slip, Value), fragment)


def test_tanh_from_exp_check_refuses_the_tanh_it_rebuilds():
    cls = _attach(type("V", (FullValue,), {"__slots__": ()}))
    fails_with(lambda: check_tanh_from_exp(lambda x: x.tanh(), cls), "called tanh", "hidden")
    assert "tanh" in cls.__dict__

    def one_step(x):
        t = math.tanh(x.data)
        return cls(t, (x,), (1 - t * t,))

    fails_with(lambda: check_tanh_from_exp(one_step, cls), "made in one step")

    def cut_off(x):  # the right number, in a Value of its own: no graph back to x
        e = cls(math.exp(2 * x.data))
        return (e - 1) / (e + 1)

    def parentless(x):
        return cls(math.tanh(x.data))

    for slip in (cut_off, parentless):
        message = fails_with(
            lambda slip=slip: check_tanh_from_exp(slip, cls), "does not reach x", "x.data"
        )
        assert "one step" not in message


def test_tanh_from_exp_check_blames_a_local_gradient_when_the_value_is_right():
    def exp_wrong(self):  # the right value, the local gradient of 1
        return Value(math.exp(self.data), (self,), (1.0,))

    cls = _attach(type("V", (FullValue,), {"__slots__": ()}), exp=exp_wrong)
    fails_with(
        lambda: check_tanh_from_exp(tanh_from_exp, cls), "x.grad came out", "a local gradient"
    )


def test_tanh_from_exp_check_says_which_operation_is_missing():
    fails_with(lambda: check_tanh_from_exp(tanh_from_exp, Value), "no exp yet")


def test_backward_check_passes_zeroing_only_the_inner_nodes():
    """The lab says so: the check compares the inputs' gradients, which this version gets right."""

    def backward_inner_only(self):
        order = self.topological_order()
        for node in order:
            if node.parents:
                node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            for parent, local in zip(node.parents, node.local_grads, strict=True):
                parent.grad += local * node.grad

    check_backward(backward_inner_only)
