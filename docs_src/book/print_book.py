"""The whole book on one page, for a teacher's printer: ``print.md`` gets every chapter in order.

The page ``print.md`` holds an empty ``<div class="bp-print-book">``; once every page of the
build has been converted (``on_page_context`` runs after all of them), that div is filled with
the HTML of the home page, the chapters and the reference pages (labs and API pages left out),
each in a ``<section>`` that starts a printed page. Each chapter is made fit for paper:

- its ids get the chapter's name as a prefix (``derivatives--slope``), and links between the
  book's pages become links inside this page, so the printed book has one set of anchors;
- every ``<details>`` (exercises and their solutions) is open;
- interactive figures lose their widget container, so the static figure the build drew stays
  (the widget scripts find nothing to start);
- the chapter's download line goes (a printed page cannot download).

Figures inside inline SVG keep their own ids: matplotlib's ids are already unique per figure.
docs/stylesheets/print.css holds the print rules (page breaks, no figure cut across pages).
"""

from __future__ import annotations

import re
from html import escape
from posixpath import normpath
from urllib.parse import urlsplit

PAGE = "print.md"
NOT_IN_BOOK = (PAGE, "run.md")  # this page, and how to install the package
SKIP_SECTIONS = ("Labs", "API")  # nav sections that are not part of the printed book
PLACEHOLDER = '<div class="bp-print-book"></div>'

_SVG = re.compile(r"<svg\b.*?</svg>", re.S)
_ID = re.compile(r'\b(id|for)="([^"]+)"')  # ids, and labels' references to them (tabs)
_HREF = re.compile(r'\bhref="([^"]*)"')
_WIDGET = re.compile(r'<div class="bp-widget"[^>]*>\s*</div>')
_DOWNLOADS = re.compile(r'<p class="bp-downloads">.*?</p>', re.S)
_DETAILS = re.compile(r"<details(?![^>]*\sopen)")
_WEB_ONLY = re.compile(r"\s*With JavaScript on, [^<]*")  # to the end of its caption
_SUMMARY = re.compile(r"<summary>(.*?)</summary>", re.S)
# the book's pages keep the print page on the light palette (figures draw in currentColor)
_LIGHT = (
    "<script>document.body.setAttribute('data-md-color-scheme', 'default');"
    "document.body.setAttribute('data-md-color-primary', 'indigo');</script>"
)
_state: dict = {}


def book_pages(nav) -> list:
    """The pages of the printed book in nav order: all but the labs, the API and this page."""

    def walk(items):
        for item in items:
            if item.is_section:
                if item.title not in SKIP_SECTIONS:
                    yield from walk(item.children)
            elif item.is_page and item.file.src_uri not in NOT_IN_BOOK:
                yield item

    return list(walk(nav.items))


def anchor(page) -> str:
    """The id of a page's section in the book: its URL's name (``""`` is the home page)."""
    return page.url.strip("/").replace("/", "-") or "home"


def outside_svg(html: str, change) -> str:
    """Apply ``change`` to the parts of ``html`` outside ``<svg>`` elements.

    >>> outside_svg('<p id="a"><svg id="b"></svg>', lambda s: s.upper())
    '<P ID="A"><svg id="b"></svg>'
    """
    out, last = [], 0
    for m in _SVG.finditer(html):
        out += [change(html[last : m.start()]), m[0]]
        last = m.end()
    return "".join([*out, change(html[last:])])


def relink(html: str, name: str, targets: dict[str, str], page_url: str) -> str:
    """Prefix the ids of one page with ``name`` and turn links to book pages into anchors.

    ``targets`` maps a page's URL path (``/derivatives/``) to its anchor; ``page_url`` is the
    path the page's relative links start from.

    >>> relink('<h2 id="x"><a href="#x">¶</a></h2><a href="../b/#y">b</a>', "a",
    ...        {"/a/": "a", "/b/": "b"}, "/a/")
    '<h2 id="a--x"><a href="#a--x">¶</a></h2><a href="#b--y">b</a>'
    """

    def href(m: re.Match) -> str:
        url = m[1]
        if url.startswith("#"):
            return f'href="#{name}--{url[1:]}"' if url[1:] else f'href="#{name}"'
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path:
            return m[0]
        path = normpath(page_url + parts.path).rstrip("/") + (
            "/" if parts.path.endswith("/") else ""
        )
        target = targets.get(path if path.endswith("/") else path + "/")
        if target is None:  # another file of the site, reached from the print page's depth
            fragment = f"#{parts.fragment}" if parts.fragment else ""
            return f'href="..{path}{fragment}"'
        return f'href="#{target}--{parts.fragment}"' if parts.fragment else f'href="#{target}"'

    def change(part: str) -> str:
        part = _ID.sub(lambda m: f'{m[1]}="{name}--{m[2]}"', part)
        return _HREF.sub(href, part)

    return outside_svg(html, change)


def for_paper(html: str) -> str:
    """Open every ``<details>``; drop widget containers, download lines and the sentences that
    only make sense on the web (a widget's "With JavaScript on, ...")."""
    html = _WIDGET.sub("", html)
    html = _DOWNLOADS.sub("", html)
    html = _WEB_ONLY.sub("", html)
    return _DETAILS.sub("<details open", html)


