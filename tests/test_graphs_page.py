"""The engine chapter 4 builds (docs_src/graphs/value_step4.py) is the engine the package ships.

The page's last step and ``backprop.Value`` must build the same graph, in the same order, with
the same numbers, on random expressions; and the graph walk (``topological_order``,
``backward``, ``zero_grad``) must be the same code in the page, the lab and the package.
"""

import ast
import inspect
import math
import operator
import re
import runpy
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import backprop
from backprop import Value

ROOT = Path(__file__).resolve().parent.parent
STEPS = ROOT / "docs_src" / "graphs"
LAB = ROOT / "docs" / "labs" / "autograd.py"


@pytest.fixture(scope="module")
def page_value():
    return runpy.run_path(str(STEPS / "value_step4.py"))["Value"]


def code_of(function_source: str) -> str:
    """The code of a function without its docstring, comments and type hints."""
    tree = ast.parse(textwrap.dedent(function_source))
    function = tree.body[0]
    function.returns = None
    for arg in function.args.args:
        arg.annotation = None
    body = function.body
    if isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        function.body = body[1:]  # drop the docstring
    return ast.unparse(function)


def functions_in(path: Path) -> dict[str, str]:
    """Every function defined in a file, at top level or in a class, as ``code_of`` gives it."""
    tree = ast.parse(path.read_text())
    source = path.read_text()
    return {
        node.name: code_of(ast.get_source_segment(source, node))
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef)
    }


@pytest.mark.parametrize("name", ["topological_order", "backward", "zero_grad"])
def test_page_step_has_the_package_code(name):
    package = code_of(inspect.getsource(getattr(Value, name)))
    assert functions_in(STEPS / "value_step4.py")[name] == package


def test_page_step3_and_lab_walk_the_graph_with_the_package_code():
    package = code_of(inspect.getsource(Value.topological_order))
    assert functions_in(STEPS / "value_step3.py")["topological_order"] == package
    lab = functions_in(LAB)
    assert lab["topological_order"] == package
    assert lab["backward"] == code_of(inspect.getsource(Value.backward))


def test_constructor_signature_is_the_same(page_value):
    ours = inspect.signature(Value.__init__)
    theirs = inspect.signature(page_value.__init__)
    assert [(p.name, p.default) for p in ours.parameters.values()] == [
        (p.name, p.default) for p in theirs.parameters.values()
    ]


def test_value_is_public_at_the_top_of_the_package():
    assert backprop.Value is Value
    assert "Value" in backprop.__all__


# A random program: each step applies an operation to two earlier nodes (nodes get reused).
UNARY = {
    "exp": lambda v: v.exp(),
    "tanh": lambda v: v.tanh(),
    "sigmoid": lambda v: v.sigmoid(),
    "relu": lambda v: v.relu(),
    "neg": operator.neg,
    "square": lambda v: v**2,
    "log1+sq": lambda v: (1 + v * v).log(),
    "2-": lambda v: 2 - v,
    "3/": lambda v: 3 / (1 + v * v),
}
BINARY = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": lambda a, b: a / (2 + b * b),
}

programs = st.tuples(
    st.lists(st.floats(-2, 2, allow_nan=False), min_size=1, max_size=4),
    st.lists(
        st.tuples(
            st.sampled_from(sorted(UNARY) + sorted(BINARY)), st.integers(0, 99), st.integers(0, 99)
        ),
        min_size=1,
        max_size=12,
    ),
)


def run(program, value_class):
    inputs, steps = program
    nodes = [value_class(x, label=f"x{i}") for i, x in enumerate(inputs)]
    for name, i, j in steps:
        a, b = nodes[i % len(nodes)], nodes[j % len(nodes)]
        out = BINARY[name](a, b) if name in BINARY else UNARY[name](a)
        if abs(out.data) > 50:  # keep exp from overflowing later (e**50 is fine)
            out = out.tanh()
        nodes.append(out)
    return nodes


def summary(nodes):
    """The output's graph in topological order: (op, label, data, grad) of every node."""
    return [(n.op, n.label, n.data, n.grad) for n in nodes[-1].topological_order()]


@given(programs)
def test_page_step_and_package_agree_on_random_graphs(page_value, program):
    ours, theirs = run(program, Value), run(program, page_value)
    for nodes in (ours, theirs):
        nodes[-1].backward()
    assert summary(ours) == summary(theirs)  # same order, same data, same grads
    for nodes in (ours, theirs):
        nodes[-1].backward()  # gradients accumulate the same way
    assert summary(ours) == summary(theirs)
    assert all(math.isfinite(n.grad) for n in ours)


# ---------------------------------------------------------------- the pages' exercise solutions

PAGES = [ROOT / "docs" / name for name in ("graphs.md", "modes.md", "network-by-hand.md")]
FENCE = re.compile(r"^(?P<indent> +)```python\n(?P<code>.*?)^(?P=indent)```$", re.M | re.S)


def solutions(page: Path) -> list[str]:
    """The indented python blocks of a page: those inside its folded admonitions."""
    return [textwrap.dedent(m["code"]) for m in FENCE.finditer(page.read_text())]


@pytest.mark.parametrize(
    ("page", "index"),
    [(p, i) for p in PAGES if p.exists() for i in range(len(solutions(p)))],
    ids=lambda v: v.name if isinstance(v, Path) else str(v),
)
def test_exercise_solution_runs_as_copied(page, index, capsys):
    exec(compile(solutions(page)[index], f"{page.name}[solution {index}]", "exec"), {})
    assert capsys.readouterr().out  # every solution prints what it found


@pytest.mark.parametrize("base", [0.0, 0.5, 1.0, 2.0, -1.5, -2.0])
@pytest.mark.parametrize("n", [0, 1, 2, 3, -1, -2, 0.5, 1.5, 2.5])
def test_the_chapters_power_is_the_packages_on_every_base_and_exponent(page_value, base, n):
    """Not only v**2: every exponent, and bases 0 and negative, where the formula n a**(n-1)
    needs care (0**0, a slope of infinity at 0, no real root of a negative number)."""

    def outcome(make):
        try:
            x = make(base)
            y = x**n
            y.backward()
            return ("ok", y.data, x.grad)
        except (ZeroDivisionError, ValueError) as error:
            return (type(error).__name__,)

    assert outcome(page_value) == outcome(Value)
