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
    """Open every ``<details>``, drop widget containers and download lines."""
    html = _WIDGET.sub("", html)
    html = _DOWNLOADS.sub("", html)
    return _DETAILS.sub("<details open", html)


def book_html(pages) -> str:
    targets = {"/" + p.url: anchor(p) for p in pages}
    sections = []
    for p in pages:
        name = anchor(p)
        body = for_paper(relink(p.content or "", name, targets, "/" + p.url))
        sections.append(f'<section class="bp-print-chapter" id="{name}">{body}</section>')
    return '<div class="bp-print-book">' + "".join(sections) + "</div>" + _LIGHT


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
    if missing:
        raise RuntimeError(f"pages not yet converted when the book was put together: {missing}")
    page.content = page.content.replace(PLACEHOLDER, book_html(pages))
    return context
