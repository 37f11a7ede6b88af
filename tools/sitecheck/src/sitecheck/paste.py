"""Code pasted into Python's classic ``>>>`` prompt, line by line, as Python 3.10 to 3.12 read it.

The classic prompt compiles a paste one line at a time: a blank line ends an indented block, and
a line that starts a new statement straight after an indented block, with no blank line between,
is a syntax error there (the prompt still thinks it is inside the block). Python 3.13's new prompt,
Jupyter, IPython and a file take any block. A block with a class, or with a function defined
inside another statement, is exempt: the formatter puts blank lines around the methods or the
inner function, and no paste into the classic prompt survives a blank line inside a statement.

Examples
--------
>>> from sitecheck.paste import paste_errors
>>> paste_errors("for i in range(2):\\n    print(i)\\nprint('done')")
['line 3: SyntaxError: invalid syntax (after an indented block, add a blank line)']
>>> paste_errors("for i in range(2):\\n    print(i)\\n\\nprint('done')")
[]
"""

from __future__ import annotations

import ast
import code
import sys

__all__ = ["paste_errors", "spaced_by_the_formatter"]


class _Prompt(code.InteractiveConsole):
    """The classic prompt, compiling what is pasted but running nothing."""

    def __init__(self) -> None:
        super().__init__()
        self.errors: list[str] = []
        self.line = 0

    def runcode(self, code) -> None:  # compile only: the block's run is another test's job
        pass

    def showsyntaxerror(self, filename=None, **kwargs) -> None:
        err = sys.exc_info()[1]
        self.errors.append(f"line {self.line}: {type(err).__name__}: {err.msg}")


def paste_errors(source: str) -> list[str]:
    """The errors the classic ``>>>`` prompt reports for ``source`` pasted line by line."""
    prompt = _Prompt()
    more = False
    for prompt.line, text in enumerate(source.splitlines(), start=1):
        more = prompt.push(text)
    if more:
        prompt.push("")  # the reader presses Enter once more to run the last block
    return [
        e + (" (after an indented block, add a blank line)" if "invalid syntax" in e else "")
        for e in prompt.errors
    ]


def spaced_by_the_formatter(source: str) -> bool:
    """Whether ``source`` has a class, or a function inside another statement (exempt: the
    formatter puts blank lines inside them; see the module's docstring)."""
    tree = ast.parse(source)
    nested = {
        id(inner)
        for outer in tree.body
        for inner in ast.walk(outer)
        if inner is not outer and isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    return bool(nested) or any(isinstance(node, ast.ClassDef) for node in ast.walk(tree))
