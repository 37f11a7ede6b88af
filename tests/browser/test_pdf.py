"""The PDF edition (docs_src/book/pdf.py), read back from the file as a reader's viewer reads it.

``make test`` makes ``site/backprop-from-scratch.pdf`` before the browser tests (``make pdf``).
The checks: a title page, a contents whose numbers are the pages the chapters start on, the
outline (bookmarks) with every part of the book in nav order, a running head and a number on
every page after the title, links inside the PDF, and no sentence meant for the web only.
"""

from __future__ import annotations

import html
import re

import pypdf
import pytest
from book.pdf import NAME, chapter_starts

pytestmark = pytest.mark.browser  # needs the built site, and Chromium made the PDF


@pytest.fixture(scope="module")
def edition(site_dir):
    path = site_dir / NAME
    if not path.is_file():
        pytest.fail(f"no {path}: run `make pdf` after the build", pytrace=False)
    data = path.read_bytes()
    reader = pypdf.PdfReader(path)
    texts = [p.extract_text() or "" for p in reader.pages]
    return data, reader, texts


def print_page_parts(site_dir) -> list[str]:
    """The title (h1) of each part of the print page, in order."""
    page = (site_dir / "print" / "index.html").read_text(encoding="utf-8")
    parts = re.findall(r'<section class="bp-print-chapter"[^>]*>.*?<h1[^>]*>(.*?)</h1>', page, re.S)
    return [html.unescape(re.sub(r"<[^>]+>|\s+", " ", p)).replace("¶", "").strip() for p in parts]


def test_the_title_page_names_the_book_version_and_licence(edition):
    _, _, texts = edition
    first = texts[0]
    assert "Backprop from Scratch" in first and "Version" in first and "Licence" in first


def test_the_outline_holds_every_part_in_order(edition, site_dir, summary):
    data, reader, _ = edition
    starts = chapter_starts(data)
    summary["PDF edition"] = f"{len(reader.pages)} pages, {len(starts)} parts in its outline"
    assert len(reader.pages) >= 100
    titles = [t for t, _ in starts]
    assert titles == print_page_parts(site_dir)
    pages = [n for _, n in starts]
    assert pages == sorted(pages) and pages[0] > 2  # after the title page and the contents


def test_the_contents_gives_the_page_each_part_starts_on(edition):
    data, _, texts = edition
    *listed, own = [int(n) for n in re.findall(r"(\d+)\s*$", texts[1], re.M)]
    assert own == 2  # the contents' own page number, last on its page
    assert listed == [n for _, n in chapter_starts(data)]


def test_every_page_after_the_title_has_its_number_and_running_head(edition):
    data, _, texts = edition
    starts = chapter_starts(data)
    for n, text in enumerate(texts[1:], start=2):
        chapter = next((t for t, start in reversed(starts) if start <= n), "")
        assert text.rstrip().endswith(str(n)), f"page {n} does not end with its number"
        assert "Backprop from Scratch" in text and chapter in text, f"page {n}: no running head"


def test_the_contents_and_cross_references_are_links_inside_the_pdf(edition):
    _, reader, _ = edition
    internal = 0
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            action = a.get("/A")
            if "/Dest" in a or (action is not None and action.get("/S") == "/GoTo"):
                internal += 1
    assert internal >= len(chapter_starts(edition[0])) * 2


def test_no_sentence_is_meant_for_the_web_only(edition):
    _, _, texts = edition
    found = [n for n, t in enumerate(texts, start=1) if "JavaScript" in t]
    assert not found, f"'JavaScript' on pages {found}"


def blank_fraction(page, scale: float = 0.3) -> float:
    """How much of a page's text area, from the running head down to the page number, is left
    empty below its last mark (1.0: nothing printed there at all)."""
    image = page.render(scale=scale, grayscale=True).to_pil()
    width, height = image.size
    top, bottom = int(height * 22 / 297), int(height * (297 - 14) / 297)  # mm, as print.css
    pixels = image.load()
    for y in range(bottom - 1, top, -1):
        if any(pixels[x, y] < 200 for x in range(width)):
            return (bottom - 1 - y) / (bottom - top)
    return 1.0


def test_at_most_one_page_in_twenty_is_left_a_third_blank(edition, site_dir, summary):
    """Inside a part, a page ends less than a third from the bottom, bar one page in twenty. The
    pages that end where their text ends are left aside: the title, the contents and each part's
    last page (every part starts on a new sheet)."""
    import pypdfium2

    data, _, _ = edition
    starts = [n for _, n in chapter_starts(data)]
    pdf = pypdfium2.PdfDocument(site_dir / NAME)
    ends = {1, *range(2, starts[0]), *(n - 1 for n in starts[1:]), len(pdf)}
    gappy = [n for n in range(1, len(pdf) + 1) if blank_fraction(pdf[n - 1]) > 1 / 3]
    inside = [n for n in gappy if n not in ends]
    summary["PDF pages more than a third blank"] = (
        f"{len(inside)} of {len(pdf)} inside a part {inside}; {len(gappy) - len(inside)} "
        "ends of parts"
    )
    assert len(inside) <= len(pdf) / 20
