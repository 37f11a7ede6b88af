"""Raw TeX and reStructuredText in a page's visible prose."""

from __future__ import annotations

import pytest
from sitecheck.text import raw_rst, raw_tex


@pytest.mark.parametrize(
    ("prose", "kind"),
    [
        ("a formula $$ L = 1 $$ left raw", "$$"),
        (r"inline \(x\) left raw", "\\("),
        (r"display \[x\] left raw", "\\["),
        (r"half a fraction \frac", "\\frac"),
        (r"an environment \begin{align}", "\\begin"),
        ("a notebook's $x^2$ left raw", "$...$"),
    ],
)
def test_raw_tex_names_the_delimiter_left_in_the_text(prose, kind):
    found = raw_tex(prose)
    assert any(p.startswith(f"raw {kind} in visible text:") for p in found), found


def test_raw_tex_quotes_the_context_around_the_find():
    found = raw_tex("The loss is " + "word " * 20 + r"\frac and more")
    assert found == [
        "raw \\frac in visible text: ...word word word word word word \\frac and more..."
    ]


def test_typeset_prose_has_no_raw_tex():
    assert raw_tex("The slope at x = 3 is 6, and the loss falls.") == []


@pytest.mark.parametrize(
    ("prose", "kind"),
    [
        ("Parameters\n========== =====\n", "==== table rule"),
        ("For example::\n", ":: literal block"),
        ("See :func:`fit`.", "Sphinx role"),
        (".. note:: careful", "directive"),
    ],
)
def test_raw_rst_names_the_markup_left_in_the_text(prose, kind):
    assert raw_rst(prose)[0].startswith(f"raw reStructuredText ({kind}):")


def test_markdown_prose_has_no_raw_rst():
    assert raw_rst("Returns: the loss, a float. Use fit(model, data) for this.") == []
