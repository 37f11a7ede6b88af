"""The whole book on one page, for a teacher's printer: ``print.md`` gets every chapter in order.

The page ``print.md`` holds an empty ``<div class="bp-print-book">``; once every page of the
build has been converted (``on_page_context`` runs after all of them), that div is filled with
the HTML of the home page, the chapters, the labs and the reference pages (Run the code and the
API pages left out), each in a ``<section>`` that starts a printed page. Each chapter is made fit
for paper (a lab first as print_labs.py says):

- its ids get the chapter's name as a prefix (``derivatives--slope``), and links between the
  book's pages become links inside this page, so the printed book has one set of anchors;
- every ``<details>`` (exercises and their solutions) is open;
- interactive figures lose their widget container, so the static figure the build drew stays
  (the widget scripts find nothing to start);
- a set of tabs becomes its panels one after the other, without their labels;
- what only makes sense on the web goes: the chapter's download line, a widget's "With
  JavaScript on, ...", nbgrader's ``### BEGIN SOLUTION`` / ``### END SOLUTION`` lines in the
  solutions' code, and the home page's sections about the site itself (``WEB_ONLY_SECTIONS``);
- links to pages of the site that the book leaves out (Run the code, the API, downloads) become
  absolute links to the hosted site (``site_url``), so they work on paper and in the PDF;
- each cross-reference (a link to another place in the book, bar a bold term's link to the
  glossary and a footnote's) is followed by an empty ``bp-print-pageref`` span that the PDF
  edition fills with the page the link leads to, "(p. 42)" (``pagerefs``).

After the title page comes a note on this edition: what it leaves out and where that is on the
hosted site, and the command that installs the package, with the digest of the wheel this build
serves. The contents lists each part of the book, its sections (its h2 headings) and each
chapter's solutions (each part and each chapter's solutions starts a printed page; the PDF
edition puts each on a right-hand page and gives the page of every line). Each solution starts
with a link back to its exercise, which the PDF edition follows with the exercise's page. On
paper, a link to a page of the site that the book leaves out is followed by its address
(``addresses``), and a titled code block too long to move whole to the next page may break
(``long_blocks``).

Figures inside inline SVG keep their own ids: matplotlib's ids are already unique per figure.
docs/stylesheets/print.css holds the print rules (page breaks, no figure cut across pages).
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from datetime import date
from html import escape, unescape
from pathlib import Path
from posixpath import normpath
from urllib.parse import urlsplit

PAGE = "print.md"
NOT_IN_BOOK = (PAGE, "run.md")  # this page, and how to install the package
SKIP_SECTIONS = ("API",)  # nav sections that are not part of the printed book
PLACEHOLDER = '<div class="bp-print-book"></div>'
# a part's title on paper where its heading would not do (the home page's is the book's title)
PRINT_TITLES = {"home": "Introduction"}
# h2 sections about the site itself, left off paper (a missing one fails the build)
WEB_ONLY_SECTIONS = {"home": ("read-the-book-offline",)}

_SVG = re.compile(r"<svg\b.*?</svg>", re.S)
_ID = re.compile(r'\b(id|for)="([^"]+)"')  # ids, and labels' references to them (tabs)
_HREF = re.compile(r'\bhref="([^"]*)"')
_SRC = re.compile(r'\b(src|srcset)="([^"]*)"')
_WIDGET = re.compile(r'<div class="bp-widget"[^>]*>\s*</div>')
_DOWNLOADS = re.compile(r'<p class="bp-downloads">.*?</p>', re.S)
_DETAILS = re.compile(r"<details(?![^>]*\sopen)")
_WEB_ONLY = re.compile(
    r'<div class="bp-web-only">.*?</div>'  # a passage marked for the web only
    r'|<span class="bp-web-only">.*?</span>'
    r"|\s*With JavaScript on, [^<]*"  # a widget's caption, to its end
    r"|,?\s+and follow the light or dark palette(?=\.)",  # the home page's figures
    re.S,
)
# nbgrader's markers, a line of their own in the highlighted solution code
_MARKER = re.compile(
    r'^(?:[ \t]|<span class="w">[ \t]*</span>)*<span class="c1">###\s*(?:BEGIN|END) SOLUTION'
    r"</span>\n?",
    re.M,
)
# an internal link: its attributes before href, the anchor, the rest of its tag, its text
_XREF = re.compile(r'<a\b([^>]*)\bhref="#([^"]+)"([^>]*)>(.*?)</a>', re.S)
# links that get no page number: permalinks (not printed), a bold term's link to the glossary
# (every bold term has one), footnotes (on the same page)
_NO_PAGEREF = re.compile(r'\bclass="[^"]*\b(headerlink|bp-term|footnote-ref|footnote-backref)\b')
SOLUTIONS = "print-solutions"  # the id of a chapter's solutions, after the chapter's name
EXERCISE = "print-exercise"  # an exercise's id, after the chapter's name: ...--print-exercise-2
# a titled code block of more lines than this may break across pages (a shorter one is kept
# whole, with its title: moved whole, a longer one would leave much of a page blank)
LONG_BLOCK = 20
_TITLED = re.compile(r'<div class="([^"]*\bhighlight\b[^"]*)"><span class="filename">')
_H2 = re.compile(r'<h2\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</h2>', re.S)
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_H1 = re.compile(r"(<h1\b[^>]*>)(.*?)(<a class=\"headerlink\"|</h1>)", re.S)
_TAGS = re.compile(r"<[^>]+>")
_SUMMARY = re.compile(r"<summary>(.*?)</summary>", re.S)
# the book's pages keep the print page on the light palette (figures draw in currentColor); the
# palette script (overrides/partials/javascripts/palette.html) has set a stored or the system's
# palette in the header, before this runs, and nothing sets it later (the toggle is hidden here)
_LIGHT = (
    "<script>document.body.setAttribute('data-md-color-scheme', 'default');"
    " document.body.setAttribute('data-md-color-primary', 'indigo');</script>"
)
_state: dict = {}


def book_pages(nav) -> list:
    """The pages of the printed book in nav order: all but Run the code, the API and this page."""

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


def relink(
    html: str,
    name: str,
    targets: dict[str, str],
    page_url: str,
    site_url: str = "",
    sources: dict[str, str] | None = None,
) -> str:
    """Prefix the ids of one page with ``name``, turn links to book pages into anchors, and
    point the page's relative ``src`` (its figures) at the same files from the print page.

    ``targets`` maps a page's URL path (``/derivatives/``) to its anchor; ``page_url`` is the
    path the page's relative links start from. A link to a file of the site that is not in the
    book goes to the hosted site, ``site_url`` (without one, to the file beside the print page).
    A link to a page's source that MkDocs left as it was (``derivatives.md`` in HTML that a
    block printed) is read against the page's source, ``sources`` mapping each page's source
    path (``/derivatives.md``, the page's own first) to its URL path.

    >>> relink('<a href="b.md#y">b</a>', "a", {"/a/": "a", "/b/": "b"}, "/a/", "",
    ...        {"/a.md": "/a/", "/b.md": "/b/"})
    '<a href="#b--y">b</a>'

    >>> relink('<h2 id="x"><a href="#x">¶</a></h2><a href="../b/#y">b</a>', "a",
    ...        {"/a/": "a", "/b/": "b"}, "/a/")
    '<h2 id="a--x"><a href="#a--x">¶</a></h2><a href="#b--y">b</a>'
    >>> relink('<a href="../run/#pip">run</a>', "a", {"/a/": "a"}, "/a/", "https://h.org/b/")
    '<a href="https://h.org/b/run/#pip">run</a>'
    >>> relink('<img src="assets/f.svg"><img src="data:x">', "home", {"/": "home"}, "/")
    '<img src="../assets/f.svg"><img src="data:x">'
    >>> relink('<source srcset="assets/f.svg 1x, assets/g.svg 2x">', "home", {"/": "home"}, "/")
    '<source srcset="../assets/f.svg 1x, ../assets/g.svg 2x">'
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
        if sources and parts.path.endswith((".md", ".py")):
            source = normpath(posixpath.join(posixpath.dirname(next(iter(sources))), parts.path))
            path = sources.get(source, path)
        target = targets.get(path if path.endswith("/") else path + "/")
        if target is None:  # another file of the site: on the hosted site
            fragment = f"#{parts.fragment}" if parts.fragment else ""
            if site_url:
                return f'href="{site_url.rstrip("/")}{path}{fragment}"'
            return f'href="..{path}{fragment}"'  # reached from the print page's depth
        return f'href="#{target}--{parts.fragment}"' if parts.fragment else f'href="#{target}"'

    def rebased(url: str) -> str:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
            return url
        return ".." + normpath(page_url + url)  # reached from the print page's depth

    def src(m: re.Match) -> str:
        if m[1] == "src":
            return f'src="{rebased(m[2])}"'
        candidates = (c.strip().split(" ", 1) for c in m[2].split(","))  # url [descriptor]
        return 'srcset="' + ", ".join(" ".join([rebased(c[0]), *c[1:]]) for c in candidates) + '"'

    def change(part: str) -> str:
        part = _ID.sub(lambda m: f'{m[1]}="{name}--{m[2]}"', part)
        return _SRC.sub(src, _HREF.sub(href, part))

    return outside_svg(html, change)


_HEADING = re.compile(r"(<h[1-6]\b.*?</h[1-6]>)", re.S)
_POSSESSIVE = re.compile(r'(<span class="bp-print-pageref" data-anchor="[^"]*"></span>)([\'’]s\b)')


def pagerefs(html: str) -> str:
    """After each cross-reference, an empty span for the page it leads to (the PDF edition
    fills it in; a browser's print leaves it empty). Permalinks, a bold term's link to the
    glossary, footnotes, the glossary's letters (a link of one character) and links inside a
    figure's SVG get none.

    >>> pagerefs('<a href="#graphs--x">Graphs</a>')
    '<a href="#graphs--x">Graphs</a><span class="bp-print-pageref" data-anchor="graphs--x"></span>'
    >>> same = '<a class="bp-term" href="#glossary--l"><b>loss</b></a> <a href="https://h.org/">h</a>'
    >>> pagerefs(same) == same
    True
    >>> pagerefs('<h2 id="a">See <a href="#b--c">B</a></h2>')  # none in a heading
    '<h2 id="a">See <a href="#b--c">B</a></h2>'
    >>> pagerefs('<a href="#b">chapter 1</a>’s x')  # after the possessive
    '<a href="#b">chapter 1</a>’s<span class="bp-print-pageref" data-anchor="b"></span> x'
    """

    def ref(m: re.Match) -> str:
        if _NO_PAGEREF.search(m[1] + m[3]) or len(_TAGS.sub("", m[4]).strip()) < 2:
            return m[0]
        return f'{m[0]}<span class="bp-print-pageref" data-anchor="{m[2]}"></span>'

    def refs(part: str) -> str:
        # none in a heading (nor so in the PDF's bookmarks); after a possessive, not inside it
        pieces = _HEADING.split(part)
        pieces[::2] = [_XREF.sub(ref, piece) for piece in pieces[::2]]
        return _POSSESSIVE.sub(r"\2\1", "".join(pieces))

    return outside_svg(html, refs)


def for_paper(html: str) -> str:
    """Open every ``<details>`` and lay tabs out one after the other; drop widget containers,
    download lines, nbgrader's solution markers and the sentences that only make sense on the
    web (a widget's "With JavaScript on, ...")."""
    html = _WIDGET.sub("", html)
    html = _DOWNLOADS.sub("", html)
    # on paper every figure is printed, so none waits to be scrolled into view
    html = html.replace('loading="lazy"', 'loading="eager"')
    html = _WEB_ONLY.sub("", html)
    html = _MARKER.sub("", html)
    html = untab(html)
    return _DETAILS.sub("<details open", html)


def untab(html: str) -> str:
    """Each set of tabs (pymdownx.tabbed) as its panels one after the other, without labels.

    >>> untab('<p>a</p><div class="tabbed-set tabbed-alternate"><input id="t1"/>'
    ...       '<div class="tabbed-labels"><label for="t1">Result</label></div>'
    ...       '<div class="tabbed-content"><div class="tabbed-block"><p>R</p></div>'
    ...       '<div class="tabbed-block"><pre>S</pre></div></div></div><p>b</p>')
    '<p>a</p><div class="bp-print-tabs"><p>R</p><pre>S</pre></div><p>b</p>'
    """
    for start, end in reversed(list(_elements(html, "div", "tabbed-set"))):
        inner = html[start:end]
        panels, last = [], 0
        for s, e in _elements(inner, "div", "tabbed-block"):
            if s < last:  # a panel inside a panel: it goes with its own
                continue
            block = inner[s:e]
            panels.append(block[block.index(">") + 1 : block.rindex("</div>")])
            last = e
        html = f'{html[:start]}<div class="bp-print-tabs">{"".join(panels)}</div>{html[end:]}'
    return html


def drop_sections(html: str, name: str, ids) -> str:
    """``html`` without the h2 sections whose ids (before the ``name--`` prefix) are ``ids``:
    each from its heading to the next h2, or to the end.

    >>> drop_sections('<h2 id="p--a">A</h2><p>x</p><h2 id="p--b">B</h2>', "p", ["a"])
    '<h2 id="p--b">B</h2>'
    """
    for section in ids:
        m = re.search(rf'<h2\b[^>]*\bid="{re.escape(name)}--{re.escape(section)}"', html)
        if m is None:
            raise RuntimeError(f"print_book: no section #{section} on {name} to leave off paper")
        after = html.find("<h2", m.end())
        html = html[: m.start()] + (html[after:] if after >= 0 else "")
    return html


def heading(html: str) -> str:
    """The text of the page's h1, without its permalink.

    >>> heading('<h1 id="a">4. Graphs <em>and</em> rules<a class="headerlink" href="#a">¶</a></h1>')
    '4. Graphs and rules'
    """
    m = _H1.search(html)
    return unescape(_TAGS.sub("", m[2])).strip() if m else ""


def retitle(html: str, title: str) -> str:
    """The page with its h1's text replaced by ``title`` (the permalink kept)."""
    return _H1.sub(lambda m: f"{m[1]}{escape(title)}{m[3]}", html, count=1)


def solutions_at_end(html: str, name: str = "") -> str:
    """Move each exercise's folded solution to a "Solutions" part at the end of the chapter.

    An exercise is a ``<details class="question">`` whose summary names it; its solution, a
    ``<details class="success">`` inside it, leaves it and goes under that name at the end, so a
    reader tries the exercise before seeing the answer. Given the chapter's ``name``, the part's
    id is ``name--print-solutions`` (the contents links to it), each exercise with a solution
    gets the id ``name--print-exercise-1`` (-2, ...), and each solution starts with a link back
    to its exercise (``pagerefs`` then gives it the exercise's page).

    >>> page = ('<details class="question"><summary>Exercise 1: x</summary><p>Do x.</p>'
    ...         '<details class="success"><summary>Solution</summary><p>42</p></details>'
    ...         '</details><h2>Summary</h2>')
    >>> print(solutions_at_end(page))  # doctest: +NORMALIZE_WHITESPACE
    <details class="question"><summary>Exercise 1: x</summary><p>Do x.</p></details><h2>Summary</h2>
    <div class="bp-print-solutions"><h2>Solutions</h2><h3>Exercise 1: x</h3><p>42</p></div>
    >>> out = solutions_at_end(page, "c")
    >>> out.startswith('<details id="c--print-exercise-1" class="question">')
    True
    >>> print(out[out.index("<h3>") :].replace("><", ">\\n<"))
    <h3>Exercise 1: x</h3>
    <p class="bp-print-backref">
    <a href="#c--print-exercise-1">The exercise</a>
    </p>
    <p>42</p>
    </div>
    """
    solutions = []
    questions = list(enumerate(_elements(html, "details", "question"), start=1))
    for k, question in reversed(questions):
        inner = html[question[0] : question[1]]
        found = list(_elements(inner, "details", "success"))
        if not found:
            continue
        start, end = found[0]
        title = _SUMMARY.search(inner)
        answer = _SUMMARY.sub("", inner[start:end], count=1)
        answer = answer[answer.index(">") + 1 : answer.rindex("</details>")]
        exercise = title[1] if title else "Exercise"
        back = ""
        if name:
            ident = f"{name}--{EXERCISE}-{k}"
            back = f'<p class="bp-print-backref"><a href="#{ident}">The exercise</a></p>'
            inner = f'<details id="{ident}"' + inner[len("<details") :]
            start, end = start + len(f' id="{ident}"'), end + len(f' id="{ident}"')
        solutions.insert(0, f"<h3>{exercise}</h3>{back}{answer}")
        html = html[: question[0]] + inner[:start] + inner[end:] + html[question[1] :]
    if not solutions:
        return html
    ident = f' id="{name}--{SOLUTIONS}"' if name else ""
    answers = "".join(solutions)
    part = f'<div class="bp-print-solutions"{ident}><h2>Solutions</h2>{answers}</div>'
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
    """The book's first sheet: its title, what it is about, who wrote it and its version."""
    from importlib.metadata import metadata

    meta = metadata("backprop-from-scratch")
    author = meta.get("Author") or ""
    by = f'<p class="bp-print-title__by">By the {escape(author)}</p>' if author else ""
    return (
        '<section class="bp-print-title">'
        f'<p class="bp-print-title__name">{escape(config["site_name"])}</p>'
        f'<p class="bp-print-title__what">{escape(config["site_description"] or "")}</p>'
        f"{by}"
        f'<p class="bp-print-title__meta">Version {escape(meta["Version"])}</p>'
        "</section>"
    )


def pinned_wheel(site_dir: Path, site_url: str) -> str:
    """The hosted URL of the wheel this build put into ``site_dir/dist``, pinned to its digest
    (the command that "Run the code" gives: the wheel hook, docs_src/book/wheel.py, writes it)."""
    (path,) = (site_dir / "dist").glob("*.whl")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return f"{site_url}dist/{path.name}#sha256={digest}"


INSTALL_WIDTH = 56  # characters a line of the printed install command holds at most


def install_lines(url: str, width: int = INSTALL_WIDTH) -> list[str]:
    r"""``pip install "url"`` as lines of at most ``width`` characters, cut after a ``/`` of the
    URL, each but the last ending with a backslash: inside double quotes, a POSIX shell removes
    a backslash and the line break after it, so the lines typed or pasted are the one command.

    >>> install_lines("https://h.org/book/dist/w-0.1-py3-none-any.whl", 30)
    ['pip install "https://h.org/\\', 'book/dist/\\', 'w-0.1-py3-none-any.whl"']
    """
    pieces = re.findall(r"[^/]*/+|[^/]+$", url)
    lines, line = [], 'pip install "'
    for piece in pieces:
        if line and len(line) + len(piece) + 1 > width and not line.endswith('"'):
            lines.append(line + "\\")
            line = ""
        line += piece
    return [*lines, line + '"']


def _link(url: str, text: str | None = None) -> str:
    return f'<a href="{escape(url)}">{escape(url if text is None else text)}</a>'


READING_ORDER = "home--what-you-will-learn"  # the introduction's section that orders the parts
LABS_READ = "the first after chapter 4 and the second at the end"  # its words (a test checks)


def edition(nav, config, built: date) -> str:
    """The back of the title page: what this edition is, what it leaves out and where that is
    on the hosted site, and the command that installs the package: short enough to type, and
    the digest that pins it to the wheel this build serves."""
    from importlib.metadata import metadata

    meta = metadata("backprop-from-scratch")
    licence = meta.get("License-Expression") or meta.get("License") or "see the repository"
    url = config["site_url"] or ""
    pages = {p.file.src_uri: p for p in nav.pages}
    labs = next(i for i in nav.items if i.is_section and i.title == "Labs").children
    api = next(p for p in nav.pages if p.file.src_uri.startswith("api/") and p.file.name == "index")
    run = pages["run.md"]
    chapters = next((i for i in nav.items if i.is_section and i.title == "Chapters"), None)
    first = next((c for c in chapters.children if c.is_page), None) if chapters else None
    example = f", as {_link(url + first.url)} for {escape(first.title)}" if first else ""
    lab_items = "".join(
        f"<li>{escape(lab.title)}: {_link(url + lab.url)}</li>" for lab in labs if lab.is_page
    )
    pinned = pinned_wheel(Path(config["site_dir"]), url)
    wheel, digest = pinned.split("#sha256=")
    command = "\n".join(install_lines(wheel))
    return (
        '<section class="bp-print-edition">'
        '<p class="bp-print-edition__title">This edition</p>'
        f"<p>Version {escape(meta['Version'])} of the book and of its Python package "
        f"<code>backprop</code>, printed from the book's site as it was built on "
        f"{built.day} {built:%B %Y}: {_link(url)}. Licence: {escape(licence)}.</p>"
        "<p>Every number and figure in it, and every table of results, was computed or checked "
        "by the book's code when the site was built. The interactive figures of the site are "
        "printed as the static figures it draws for them, and the solutions of each chapter "
        "and lab follow at its end. "
        "Some figures tell their curves or bars apart by colour alone: print them in colour. "
        "A reference to another place in the book is a link; in the PDF edition the page it "
        "leads to follows it, as in (p. 42). The labs are printed after the chapters; the "
        "reading order of the introduction "
        f'(<a href="#{READING_ORDER}">What you will learn</a>'
        f'<span class="bp-print-pageref" data-anchor="{READING_ORDER}"></span>) puts '
        f"{LABS_READ}.</p>"
        '<p class="bp-print-edition__title">Not on paper</p>'
        "<p>These parts of the site are not in the printed book; a reference to them leads to "
        "the site, and on paper the first in each part is followed by its address:</p><ul>"
        f"<li>{escape(run.title)}: how to install the package and where to paste a block, "
        f"{_link(url + run.url)}</li>"
        f"<li>the API reference of the package: {_link(url + api.url)}</li>"
        "<li>each chapter as a notebook to run (with or without the solutions), "
        "downloaded from the chapter's page on the site: the site's address followed by the "
        f"chapter's{example}</li>"
        "<li>the labs as notebooks to work in: the assignment, each answer left for you to "
        "write and each piece followed by its check, and the notebook with the answers, from "
        f"the lab's page:<ul>{lab_items}</ul></li></ul>"
        '<p class="bp-print-edition__title">Install the package</p>'
        f"<p>The package needs Python {escape(meta['Requires-Python'].removeprefix('>='))} or "
        "newer. In a new virtual environment "
        "(<code>python3 -m venv .venv</code>, then "
        "<code>source .venv/bin/activate</code>; on Windows <code>py -m venv .venv</code>, then "
        "<code>.venv\\Scripts\\activate</code>), this command installs the package the site "
        f"serves, with numpy and matplotlib. It is one command on {len(command.splitlines())} "
        "lines: in a terminal on Linux or macOS, a backslash at the end of a line joins it to "
        "the next; on Windows, "
        "type the lines as one, without the backslashes.</p>"
        f'<pre class="bp-print-install"><code>{escape(command)}</code></pre>'
        f"<p>{escape(run.title)}, {_link(url + run.url)}, gives the same command pinned to "
        f"{_link(pinned, 'this wheel')}: at the end of the address, inside the quotes, it adds "
        "<code>#sha256=</code> and the wheel's digest, and pip then refuses any other file. "
        "Without it, pip installs whatever file the site serves under that name, which may be "
        "a later build than this book's. The digest of this book's wheel:</p>"
        f'<pre class="bp-print-install"><code>#sha256={digest}</code></pre>'
        "<p>Once the site's package has changed, pip refuses the pinned command (or finds no "
        f"such file): copy the current one from {escape(run.title)}.</p>"
        "<p>The digits lab also needs scikit-learn, which ships its images: write "
        "<code>backprop-from-scratch[labs] @ </code> after the opening quote, before the address, "
        "and pip installs it too.</p>"
        "</section>"
    )


def sections(html: str, name: str) -> list[tuple[str, str]]:
    """The id and text of each h2 of a part (``name``), for the contents; not the glossary's
    letters (a heading of one character), nor the h2 of the part's solutions (it has no id).

    >>> sections('<h2 id="g--a">Slope <em>x</em><a class="headerlink" href="#g--a">¶</a></h2>'
    ...          '<h2 id="g--b">B</h2><h2>Solutions</h2>', "g")
    [('g--a', 'Slope x')]
    """
    found = []
    for ident, text in _H2.findall(html):
        text = unescape(_TAGS.sub("", _PERMALINK.sub("", text))).strip()
        if ident.startswith(f"{name}--") and len(text) > 1:
            found.append((ident, text))
    return found


def contents(pages, titles: dict[str, str], solved=(), parts=None) -> str:
    """The contents: one line per page of the book, its title (``titles``: by anchor) linked,
    under it a line for each of its sections (``parts``: by anchor, (id, title) pairs), and
    under each chapter whose anchor is in ``solved`` a line for its solutions. A part's line
    and a solutions' line end with an empty ``bp-print-contents__page`` span, a section's line
    with an empty ``bp-print-contents__at`` span: the PDF edition fills each with the page its
    target is on (and puts each part and solutions on a right-hand page); a browser's print
    leaves them empty, and the line then has no dotted leader.

    >>> page = type("P", (), {"url": "graphs/"})()
    >>> out = contents([page], {"graphs": "4. Graphs"}, {"graphs"},
    ...                {"graphs": [("graphs--gate", "One gate")]})
    >>> out.count("<li"), 'href="#graphs--print-solutions">Solutions</a>' in out
    (3, True)
    >>> '<span class="bp-print-contents__at" data-anchor="graphs--gate">' in out
    True
    """

    def line(target: str, title: str, sub: str = "", span: str = "page") -> str:
        return (
            f'<li{sub}><a href="#{target}">{escape(title)}</a>'
            f'<span class="bp-print-contents__{span}" data-anchor="{target}"></span></li>'
        )

    def part(p) -> str:
        name = anchor(p)
        below = "".join(
            line(ident, text, ' class="bp-print-contents__section"', "at")
            for ident, text in (parts or {}).get(name, ())
        )
        if name in solved:
            below += line(f"{name}--{SOLUTIONS}", "Solutions", ' class="bp-print-contents__sub"')
        return line(name, titles[name], ' class="bp-print-contents__part"') + below

    lines = "".join(part(p) for p in pages)
    return (
        '<section class="bp-print-contents"><p class="bp-print-contents__title">Contents</p>'
        f"<ol>{lines}</ol></section>"
    )


def long_blocks(html: str, most: int = LONG_BLOCK) -> str:
    """Mark each titled code block of more than ``most`` lines ``bp-print-long``: on paper it
    may break across pages (print.css keeps its title with its first lines), where a shorter
    one is kept whole.

    >>> code = '<div class="highlight"><span class="filename">f.py</span><pre><code>'
    >>> long_blocks(code + "a\\nb\\nc\\n</code></pre></div>", 2)[:37]
    '<div class="highlight bp-print-long">'
    >>> long_blocks(code + "a\\nb\\n</code></pre></div>", 2) == code + "a\\nb\\n</code></pre></div>"
    True
    """

    def mark(m: re.Match) -> str:
        end = html.find("</pre>", m.end())
        if html.count("\n", m.end(), end) <= most:
            return m[0]
        return f'<div class="{m[1]} bp-print-long"><span class="filename">'

    return _TITLED.sub(mark, html)


def addresses(html: str, site_url: str) -> str:
    """Give the first link of a part to each page of the hosted site (a page the book leaves
    out) a ``data-print-url`` with the page's address, which print.css prints after the link;
    not a link whose text is its address already. (The notation's tables link the API pages
    a hundred times: an address after each would drown them.)

    >>> out = addresses('<a href="https://h.org/run/#a">Run</a> <a href="https://h.org/run/">R</a>',
    ...                 "https://h.org/")
    >>> print(out.replace("> <", ">\\n<"))
    <a data-print-url="https://h.org/run/" href="https://h.org/run/#a">Run</a>
    <a href="https://h.org/run/">R</a>
    >>> same = '<a href="https://h.org/">https://h.org/</a> <a href="https://x.org/">x</a>'
    >>> addresses(same, "https://h.org/") == same
    True
    """
    if not site_url:
        return html
    seen: set[str] = set()

    def mark(m: re.Match) -> str:
        url = unescape(m[2])
        page = m[2].split("#")[0]
        if unescape(_TAGS.sub("", m[4])).strip() == url or page in seen:
            return m[0]
        seen.add(page)
        return f'<a data-print-url="{page}"{m[1]}href="{m[2]}"{m[3]}>{m[4]}</a>'

    link = re.compile(rf'<a\b([^>]*)\bhref="({re.escape(site_url)}[^"]*)"([^>]*)>(.*?)</a>', re.S)
    return outside_svg(html, lambda part: link.sub(mark, part))


def book_html(pages, config, nav=None, built: date | None = None) -> str:
    """The whole book: title page, edition note (given ``nav``), contents, then every page."""
    targets = {"/" + p.url: anchor(p) for p in pages}
    site_url = config.get("site_url") or ""
    every = {"/" + p.file.src_uri: "/" + p.url for p in (nav.pages if nav else pages)}
    bodies, titles, parts = [], {}, {}
    from book import print_labs  # docs_src is on sys.path once the execute hook has loaded

    notebook_css: dict[str, None] = {}  # the labs' stylesheets, each carried once
    for p in pages:
        name = anchor(p)
        own = "/" + p.file.src_uri
        sources = {own: every.get(own, "/" + p.url), **every}  # the page's own source first
        body = p.content or ""
        lab = print_labs.is_lab(body)
        if lab:
            notebook_css.update(dict.fromkeys(print_labs.styles(body)))
            body = print_labs.for_paper(body, site_url + p.url)
        body = relink(body, name, targets, "/" + p.url, site_url, sources)
        body = drop_sections(body, name, WEB_ONLY_SECTIONS.get(name, ()))
        if name in PRINT_TITLES:
            body = retitle(body, PRINT_TITLES[name])
        titles[name] = heading(body) or p.title or name
        parts[name] = sections(body, name)
        if lab:
            body = for_paper(print_labs.solutions_at_end(body, name))
        else:
            body = solutions_at_end(for_paper(body), name)
        body = long_blocks(addresses(body, site_url))
        bodies.append((name, pagerefs(body)))
    sections_ = [title_page(config)]
    if nav is not None:
        sections_.append(edition(nav, config, built or date.today()))
    solved = {name for name, body in bodies if f'id="{name}--{SOLUTIONS}"' in body}
    sections_.append(contents(pages, titles, solved, parts))
    for name, body in bodies:
        sections_.append(f'<section class="bp-print-chapter" id="{name}">{body}</section>')
    book = '<div class="bp-print-book">' + "".join(sections_) + "</div>"
    return "".join(notebook_css) + book + _LIGHT


def on_startup(command: str, dirty: bool) -> None:
    # `--dirty` converts only the pages that changed: the whole book cannot be put together
    _state["dirty"] = dirty


def on_nav(nav, config, files):
    _state["nav"] = nav
    return nav


def on_page_markdown(markdown: str, page, config, files) -> str:
    # the print page links to the PDF edition on the hosted site
    if page.file.src_uri != PAGE:
        return markdown
    return markdown.replace("{{ site_url }}", config["site_url"] or "../")


def on_page_context(context, page, config, nav):
    if page.file.src_uri != PAGE:
        return context
    if PLACEHOLDER not in (page.content or ""):
        raise RuntimeError(f"{PAGE} must hold {PLACEHOLDER} where the book goes")
    pages = book_pages(nav)
    missing = [p.file.src_uri for p in pages if not p.content]
    # a page whose blocks wait for the serving warm-up (book.execute) is not the book's yet
    waiting = any(getattr(p, "book_waiting", False) for p in pages)
    if (missing and _state.get("dirty")) or waiting:
        note = "<p><em>This page is put together by a full build (make build).</em></p>"
        page.content = page.content.replace(PLACEHOLDER, note)
        return context
    if missing:
        raise RuntimeError(f"pages not yet converted when the book was put together: {missing}")
    page.content = page.content.replace(PLACEHOLDER, book_html(pages, config, nav))
    return context
