"""Docstrings are written for the API pages, which mkdocstrings renders as Markdown.

Sphinx roles such as ``:func:`fit``` would be shown raw there; cross-references are written
``[`fit`][]`` (resolved by scope, checked by the strict build) and math as ``$W$``.

The Examples sections become copyable console blocks there, one per run of ``>>>`` lines: each
block must run on its own (the browser suite runs each in a fresh interpreter, as a doctest).
"""

import doctest
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest
from sitecheck.console import early_exceptions, run_console

import backprop

SRC = Path(backprop.__file__).resolve().parent
MODULES = sorted(SRC.rglob("*.py"))
SPHINX_ROLE = re.compile(r":(?:class|func|meth|mod|data|attr|exc|obj|math):`")


def test_the_package_has_modules():
    assert len(MODULES) > 10


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(SRC).as_posix())
def test_no_sphinx_roles_in_docstrings(path):
    found = [
        f"line {n}: {line.strip()}"
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if SPHINX_ROLE.search(line)
    ]
    assert not found, "\n".join(found)


# ------------------------------------------------------------------ examples, as a reader copies

MODULE_NAMES = sorted(m.name for m in pkgutil.walk_packages(backprop.__path__, "backprop."))


def example_blocks(docstring: str) -> list[str]:
    """The console blocks of a docstring as the API pages show them: each runs from a ``>>>``
    line at the docstring's margin to the next blank line (griffe's numpy parser cuts them so),
    fenced code left aside."""
    blocks, current, fenced = [], None, False
    for line in [*inspect.cleandoc(docstring).splitlines(), ""]:
        if current is not None:
            if line.strip():
                current.append(line)
                continue
            blocks.append("\n".join(current))
            current = None
        elif line.startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith(">>>"):
            current = [line]
    return blocks


def test_example_blocks_are_cut_at_blank_lines():
    doc = "Intro.\n\n>>> a = 1\n>>> a\n1\n\nText.\n\n```python\n>>> fenced\n```\n>>> b = 2\n"
    assert example_blocks(doc) == [">>> a = 1\n>>> a\n1", ">>> b = 2"]


@pytest.mark.parametrize("name", MODULE_NAMES)
def test_each_example_block_runs_alone(name):
    """Each block of an Examples section is a copy button on the API page: it starts with its
    imports and needs no earlier block (it runs with no module globals, none of the other
    blocks' names), and shows what it prints. An error demonstration comes last, since a
    reader's paste stops at the first exception. The rule and the run are sitecheck's, the same
    the browser suite applies to the blocks on the built API pages."""
    module = importlib.import_module(name)
    problems = []
    for test in doctest.DocTestFinder().find(module):
        for k, block in enumerate(example_blocks(test.docstring or ""), 1):
            where = f"{test.name}, example block {k}"
            problems += [f"{where}: {p}" for p in early_exceptions(block)]
            failures, _, report = run_console(block, where, module.__file__)
            if failures:
                problems.append(f"{where} fails when run alone:\n{report}")
    assert not problems, "\n\n".join(problems)


# ------------------------------------------------------------------ what the docstrings promise


def test_dual_and_value_do_the_operations_their_docstrings_list_and_refuse_the_others():
    import math

    from backprop import Value
    from backprop.forward import Dual

    x = Dual(2.0, 1.0)
    for y in (x + 1, 1 + x, x - 1, 1 - x, x * 2, 2 * x, -x, x.tanh(), x.exp(), x * 0.5, x * x):
        assert isinstance(y, Dual)
    for refused in (lambda: x / 2, lambda: 1 / x, lambda: x**2, lambda: 2**x, lambda: x / x):
        with pytest.raises(TypeError):
            refused()

    v = Value(2.0)
    for w in (v + 1, 1 + v, v - 1, 1 - v, v * 2, 2 * v, v / 2, 2 / v, -v, v**2, v**0.5):
        assert isinstance(w, Value)
    for method in ("exp", "log", "tanh", "sigmoid", "relu"):
        assert math.isfinite(getattr(v, method)().data), method
    for refused in (lambda: v**v, lambda: 2**v):
        with pytest.raises(TypeError, match="exp"):
            refused()


def test_nn_backward_overwrites_gradients_so_the_optimisers_need_no_zero_grad():
    """backprop.nn and backprop.optim: a second backward pass gives the same gradients."""
    import numpy as np

    from backprop.nn import Linear, MSELoss, Sequential, Tanh

    model = Sequential(Linear(2, 3, rng=0), Tanh(), Linear(3, 1, rng=1), input_grad=True)
    loss = MSELoss()
    X, Y = np.array([[0.5, -1.0], [2.0, 0.0]]), np.array([[1.0], [0.0]])
    grads = []
    for _ in range(2):
        loss.forward(model.forward(X), Y)
        model.backward(loss.backward())
        grads.append([p.grad.copy() for p in model.parameters()])
    for first, second in zip(*grads, strict=True):
        np.testing.assert_array_equal(first, second)


