r"""Link each term a page defines to its glossary entry.

The book's convention: a word in bold in a chapter or a lab is a term it defines, and the
glossary has it (under its headword or one of the other names in its brackets). This hook makes
each such bold word a link to that entry, so a reader who meets "**learning rate**" can read the
definition in a sentence and the other places it is taught. Bold that ends a run-in heading
("The weights.") and bold already inside a link are left as they are.

>>> ids = glossary_ids("Learning rate (step size) { #learning-rate }\n:   How far.\n")
>>> ids == {"learning rate": "learning-rate", "step size": "learning-rate"}
True
>>> print(link_terms("<p>Two <strong>step sizes</strong>.</p>", ids, "../glossary/"))
<p>Two <a class="bp-term" href="../glossary/#learning-rate" title="In the glossary"><strong>step
sizes</strong></a>.</p>
>>> print(link_terms("<p><strong>Learning rate.</strong> The</p>", ids, "../glossary/"))
<p><strong>Learning rate.</strong> The</p>
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from mkdocs.utils import get_relative_url

GLOSSARY = "glossary.md"
# "Adam { #adam }" and its definition, or "Cost { #cost }" and the entry it sends the reader to
_ENTRY = re.compile(
    r"^(\S[^\n]*?)\s*\{ #([a-z0-9-]+) \}\n:   (?:See \[[^]]*\]\(#([a-z0-9-]+)\))?", re.M
)
_TITLE = "In the glossary"
_STRONG = re.compile(r"<strong>(.*?)</strong>", re.S)


def normalise(term: str) -> str:
    """A term as the glossary is searched: lower case, one space, no plural "s".

    >>> normalise("Jacobians"), normalise("loss"), normalise("Mini–batch")
    ('jacobian', 'loss', 'mini-batch')
    """
    term = " ".join(term.lower().replace("–", "-").split())
    return term[:-1] if len(term) > 3 and term.endswith("s") and not term.endswith("ss") else term


def glossary_ids(text: str) -> dict[str, str]:
    r"""Each headword of the glossary, and each other name in its brackets, with its entry's id.

    A "See ..." entry's name leads to the entry it points to:

    >>> glossary_ids("Cost { #cost }\n:   See [loss](#loss).\n")
    {'cost': 'loss'}
    """
    ids = {}
    for head, own, see in _ENTRY.findall(text):
        entry = see or own
        main, _, aside = head.partition("(")
        for name in [main, *aside.rstrip(")").split(",")]:
            if name.strip():
                ids[normalise(name)] = entry
    return ids


def link_terms(page_html: str, ids: dict[str, str], glossary_url: str) -> str:
    """Wrap each bold glossary term of ``page_html`` in a link to its entry."""

    def link(m: re.Match) -> str:
        at = m.start()
        inside_link = page_html.rfind("<a ", 0, at) > page_html.rfind("</a>", 0, at)
        inside_code = page_html.rfind("<pre", 0, at) > page_html.rfind("</pre>", 0, at)
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", m[1])).split())
        entry = ids.get(normalise(text))
        if inside_link or inside_code or "<a " in m[1] or text.endswith((".", ":")) or not entry:
            return m[0]
        return f'<a class="bp-term" href="{glossary_url}#{entry}" title="{_TITLE}">{m[0]}</a>'

    return _STRONG.sub(link, page_html)


def on_page_content(page_html: str, page, config, files) -> str:
    if page.file.src_uri == GLOSSARY or page.file.src_uri.startswith("api/"):
        return page_html
    text = (Path(config["docs_dir"]) / GLOSSARY).read_text(encoding="utf-8")
    return link_terms(page_html, glossary_ids(text), get_relative_url("glossary/", page.url))
