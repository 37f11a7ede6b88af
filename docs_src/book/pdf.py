"""The PDF edition: the print page of a built site, printed by Chromium, as one book.

``python docs_src/book/pdf.py site`` writes ``site/backprop-from-scratch.pdf`` (``make pdf``;
``make test`` runs it before the browser tests, so the deployed site carries it). The print page
already holds the book in nav order with a title page and a contents (hooks: print_book); here:

1. Chromium prints it (A4, as print.css asks) with the PDF's own outline of the headings, and
   the outline says on which page each part of the book starts;
2. each part must start on a right-hand (odd) page, so that printed on both sides no part
   shares a sheet with the one before: a part that would start on a left-hand page gets a blank
   page before it (an empty element of class ``bp-print-recto``, outside the part, so that a
   link to the part lands on its first page, not on the blank one), which moves every later
   part by one page. The new pages go into the contents, and the page is printed again; the
   outline must then give exactly those pages (a part's length does not change, nor the
   contents' size), or the edition is refused;
3. every page but the title and the blank ones gets a running head (the book's title and the
   part's) and its number, drawn by Chromium on a second, transparent document laid over the
   first with pypdf.

Internal links (the contents, the cross-references between chapters) stay links in the PDF.
"""

from __future__ import annotations

import argparse
import io
import os
from html import escape
from pathlib import Path

NAME = "backprop-from-scratch.pdf"
PAGE = "print/"
VIEWPORT = {"width": 688, "height": 1001}  # A4 less print.css's margins, at 96 dpi


def chapter_starts(pdf: bytes) -> list[tuple[str, int]]:
    """The top level of a PDF's outline: each entry's title and its page, counted from 1."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [
        (item.title, reader.get_destination_page_number(item) + 1)
        for item in reader.outline
        if not isinstance(item, list)
    ]


def recto(starts: list[int]) -> tuple[list[int], list[int]]:
    """Where each part starts once every part starts on an odd page, and the indices of the
    parts that need a blank page before them for it (a part's length stays as it is).

    >>> recto([3, 5, 8, 10])
    ([3, 5, 9, 11], [2])
    >>> recto([4, 7])
    ([5, 9], [0, 1])
    """
    moved, blanks, shift = [], [], 0
    for i, start in enumerate(starts):
        if (start + shift) % 2 == 0:
            shift += 1
            blanks.append(i)
        moved.append(start + shift)
    return moved, blanks


def running_heads(
    starts: list[tuple[str, int]], pages: int, book: str, blank: frozenset[int] = frozenset()
) -> str:
    """A document of ``pages`` blank A4 sheets carrying each page's head and number.

    The first sheet (the title page) and the ``blank`` pages stay blank; a sheet before the
    first part (the contents) is headed by the book's title alone.

    >>> doc = running_heads([("1. Derivatives", 3)], 5, "Backprop", frozenset({4}))
    >>> doc.count('class="sheet"'), doc.count("1. Derivatives"), doc.count('class="num"')
    (5, 2, 3)
    """
    sheets = []
    for n in range(1, pages + 1):
        chapter = next((t for t, start in reversed(starts) if start <= n), "")
        marks = (
            f'<div class="head">{escape(book)}<span>{escape(chapter)}</span></div>'
            f'<div class="num">{n}</div>'
        )
        sheets.append(f'<div class="sheet">{marks if n > 1 and n not in blank else ""}</div>')
    style = (
        "@page{size:A4;margin:0}body{margin:0;font:8pt sans-serif;color:#555}"
        ".sheet{height:297mm;position:relative;break-after:page;overflow:hidden}"
        ".head{position:absolute;top:7mm;left:14mm;right:14mm;display:flex;"
        "justify-content:space-between;border-bottom:0.2pt solid #bbb;padding-bottom:1mm}"
        ".num{position:absolute;bottom:7mm;left:0;right:0;text-align:center}"
    )
    body = "".join(sheets)
    return f"<!doctype html><html><head><style>{style}</style></head><body>{body}</body></html>"


def write_pdf(site_dir: Path, out: Path | None = None) -> Path:
    """Print the book of ``site_dir`` to ``out`` (by default ``site_dir``'s ``NAME``)."""
    import pypdf
    import sitecheck
    from playwright.sync_api import sync_playwright

    out = out or site_dir / NAME
    server, base = sitecheck.serve(site_dir)
    try:
        with sync_playwright() as playwright:
            browser = sitecheck.launch(playwright)
            page = sitecheck.new_context(browser, viewport=VIEWPORT).new_page()
            page.goto(base + PAGE, wait_until="load")
            page.wait_for_function(
                "() => ['done', 'error'].includes(document.body.dataset.mathjax)"
            )
            # every figure loaded: an image still loading prints as nothing
            page.wait_for_function(
                "() => [...document.images].every(i => i.complete && i.naturalWidth > 0)"
            )
            page.emulate_media(media="print")
            # the outline is made from the tagged PDF's headings
            options = {"prefer_css_page_size": True, "print_background": True}
            options |= {"outline": True, "tagged": True}
            first = page.pdf(**options)
            starts = chapter_starts(first)
            anchors = page.eval_on_selector_all(
                ".bp-print-contents__page", "els => els.map(e => e.dataset.anchor)"
            )
            if len(anchors) != len(starts):
                raise RuntimeError(
                    f"the contents lists {len(anchors)} parts, the outline {len(starts)}"
                )
            numbers, blanks = recto([n for _, n in starts])
            page.evaluate(
                """([numbers, blanks, anchors]) => {
                    document.querySelectorAll('.bp-print-contents__page')
                        .forEach((e, i) => { e.textContent = numbers[i]; });
                    blanks.forEach(i => document.getElementById(anchors[i])
                        .before(Object.assign(document.createElement('div'),
                            {className: 'bp-print-recto'})));
                }""",
                [[str(n) for n in numbers], blanks, anchors],
            )
            book = page.pdf(**options)
            wanted = [(t, n) for (t, _), n in zip(starts, numbers, strict=True)]
            if chapter_starts(book) != wanted:
                raise RuntimeError(
                    "the parts did not start where the contents says: "
                    f"{chapter_starts(book)} against {wanted}"
                )
            starts = wanted
            pages = len(pypdf.PdfReader(io.BytesIO(book)).pages)
            title = page.eval_on_selector(".bp-print-title__name", "e => e.textContent")
            blank = frozenset(numbers[i] - 1 for i in blanks)
            page.set_content(running_heads(starts, pages, title, blank))
            heads = page.pdf(prefer_css_page_size=True)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(book))
    for sheet, head in zip(writer.pages, pypdf.PdfReader(io.BytesIO(heads)).pages, strict=True):
        sheet.merge_page(head)
        sheet.compress_content_streams()
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    writer.add_metadata({"/Title": title, "/Subject": "The PDF edition of the book's site"})
    with out.open("wb") as f:
        writer.write(f)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site_dir", type=Path)
    args = parser.parse_args(argv)
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).exists() and not os.environ.get("CI"):
        print(f"No {chromium}: the PDF edition is not made (apt-get install chromium)")
        return
    path = write_pdf(args.site_dir)
    print(f"{path}: {path.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
