"""Make the markup mkdocs-jupyter writes into a notebook (lab) page valid HTML.

The Nu Html Checker (tests/browser/test_valid_html.py) finds these errors in what the notebook
template writes, none of them the reader's business:

- ``<clipboard-copy , aria-label=...>``: a stray comma in the template becomes an attribute, and
  ``aria-label`` needs a role on a custom element (the element acts as a button);
- ``<script src=""></script>``: an empty script for require.js, which the page does not use;
- ``<style>`` elements in the body that are not the first child of their parent: they move to
  the end of ``<head>``, which keeps their order after the theme's stylesheets;
- CSS the checker rejects: scrollbar rules with ``:horizontal``/``:vertical`` (WebKit only; the
  book's notebooks show no scrollbar theme) and ``cursor: normal`` (not a cursor; ``auto`` is
  what browsers do with it).

It runs after notebook_css.py, which trims the notebook's stylesheet.
"""

from __future__ import annotations

import re

_COPY = re.compile(r"<clipboard-copy\s*,(?:=\"\")?\s*")
_EMPTY_SCRIPT = re.compile(r'<script src="">\s*</script>\s*')
_STYLE = re.compile(r"<style[^>]*>(.*?)</style>\s*", re.S)
_SCROLLBAR_AXIS = re.compile(
    r"[^{}]*::-webkit-scrollbar[\w-]*:(?:horizontal|vertical)[^{}]*\{[^{}]*\}"
)


def _valid_css(css: str) -> str:
    return re.sub(r"cursor:\s*normal", "cursor:auto", _SCROLLBAR_AXIS.sub("", css))


def fix(html: str) -> str:
    """The page ``html`` with the notebook template's invalid markup repaired."""
    html = _COPY.sub('<clipboard-copy role="button" ', html)
    html = _EMPTY_SCRIPT.sub("", html)
    head_end = html.index("</head>")
    head, body = html[:head_end], html[head_end:]
    styles = "".join(f"<style>{_valid_css(css)}</style>" for css in _STYLE.findall(body))
    return head + styles + _STYLE.sub("", body)


def on_post_page(output: str, page, config) -> str:
    if "jp-Notebook" not in output or "</head>" not in output:
        return output
    return fix(output)
