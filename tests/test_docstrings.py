"""Docstrings are written for the API pages, which mkdocstrings renders as Markdown.

Sphinx roles such as ``:func:`fit``` would be shown raw there; cross-references are written
``[`fit`][]`` (resolved by scope, checked by the strict build) and math as ``$W$``.
"""

import re
from pathlib import Path

import pytest

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
