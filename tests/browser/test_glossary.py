"""The book's convention: a word in bold in a chapter or a lab is a term it defines, the
glossary has it, and the bold word links to its entry (docs_src/book/glossary_links.py).

Read from the built pages (so bold printed by a page's own code counts too): every ``<strong>``
in a chapter's or a lab's text must match a glossary headword or one of the names in its
parentheses, up to case and a plural "s". Bold that ends a run-in heading ("The weights.") is not
a term, nor is a bold link (a lab's file to download). Emphasis that is not a term is written in
italics.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from book.glossary_links import glossary_ids, normalise

pytestmark = pytest.mark.browser  # needs the built site (it runs with the browser tests)

CHAPTERS = [
    "derivatives",
    "gradient-descent",
    "one-weight",
    "graphs",
    "network",
    "network-by-hand",
    "modes",
    "gradcheck",
    "training",
    "beyond",
]
LABS = ["labs/autograd", "labs/digits"]
# Bold in the labs that is emphasis, not a term, from before this test read the labs: each should
# become italics (or, for a run-in lead, end with a full stop), and leave this list.
ROOT = Path(__file__).resolve().parents[2]


def bold_terms(page_html: str) -> list[str]:
    article = page_html.split('<article class="md-content__inner', 1)[-1]
    article = re.sub(r"<pre.*?</pre>", "", article, flags=re.S)  # code shows no terms
    inner = [t.strip() for t in re.findall(r"<strong>(.*?)</strong>", article, re.S)]
    inner = [t for t in inner if not re.fullmatch(r"<a\b[^>]*>[^<]*(<code>[^<]*</code>)?</a>", t)]
    found = [" ".join(html.unescape(re.sub(r"<[^>]+>", "", t)).split()) for t in inner]
    return [t for t in found if t and not t.endswith((".", ":"))]  # not run-in headings


def test_every_term_a_chapter_defines_is_in_the_glossary(site_dir):
    names = glossary_ids((ROOT / "docs" / "glossary.md").read_text(encoding="utf-8"))
    assert len(names) > 60
    missing = []
    for chapter in CHAPTERS:
        page = (site_dir / chapter / "index.html").read_text(encoding="utf-8")
        missing += [f"{chapter}: {t}" for t in bold_terms(page) if normalise(t) not in names]
    assert missing == [], "bold in a chapter but not in the glossary (or write it in italics)"


def test_every_term_a_lab_defines_is_in_the_glossary(site_dir):
    names = glossary_ids((ROOT / "docs" / "glossary.md").read_text(encoding="utf-8"))
    missing = []
    for lab in LABS:
        page = (site_dir / lab / "index.html").read_text(encoding="utf-8")
        missing += [f"{lab}: {t}" for t in bold_terms(page) if normalise(t) not in names]
    assert missing == [], "bold in a lab but not in the glossary (or write it in italics)"


def test_every_bold_term_links_to_its_glossary_entry(site_dir):
    """Each term a chapter or lab defines is a link to an entry the glossary page has, and the
    entry is the one its word names."""
    glossary = (site_dir / "glossary" / "index.html").read_text(encoding="utf-8")
    names = glossary_ids((ROOT / "docs" / "glossary.md").read_text(encoding="utf-8"))
    bad, linked = [], 0
    for page in CHAPTERS + LABS:
        text = (site_dir / page / "index.html").read_text(encoding="utf-8")
        terms = bold_terms(text)
        links = re.findall(r'<a class="bp-term" href="[./]*glossary/#([a-z0-9-]+)"[^>]*>'
                           r"<strong>(.*?)</strong></a>", text, re.S)  # fmt: skip
        linked += len(links)
        words = {" ".join(html.unescape(re.sub(r"<[^>]+>", "", w)).split()) for _, w in links}
        bad += [f"{page}: {t} not linked" for t in terms if t not in words]
        bad += [f"{page}: {w} -> #{i}" for i, w in links if f'id="{i}"' not in glossary]
        bad += [f"{page}: {w} -> #{i}" for i, w in links if names.get(normalise(w)) != i]
    assert bad == []
    assert linked > 100