def solutions_at_end(html: str) -> str:
    """Move each exercise's folded solution to a "Solutions" part at the end of the chapter.

    An exercise is a ``<details class="question">`` whose summary names it; its solution, a
    ``<details class="success">`` inside it, leaves it and goes under that name at the end, so a
    reader tries the exercise before seeing the answer.

    >>> page = ('<details class="question"><summary>Exercise 1: x</summary><p>Do x.</p>'
    ...         '<details class="success"><summary>Solution</summary><p>42</p></details>'
    ...         '</details><h2>Summary</h2>')
    >>> print(solutions_at_end(page))  # doctest: +NORMALIZE_WHITESPACE
    <details class="question"><summary>Exercise 1: x</summary><p>Do x.</p></details><h2>Summary</h2>
    <div class="bp-print-solutions"><h2>Solutions</h2><h3>Exercise 1: x</h3><p>42</p></div>
    """
    solutions = []
    for question in reversed(list(_elements(html, "details", "question"))):
        inner = html[question[0] : question[1]]
        found = list(_elements(inner, "details", "success"))
        if not found:
            continue
        start, end = found[0]
        title = _SUMMARY.search(inner)
        answer = _SUMMARY.sub("", inner[start:end], count=1)
        answer = answer[answer.index(">") + 1 : answer.rindex("</details>")]
        name = title[1] if title else "Exercise"
        solutions.insert(0, f"<h3>{name}</h3>{answer}")
        html = html[: question[0]] + inner[:start] + inner[end:] + html[question[1] :]
    if not solutions:
        return html
    part = '<div class="bp-print-solutions"><h2>Solutions</h2>' + "".join(solutions) + "</div>"
    return f"{html}\n{part}"


def _elements(html: str, tag: str, cls: str):
    """The (start, end) of each ``<tag class="cls ...">`` element of ``html``, nesting respected."""
    opening = re.compile(rf'<{tag}\b[^>]*\bclass="{cls}\b[^"]*"[^>]*>')
    tags = re.compile(rf"<(/?){tag}\b[^>]*>")
    for m in opening.finditer(html):
        depth = 0
        for t in tags.finditer(html, m.start()):
            depth += -1 if t[1] else 1
            if depth == 0:
                yield m.start(), t.end()
                break


def title_page(config) -> str:
    """The book's first sheet: title, what it is, version, date, address and licence."""
    from datetime import date
    from importlib.metadata import metadata

    meta = metadata("backprop-from-scratch")
    licence = meta.get("License-Expression") or meta.get("License") or "see the repository"
    url = config["site_url"] or ""
    return (
        '<section class="bp-print-title">'
        f'<p class="bp-print-title__name">{escape(config["site_name"])}</p>'
        f'<p class="bp-print-title__what">{escape(meta["Summary"])}</p>'
        f'<p class="bp-print-title__meta">Version {meta["Version"]}, printed '
        f"{date.today():%d %B %Y}<br>"
        f'<a href="{url}">{escape(url)}</a><br>Licence: {escape(licence)}</p>'
        "</section>"
    )


def contents(pages) -> str:
    """The contents: one line per page of the book, its title linked, and an empty
    ``bp-print-contents__page`` span that the PDF edition fills with the page it starts on."""
    lines = "".join(
        f'<li><a href="#{anchor(p)}">{escape(p.title or "")}</a>'
        f'<span class="bp-print-contents__page" data-anchor="{anchor(p)}"></span></li>'
        for p in pages
    )
    return (
        '<section class="bp-print-contents"><p class="bp-print-contents__title">Contents</p>'
        f"<ol>{lines}</ol></section>"
    )


def book_html(pages, config) -> str:
    targets = {"/" + p.url: anchor(p) for p in pages}
    sections = [title_page(config), contents(pages)]
    for p in pages:
        name = anchor(p)
        body = solutions_at_end(for_paper(relink(p.content or "", name, targets, "/" + p.url)))
        sections.append(f'<section class="bp-print-chapter" id="{name}">{body}</section>')
    return '<div class="bp-print-book">' + "".join(sections) + "</div>" + _LIGHT


def on_startup(command: str, dirty: bool) -> None:
    # `--dirty` converts only the pages that changed: the whole book cannot be put together
    _state["dirty"] = dirty


def on_nav(nav, config, files):
    _state["nav"] = nav
    return nav


def on_page_context(context, page, config, nav):
    if page.file.src_uri != PAGE:
        return context
    if PLACEHOLDER not in (page.content or ""):
        raise RuntimeError(f"{PAGE} must hold {PLACEHOLDER} where the book goes")
    pages = book_pages(nav)
    missing = [p.file.src_uri for p in pages if not p.content]
    if missing and _state.get("dirty"):
        note = "<p><em>This page is put together by a full build (make build).</em></p>"
        page.content = page.content.replace(PLACEHOLDER, note)
        return context
    if missing:
        raise RuntimeError(f"pages not yet converted when the book was put together: {missing}")
    page.content = page.content.replace(PLACEHOLDER, book_html(pages, config))
    return context
