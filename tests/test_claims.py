"""The claim mechanism works: a page whose prose states a number its code contradicts fails.

A sentence's number is inserted by a hidden block from the session of the visible block that
computes it, after an ``assert`` that states the claim, as on every chapter.
Here a tiny page makes such a claim twice: once true, once with the number changed. The build
(markdown-exec, as ``mkdocs build --strict`` runs every block of every page) must accept the
first and reject the second.
"""

import ast
import logging
from pathlib import Path

from book.execute import Runner
from book.notebooks import split_blocks
from markdown import Markdown

ROOT = Path(__file__).resolve().parent.parent
PAGE = """# A claim

```python exec="on" source="above" session="claim" result="text"
total = sum(range(1, 11))
print(total)
```

```python exec="on" session="claim" continuation
assert total == {claimed}  # the prose claims the sum of 1 to 10 is {claimed}
print(f"The sum of the numbers from 1 to 10 is {{total}}.")
```
"""


def render(text: str) -> str:
    """The page as the build renders it: superfences handing python blocks to the book's runner."""
    fence = {"name": "python", "class": "python", **Runner().fence()}
    md = Markdown(
        extensions=["pymdownx.superfences"],
        extension_configs={"pymdownx.superfences": {"custom_fences": [fence]}},
    )
    return md.convert(text)


def test_a_true_claim_builds_and_inserts_its_number(caplog):
    with caplog.at_level(logging.WARNING):
        html = render(PAGE.format(claimed=55))
    assert "The sum of the numbers from 1 to 10 is 55." in html
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_a_changed_number_fails_the_build(caplog):
    with caplog.at_level(logging.WARNING):
        html = render(PAGE.format(claimed=56))
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    # mkdocs build --strict turns this warning of markdown-exec into a failed build
    assert any("AssertionError" in w or "Execution of python code block" in w for w in warnings)
    assert "is 56." not in html


def test_no_visible_block_carries_continuation():
    # markdown-exec would copy the option onto the fence it shows, and the reader would see raw
    # backticks; a visible block must also run alone, as a reader copies it
    fences = [
        f"{page.name}: {line}"
        for page in sorted((ROOT / "docs").rglob("*.md"))
        for line in page.read_text().splitlines()
        if line.lstrip().startswith("```") and "continuation" in line and "source=" in line
    ]
    assert fences == []


def test_the_build_prints_as_python_does_or_the_pages_avoid_the_difference():
    """markdown-exec's print in a page's block drops ``sep`` (and ``file``): it joins with a
    space. A block that passes them would print one thing in the build and another for a
    reader, so no page does (tested here on the build's own print, then on every page)."""
    page = '```python exec="on" result="text"\nprint("a", "b", sep="-")\n```\n'
    assert "a b" in render(page)  # the difference, as long as markdown-exec has it
    offenders = []
    for md in sorted((ROOT / "docs").glob("*.md")):
        for block in split_blocks(md.read_text(encoding="utf-8")):  # admonitions dedented
            if block.options.get("exec") not in ("on", "1", "true"):
                continue
            for node in ast.walk(ast.parse(block.text)):
                if (
                    isinstance(node, ast.Call)
                    and getattr(node.func, "id", None) == "print"
                    and any(k.arg in ("sep", "file") for k in node.keywords)
                ):
                    offenders.append(f"{md.name}: line {node.lineno} of a block")
    assert offenders == []


def test_no_block_of_the_book_compiles_with_a_warning():
    """An invalid escape such as ``"$\\overline{x}$"`` in a non-raw string is only a warning
    (DeprecationWarning before Python 3.12, SyntaxWarning after): the build logs it at INFO and
    goes on, and the printed sentence silently loses its backslash or gains a tab. Every python
    block of every page, hidden or shown, must compile without one."""
    import warnings

    offenders = []
    for md in sorted((ROOT / "docs").rglob("*.md")):
        for n, block in enumerate(split_blocks(md.read_text(encoding="utf-8"))):
            if block.kind == "prose":
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                try:
                    compile(block.text, f"{md.name} block {n}", "exec")
                except (SyntaxError, DeprecationWarning, SyntaxWarning) as err:
                    offenders.append(f"{md.name}: {err}")
    assert offenders == []
