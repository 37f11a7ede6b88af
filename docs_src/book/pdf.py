"""The PDF edition: the print page of a built site, printed by Chromium, as one book.

``python docs_src/book/pdf.py site`` writes ``site/backprop-from-scratch.pdf`` (``make pdf``;
``make test`` runs it before the browser tests, so the deployed site carries it). The print page
already holds the book in nav order with a title page and a contents (hooks: print_book); here:

1. Chromium prints it (A4, as print.css asks) with the PDF's own outline of the headings. Every
   internal link becomes a named destination of the PDF, which says on which page its target
   is: so the pages of the parts the contents lists (each chapter, and each chapter's
   solutions) and of the targets of the cross-references;
2. each part must start on a right-hand (odd) page, so that printed on both sides no part
   shares a sheet with the one before: a part that would start on a left-hand page gets a blank
   page before it (an empty element of class ``bp-print-recto``, outside the part, so that a
   link to the part lands on its first page, not on the blank one), which moves every later
   part by one page (``recto``). The pages the parts, their sections and the targets will then
   be on go into the contents and after each cross-reference, "(p. 42)" (a solution's link back
   to its exercise is one), and the page is printed again. The
   numbers may move a line or a page; the page is printed again until every part starts on a
   right-hand page and every number is the page its target is on, or the edition is refused;
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
PRINTS = 6  # at most, before the page numbers settle
SOLUTIONS = "print-solutions"  # a chapter's solutions: their id after the chapter's name


def chapter_starts(pdf: bytes) -> list[tuple[str, int]]:
    """The top level of a PDF's outline: each entry's title and its page, counted from 1."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [
        (item.title, reader.get_destination_page_number(item) + 1)
        for item in reader.outline
        if not isinstance(item, list)
    ]


def destinations(pdf: bytes) -> dict[str, int]:
    """The page (from 1) of each named destination of a PDF, by the id it was made for."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return {
        str(name).removeprefix("/"): reader.get_destination_page_number(dest) + 1
        for name, dest in reader.named_destinations.items()
    }


def recto(starts: list[int], blanks: list[bool]) -> tuple[list[bool], list[int]]:
    """Which parts need a blank page before them so that each starts on an odd page, given
    where each starts now and which have a blank page before them now; and by how much each
    part moves (a part's length stays as it is). A part on an even page loses its blank page,
    or gets one; either moves it and every later part by one page.

    >>> recto([3, 5, 8, 10], [False] * 4)
    ([False, False, True, False], [0, 0, 1, 1])
    >>> recto([4, 9], [False, True])
    ([True, False], [1, 0])
    """
    now, moves, shift = [], [], 0
    for start, blank in zip(starts, blanks, strict=True):
        if (start + shift) % 2 == 0:
            shift += -1 if blank else 1
            blank = not blank
        now.append(blank)
        moves.append(shift)
    return now, moves


def moved(page: int, starts: list[int], moves: list[int]) -> int:
    """Where ``page`` goes when each part (starting on ``starts``) moves by ``moves``.

    >>> [moved(n, [3, 8], [0, 1]) for n in (2, 3, 7, 8, 20)]
    [2, 3, 7, 9, 21]
    """
    shift = next(
        (m for s, m in zip(reversed(starts), reversed(moves), strict=True) if s <= page), 0
    )
    return page + shift


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


def numbered(page, options: dict) -> tuple[bytes, frozenset[int], dict[str, int], list[str]]:
    """Print the book until every part starts on a right-hand page and the contents (its parts'
    lines and its sections') and the cross-references give the pages their targets are on: the
    PDF, its blank pages, the page of each of its named destinations, and the parts' anchors in
    the contents' order."""
    parts = page.eval_on_selector_all(
        ".bp-print-contents__page", "els => els.map(e => e.dataset.anchor)"
    )
    at = page.eval_on_selector_all(
        ".bp-print-contents__at", "els => els.map(e => e.dataset.anchor)"
    )
    refs = page.eval_on_selector_all(".bp-print-pageref", "els => els.map(e => e.dataset.anchor)")
    blanks = [False] * len(parts)
    # numbers of about the width they will have (a solution's link back to its exercise is
    # printed only with its number: without one, it would not be a link, nor its target a
    # destination of the PDF)
    shown: tuple[list, list, list] = (["000"] * len(parts), ["000"] * len(at), ["000"] * len(refs))
    fill = """([parts, toggle, contents, at, refs]) => {
                document.querySelectorAll('.bp-print-contents__page')
                    .forEach((e, i) => { e.textContent = contents[i]; });
                document.querySelectorAll('.bp-print-contents__at')
                    .forEach((e, i) => { e.textContent = at[i]; });
                document.querySelectorAll('.bp-print-pageref')
                    .forEach((e, i) => { e.textContent = ` (p.\u00a0${refs[i]})`; });
"""
    page.evaluate(fill + "}", [parts, [], *shown])
    for _ in range(PRINTS):
        book = page.pdf(**options)
        found = destinations(book)
        missing = sorted({a for a in parts + at + refs if a not in found})
        if missing:
            raise RuntimeError(f"no page in the PDF for the links to {missing[:5]}")
        starts = [found[a] for a in parts]
        truth = ([str(n) for n in starts], [str(found[a]) for a in at])
        truth += ([str(found[a]) for a in refs],)
        if all(n % 2 for n in starts) and shown == truth:
            blank = frozenset(n - 1 for n, b in zip(starts, blanks, strict=True) if b)
            return book, blank, found, parts
        now, moves = recto(starts, blanks)
        shown = (
            [str(moved(n, starts, moves)) for n in starts],
            [str(moved(found[a], starts, moves)) for a in at],
            [str(moved(found[a], starts, moves)) for a in refs],
        )
        page.evaluate(
            fill
            + """
                toggle.forEach(i => {
                    const part = document.getElementById(parts[i]);
                    const before = part.previousElementSibling;
                    if (before && before.classList.contains('bp-print-recto')) before.remove();
                    else part.before(Object.assign(document.createElement('div'),
                        {className: 'bp-print-recto'}));
                });
            }""",
            [
                parts,
                [i for i, (a, b) in enumerate(zip(blanks, now, strict=True)) if a != b],
                *shown,
            ],
        )
        blanks = now
    raise RuntimeError(f"the page numbers did not settle in {PRINTS} prints")


def running(book: bytes, found: dict[str, int], listed: list[str]) -> list[tuple[str, int]]:
    """The title the running head gives from each page on: each chapter's (the outline's top
    level, whose pages must be those the contents gives, ``listed`` with their pages in
    ``found``) and its solutions'."""
    chapters = chapter_starts(book)
    own = [found[a] for a in listed if not a.endswith("--" + SOLUTIONS)]
    if own != [n for _, n in chapters]:
        raise RuntimeError(f"the contents gives the parts {own}, the outline {chapters}")
    heads, chapter = [], iter(chapters)
    for anchor in listed:
        if anchor.endswith("--" + SOLUTIONS):
            heads.append((f"{heads[-1][0]}: solutions", found[anchor]))
        else:
            heads.append(next(chapter))
    return heads


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
            book, blank, found, listed = numbered(page, options)
            starts = running(book, found, listed)
            pages = len(pypdf.PdfReader(io.BytesIO(book)).pages)
            title = page.eval_on_selector(".bp-print-title__name", "e => e.textContent")
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