def test_the_chapters_exercise_table_names_each_check_where_the_chapter_calls_it():
    """backprop.exercises.chapters: each row's chapter and exercise number call its check."""
    from backprop.exercises import chapters

    root = SRC.parents[1]
    nav = dict(
        re.findall(
            r"^\s*- (?:\d+\. )?([^:\n]+): (\w[\w-]*\.md)$", (root / "mkdocs.yml").read_text(), re.M
        )
    )
    rows = re.findall(r"^\| \[`(check_\w+)`\]\[\] \| ([^|]+), (\d+) \|", chapters.__doc__, re.M)
    assert sorted(name for name, _, _ in rows) == sorted(chapters.__all__)
    for name, chapter, number in rows:
        text = (root / "docs" / nav[chapter]).read_text()
        exercises = re.split(r'^\?\?\? question "Exercise ', text, flags=re.M)[1:]
        called_in = [e.split(":")[0] for e in exercises if f"{name}(" in e]
        assert called_in == [number], (name, chapter, called_in)


def test_each_module_page_says_where_it_is_taught_under_its_title():
    """The "Taught in" line sits under the page's title, not after the whole reference: the
    title is the page's own h1, and mkdocstrings' root heading, hidden, keeps the anchor
    ``#backprop.nn`` (and the cross-references to the module) just below that line."""
    pages = sorted((Path(__file__).resolve().parents[1] / "docs" / "api").glob("*.md"))
    modules = {p.stem for p in pages} - {"index"}
    public = {m.name for m in pkgutil.iter_modules(backprop.__path__) if m.name[0] != "_"}
    assert modules == public
    for page in pages:
        if page.stem == "index":
            continue
        text = page.read_text(encoding="utf-8")
        module = f"backprop.{page.stem}"
        title, blank, taught, *_ = text.splitlines()
        assert re.fullmatch(rf"# [^{{#]+: {re.escape(module)}", title), page.name
        assert blank == "" and taught.startswith("Taught ") and "](../" in taught, page.name
        root = re.search(rf"^::: {re.escape(module)}\n((?:    .*\n)+)", text, re.M)
        assert root, page.name
        options = root.group(1)
        assert "show_root_heading: false" in options, page.name
        assert "show_root_toc_entry" not in options, page.name  # its hidden anchor: #module
        assert "heading_level: 2" in options, page.name  # the members stay h2
        assert text.index("Taught ") < root.start(), page.name


def kinds_left_out_of_import_backprop() -> dict[str, list[str]]:
    """What `import backprop` leaves in its module: one kind per module, and one for all the
    modules' constants (names in capitals) together."""
    top, kinds = set(backprop.__all__), {}
    for info in pkgutil.iter_modules(backprop.__path__):
        module = importlib.import_module(f"backprop.{info.name}")
        kept = sorted(set(getattr(module, "__all__", ())) - top)
        if kept and all(name.isupper() for name in kept):
            kinds.setdefault("constants", []).extend(f"{info.name}.{n}" for n in kept)
        elif kept:
            kinds[info.name] = kept
    return kinds


NUMBER_WORDS = ["No", "One", "Two", "Three", "Four", "Five", "Six", "Seven"]


def test_help_backprop_counts_and_names_each_kind_import_backprop_leaves_out():
    """help(backprop) and the API index say the same: how many kinds of names stay in their
    own module, and which. The index counts them while the site is built, by the same rule,
    and asserts its count equals the one help(backprop) gives."""
    kinds = kinds_left_out_of_import_backprop()
    sentence = f"{NUMBER_WORDS[len(kinds)]} kinds of names stay in their own module"
    doc = " ".join(backprop.__doc__.split())
    assert sentence in doc
    after = doc.split(sentence)[1]
    for kind, names in kinds.items():
        if kind == "constants":
            for module in {n.split(".")[0] for n in names}:
                assert any(f"backprop.{n}" in after for n in names if n.startswith(module))
        else:
            assert f"backprop.{kind}" in after, kind
    index = (SRC.parents[1] / "docs" / "api" / "index.md").read_text(encoding="utf-8")
    assert "kinds of names stay in their own module" in index
    assert "backprop.__doc__" in index  # its count is checked against this docstring's
