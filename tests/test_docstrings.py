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
