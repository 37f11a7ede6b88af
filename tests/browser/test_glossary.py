"""The book's convention: a word in bold in a chapter or a lab is a term it defines, and the
glossary has it.

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


ATTRS = re.compile(r"\s*\{[^}]*\}\s*$")


def _norm(term: str) -> str:
    term = " ".join(term.lower().replace("–", "-").split())
    return term[:-1] if len(term) > 3 and term.endswith("s") and not term.endswith("ss") else term


def glossary_names(text: str) -> set[str]:
    """Each headword of the glossary's definition list, and the names in its parentheses."""
    names = set()
    for head in re.findall(r"^(\S[^\n]*)\n:   ", text, re.M):
        head = ATTRS.sub("", head)  # the entry's id, "{ #adam }"
        main, _, aside = head.partition("(")
        names.add(_norm(main))
        names |= {_norm(a) for a in aside.rstrip(")").split(",") if a.strip()}
    return names


def bold_terms(page_html: str) -> list[str]:
    article = page_html.split('<article class="md-content__inner', 1)[-1]
    article = re.sub(r"<pre.*?</pre>", "", article, flags=re.S)  # code shows no terms
    inner = [t.strip() for t in re.findall(r"<strong>(.*?)</strong>", article, re.S)]
    inner = [t for t in inner if not re.fullmatch(r"<a\b[^>]*>[^<]*(<code>[^<]*</code>)?</a>", t)]
    found = [" ".join(html.unescape(re.sub(r"<[^>]+>", "", t)).split()) for t in inner]
    return [t for t in found if t and not t.endswith((".", ":"))]  # not run-in headings


def test_every_term_a_chapter_defines_is_in_the_glossary(site_dir):
    names = glossary_names((ROOT / "docs" / "glossary.md").read_text(encoding="utf-8"))
    assert len(names) > 60
    missing = []
    for chapter in CHAPTERS:
        page = (site_dir / chapter / "index.html").read_text(encoding="utf-8")
        missing += [f"{chapter}: {t}" for t in bold_terms(page) if _norm(t) not in names]
    assert missing == [], "bold in a chapter but not in the glossary (or write it in italics)"


def test_every_term_a_lab_defines_is_in_the_glossary(site_dir):
    names = glossary_names((ROOT / "docs" / "glossary.md").read_text(encoding="utf-8"))
    missing = []
    for lab in LABS:
        page = (site_dir / lab / "index.html").read_text(encoding="utf-8")
        missing += [f"{lab}: {t}" for t in bold_terms(page) if _norm(t) not in names]
    assert missing == [], "bold in a lab but not in the glossary (or write it in italics)"


def test_the_glossary_reader_finds_headwords_and_their_other_names():
    text = "Delta (delta notation)\n:   The gradient.\n\nJacobian\n:   A matrix.\n"
    assert glossary_names(text) == {"delta", "delta notation", "jacobian"}
    assert glossary_names("Batch (mini-batch) { #batch }\n:   Rows.\n") == {"batch", "mini-batch"}
    assert _norm("Jacobians") == "jacobian" and _norm("loss") == "loss"
