"""The API reference says what the code says: every Default shown is the signature's default.

mkdocstrings builds the pages from the docstrings, and a numpy docstring that groups parameters
(``beta1, beta2 : float``) once made it show one default for both. This reads every parameter
table of the built API pages and compares each row with ``inspect.signature`` of the object the
table documents.
"""

from __future__ import annotations

import html
import importlib
import inspect
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser  # needs the built site (it runs with the browser tests)

_HEADING = re.compile(r'<h[1-6] id="(backprop\.[\w.]+)" class="doc doc-heading">')
_TABLE = re.compile(r"<table>\s*<thead>\s*<tr>\s*<th>Name</th>.*?</table>", re.S)
_ROW = re.compile(r'<tr class="doc-section-item">(.*?)</tr>', re.S)
_CELL = re.compile(r"<td>(.*?)</td>", re.S)


def _text(cell: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()


def _resolve(dotted: str):
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for name in parts[cut:]:
            obj = getattr(obj, name)
        return obj
    raise LookupError(dotted)


def documented_defaults(site_dir: Path) -> list[tuple[str, str, str]]:
    """``(object, parameter, default shown)`` for every row of every Parameters table."""
    rows = []
    for page in sorted((site_dir / "api").glob("*/index.html")):
        text = page.read_text(encoding="utf-8")
        heads = [(m.start(), m.group(1)) for m in _HEADING.finditer(text)]
        for table in _TABLE.finditer(text):
            if "<th>Default</th>" not in table.group(0):
                continue
            owner = max((h for h in heads if h[0] < table.start()), default=None)
            if owner is None:
                continue
            for row in _ROW.findall(table.group(0)):
                cells = [_text(c) for c in _CELL.findall(row)]
                rows.append((owner[1], cells[0], cells[-1]))
    return rows


def test_every_default_shown_is_the_signatures(site_dir):
    rows = documented_defaults(site_dir)
    assert len(rows) > 100, f"only {len(rows)} parameter rows found: did the markup change?"
    wrong = []
    for owner, name, shown in rows:
        obj = _resolve(owner)
        params = inspect.signature(obj).parameters
        name = name.lstrip("*")  # *layers
        if name not in params:
            wrong.append(f"{owner}: {name} is documented but not a parameter")
            continue
        default = params[name].default
        if not _same(shown, default, inspect.getmodule(obj)):
            wrong.append(f"{owner}({name}=...): the page shows {shown}, the code has {default!r}")
    assert wrong == []


def _same(shown: str, default, module) -> bool:
    """Whether the default the page shows (the source's expression) is the code's default."""
    if default is inspect.Parameter.empty:
        return shown in ("required", "()")  # *args shows (): nothing required, nothing given
    if shown == "required":
        return False
    try:
        value = eval(shown, {"np": __import__("numpy"), **vars(module)})
    except NameError:  # a bare name the page shortened, e.g. float64 for np.float64
        return shown == getattr(default, "__name__", None)
    return value is default or value == default


def test_every_module_page_links_to_the_chapter_that_teaches_it(site_dir):
    for page in sorted((site_dir / "api").glob("*/index.html")):
        text = page.read_text(encoding="utf-8")
        taught = re.search(r"<p>Taught .*?</p>", text, re.S)
        assert taught and 'href="../../' in taught.group(0), f"{page.parent.name}: no chapter link"


def test_module_page_titles_carry_no_raw_markup(site_dir):
    for page in sorted((site_dir / "api").glob("*/index.html")):
        title = re.search(r"<h1[^>]*>(.*?)</h1>", page.read_text(encoding="utf-8"), re.S)
        assert title and "&lt;" not in title.group(1), f"{page.parent.name}: {title.group(1)!r}"
