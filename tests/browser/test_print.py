"""The printed book: the print page through Chromium's print to PDF, as a teacher would print it.

One PDF is made per session (Playwright's ``page.pdf``, A4 as print.css asks). The tests check
what the paper shows: pages enough for the whole book, typeset math and no TeX left in the text,
no site navigation, solutions open, static figures instead of widgets, every figure kept on one
sheet (``break-inside: avoid`` and no taller than a sheet), nothing fetched from another host,
labels kept with what they label (a long titled code block may break), the install command at
a readable size on short lines that a shell joins, clear of the copy button on screen, a
contents that lists each part's sections and each chapter's solutions, each solution linked
back to its exercise, an empty page-number span after each cross-reference (the PDF edition
fills it), the address of each link out of the book, and no palette toggle on the print page
(it stays light).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import sitecheck

pytestmark = pytest.mark.browser

PAGE = "print/"
A4_CONTENT_PX = {"width": 688, "height": 1001}  # 210 x 297 mm less print.css's margins, at 96 dpi
CHAPTERS = 8
LABS = ["labs-autograd", "labs-digits"]  # the labs' parts, after the chapters


@pytest.fixture(scope="module")
def printed(browser, base_url, site_dir, tmp_path_factory):
    """The print page loaded and typeset, then printed: (page, path of the PDF, requests)."""
    context = sitecheck.new_context(browser, viewport=A4_CONTENT_PX)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(base_url + PAGE, wait_until="load", timeout=180_000)
    page.wait_for_function(
        "() => ['done', 'error'].includes(document.body.dataset.mathjax)",
        timeout=180_000,
    )
    page.emulate_media(media="print")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    out = tmp_path_factory.mktemp("print") / "book.pdf"
    out.write_bytes(pdf)
    page.errors = errors
    yield page, out, requests
    context.close()


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def test_the_book_prints_to_many_pages(printed, summary):
    _, pdf, _ = printed
    pages = pdf_pages(pdf.read_bytes())
    summary["printed book (A4 PDF)"] = f"{pages} pages"
    assert CHAPTERS * 3 <= pages <= 600


def test_every_chapter_is_in_the_book_in_order(printed):
    page, _, _ = printed
    ids = page.eval_on_selector_all(".bp-print-chapter", "els => els.map(e => e.id)")
    chapters = ["derivatives", "gradient-descent", "one-weight", "graphs", "gradcheck", "training"]
    parts = [*chapters, *LABS, "notation", "glossary"]
    assert [i for i in ids if i in parts] == parts, ids


def test_labs_print_the_assignment_with_their_answers_at_the_end(printed):
    """A lab on paper shows each exercise as the assignment gives it (the stub in place of the
    answer), ends with its answers under each exercise's name, each linked back, and leaves
    out what only works on screen: the drawing code, the scripts and the copy buttons."""
    page, _, _ = printed
    labs = page.eval_on_selector_all(
        ".bp-print-chapter",
        """els => els.filter(c => c.querySelector('.jp-Notebook')).map(c => {
            const pres = sel => [...c.querySelectorAll(sel)].map(p => p.textContent);
            return {
                id: c.id,
                folded: c.querySelectorAll('details.bp-solution').length,
                exercises: c.querySelectorAll(`[id^="${c.id}--print-exercise-"]`).length,
                solved: [...c.querySelectorAll('.bp-print-solutions h3')].length,
                backrefs: c.querySelectorAll('.bp-print-solutions .bp-print-backref a').length,
                stubs: pres('.jp-Notebook pre').filter(t => t.includes('NotImplementedError')),
                answers: pres('.bp-print-solutions pre'),
                drawing: pres('pre').filter(t => t.trimStart().startsWith('# Drawing code')),
                screen: c.querySelectorAll('script, clipboard-copy, .clipboard-copy-txt').length,
                downloads: c.textContent.includes('Download the notebook'),
                last: c.lastElementChild && c.lastElementChild.className,
            };
        })""",
    )
    assert [lab["id"] for lab in labs] == LABS
    for lab in labs:
        name = lab["id"]
        assert lab["folded"] == 0 and lab["last"] == "bp-print-solutions", name
        assert lab["exercises"] == lab["solved"] == lab["backrefs"] >= 5, (name, lab)
        assert len(lab["stubs"]) >= lab["solved"], f"{name}: {len(lab['stubs'])} stubs"
        assert lab["answers"] and not any("NotImplementedError" in t for t in lab["answers"])
        assert not any("### BEGIN" in t or "### END" in t for t in lab["answers"]), name
        assert lab["drawing"] == [] and lab["screen"] == 0 and not lab["downloads"], name


def test_math_is_typeset_and_no_tex_is_left(printed):
    page, pdf, _ = printed
    state = page.evaluate(
        """() => ({
            mathjax: document.body.dataset.mathjax,
            formulas: document.querySelectorAll('.bp-print-book mjx-container').length,
            untypeset: Array.from(document.querySelectorAll('.bp-print-book .arithmatex'))
                .filter(el => !el.querySelector('mjx-container')).length,
            errors: document.querySelectorAll('.bp-print-book mjx-merror').length,
        })"""
    )
    assert state["mathjax"] == "done", state
    assert state["formulas"] > 100 and state["untypeset"] == 0 and state["errors"] == 0, state
    if shutil.which("pdftotext"):  # poppler-utils: read the paper's own text
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        # code may print TeX for a page (markdown-exec): leave out the lines of code blocks
        code = page.eval_on_selector_all(".bp-print-book pre", "els => els.map(e => e.textContent)")
        blob = "\n".join(code)
        prose = "\n".join(line for line in text.splitlines() if line.strip() not in blob)
        raw = [name for name, pattern in sitecheck.RAW_TEX if pattern.search(prose)]
        assert not raw, f"raw TeX in the PDF's text: {raw}"


def test_no_site_navigation_on_paper(printed):
    page, _, _ = printed
    shown = page.evaluate(
        """() => ['.md-header', '.md-tabs', '.md-sidebar--primary', '.md-sidebar--secondary',
                  '.md-footer', '.md-search', '.bp-downloads', '.headerlink']
            .filter(sel => Array.from(document.querySelectorAll(sel)).some(el => {
                const r = el.getBoundingClientRect();
                return getComputedStyle(el).display !== 'none' && r.width > 0 && r.height > 0;
            }))"""
    )
    assert not shown, f"printed but should not be: {shown}"


def test_solutions_follow_at_the_end_of_each_chapter(printed):
    """Every exercise prints without its answer; the chapter ends with one solution per exercise,
    under the exercise's name, and nothing is left folded."""
    page, _, _ = printed
    closed = page.eval_on_selector_all(".bp-print-book details:not([open])", "els => els.length")
    chapters = page.eval_on_selector_all(
        ".bp-print-chapter",
        """els => els.map(c => ({
            id: c.id,
            questions: [...c.querySelectorAll('details.question > summary')]
                .map(s => s.textContent.trim()),
            inside: c.querySelectorAll('details.question details.success').length,
            solved: [...c.querySelectorAll('.bp-print-solutions h3')]
                .map(h => h.textContent.trim()),
            last: c.lastElementChild && c.lastElementChild.className,
        }))""",
    )
    with_exercises = [c for c in chapters if c["questions"]]
    assert closed == 0 and len(with_exercises) >= CHAPTERS
    for c in with_exercises:
        assert c["inside"] == 0, f"{c['id']}: a solution is still printed under its exercise"
        assert c["solved"] == c["questions"], f"{c['id']}: solutions {c['solved']}"
        assert c["last"] == "bp-print-solutions", f"{c['id']} ends with {c['last']}"


def test_solutions_start_a_new_page_and_no_tab_or_marker_is_printed(printed):
    """A chapter can be handed out without its answers; tabs print as their panels."""
    page, _, _ = printed
    state = page.evaluate(
        """() => ({
            breaks: [...document.querySelectorAll('.bp-print-solutions')]
                .map(e => getComputedStyle(e).breakBefore),
            labels: document.querySelectorAll('.bp-print-book .tabbed-labels').length,
            markers: /### (BEGIN|END) SOLUTION/.test(
                document.querySelector('.bp-print-book').textContent),
        })"""
    )
    assert state["breaks"] and set(state["breaks"]) == {"page"}, state
    assert state["labels"] == 0 and not state["markers"], state


def test_links_that_leave_the_book_go_to_pages_of_the_hosted_site(site_dir):
    """Every link of the book is an anchor inside it, or an address: on the hosted site, of a
    page this site has (the PDF edition made from this page works away from this machine)."""
    import mkdocs.config

    root = Path(__file__).resolve().parents[2]
    site_url = mkdocs.config.load_config(str(root / "mkdocs.yml"))["site_url"]
    html = (site_dir / "print" / "index.html").read_text(encoding="utf-8")
    start = html.index('<div class="bp-print-book">')
    book = html[start : html.index("<script>document.body.setAttribute(", start)]
    hrefs = re.findall(r'<a\b[^>]*\bhref="([^"]*)"', book)
    relative = [h for h in hrefs if not h.startswith(("#", "http://", "https://", "mailto:"))]
    assert not relative, relative[:10]
    for href in {h for h in hrefs if h.startswith(site_url)}:
        path = href.removeprefix(site_url).split("#")[0]
        target = site_dir / path / "index.html" if path.endswith("/") or not path else None
        assert (target or site_dir / path).is_file(), f"{href}: not in the site"


def test_widgets_are_replaced_by_their_static_figures(printed):
    page, _, _ = printed
    counts = page.evaluate(
        """() => ({
            widgets: document.querySelectorAll('.bp-print-book .bp-widget').length,
            statics: document.querySelectorAll('.bp-print-book .bp-static figure').length,
        })"""
    )
    assert counts["widgets"] == 0 and counts["statics"] >= 1, counts


def test_no_figure_is_cut_across_a_page_edge(printed):
    page, _, _ = printed
    bad = page.evaluate(
        """(sheet) => Array.from(document.querySelectorAll('.bp-print-book figure')).map((f, i) => {
            const r = f.getBoundingClientRect();
            return {i, avoid: getComputedStyle(f).breakInside, height: r.height,
                    shown: f.getClientRects().length > 0,  // a phone layout is not printed
                    label: (f.querySelector('svg') || f).getAttribute('aria-label') || ''};
        }).filter(f => f.shown && (f.avoid !== 'avoid' || f.height > sheet || f.height === 0))""",
        A4_CONTENT_PX["height"],
    )
    assert not bad, f"figures that could be cut by a page edge: {bad[:5]}"


def test_lab_cells_print_without_prompts(printed):
    """A lab's code on paper has no "In [1]:" beside it (the notebook's own stylesheet shows
    the prompts; print.css must win), so its lines keep the page's width."""
    page, _, _ = printed
    prompts = page.evaluate(
        """() => Array.from(document.querySelectorAll(
                '.bp-print-book .jp-InputPrompt, .bp-print-book .jp-OutputPrompt'))
            .filter(p => p.getClientRects().length > 0).length"""
    )
    cells = page.evaluate("document.querySelectorAll('.bp-print-book .jp-CodeCell').length")
    assert cells > 50 and prompts == 0, (cells, prompts)


def test_every_figure_prints_its_picture(printed):
    """No figure waits to be scrolled into view: on paper a lazy image that has not loaded
    prints as nothing, its caption under an empty space."""
    page, _, _ = printed
    shown = page.evaluate(
        """() => Array.from(document.querySelectorAll('.bp-print-book figure img'))
            .filter(i => i.getClientRects().length > 0)
            .map(i => ({alt: i.alt.slice(0, 60), lazy: i.loading === 'lazy',
                        loaded: i.complete && i.naturalWidth > 0,
                        height: i.getBoundingClientRect().height}))"""
    )
    assert len(shown) > 40, f"only {len(shown)} figures on paper"
    bad = [f for f in shown if f["lazy"] or not f["loaded"] or f["height"] == 0]
    assert not bad, f"figures that print as nothing: {bad[:5]}"


def test_the_print_page_keeps_the_light_palette_on_a_dark_system(browser, base_url):
    """A reader whose system (or stored choice) is dark still prints the light figures."""
    context = sitecheck.new_context(browser, color_scheme="dark")
    page = context.new_page()
    try:
        page.goto(base_url + PAGE, wait_until="load", timeout=180_000)
        page.wait_for_timeout(500)  # a palette change after load would show by now
        scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        dark_shown = page.evaluate(
            """() => Array.from(document.querySelectorAll('.bp-print-book .bp-figure__dark'))
                .filter(p => getComputedStyle(p).display !== 'none').length"""
        )
    finally:
        context.close()
    assert scheme == "default" and dark_shown == 0, (scheme, dark_shown)


def test_the_print_page_fits_a_375px_phone(browser, base_url):
    """On screen the book is one long page: nothing in it, the labs' code included, makes a
    phone scroll sideways (a long line scrolls in its own box)."""
    context = sitecheck.new_context(browser)
    try:
        found = sitecheck.overflow_at_load(context, base_url, PAGE)
    finally:
        context.close()
    assert not found, found


def test_the_print_page_needs_no_other_host(printed, base_url):
    _, _, requests = printed
    elsewhere = [u for u in requests if not u.startswith(base_url) and not u.startswith("data:")]
    assert not elsewhere, elsewhere


def test_the_print_page_runs_without_script_errors(printed):
    page, _, _ = printed
    assert not page.errors, page.errors


def test_links_and_anchors_of_the_book_resolve(site_dir):
    found = sitecheck.check_links(site_dir, PAGE)
    assert not found, "\n".join(found)


def test_the_palette_toggle_is_hidden_on_the_print_page_only(printed, browser, base_url):
    """The print page stays light, so its toggle would change nothing but its icon."""
    page, _, _ = printed
    toggle = "[data-bp-palette]"
    page.emulate_media(media="screen")
    try:
        hidden = page.eval_on_selector(toggle, "e => getComputedStyle(e).display === 'none'")
    finally:
        page.emulate_media(media="print")
    context = sitecheck.new_context(browser)
    other = context.new_page()
    try:
        other.goto(base_url + "glossary/", wait_until="load")
        shown = other.eval_on_selector(toggle, "e => getComputedStyle(e).display !== 'none'")
    finally:
        context.close()
    assert hidden and shown, (hidden, shown)


def test_the_install_command_prints_at_a_readable_size_on_lines_a_shell_joins(printed):
    """At 8 pt or more, each of its lines whole (none wrapped), each but the last ending with
    the backslash that joins it to the next; and the digest that pins it on a line of its own."""
    page, _, _ = printed
    blocks = page.eval_on_selector_all(
        ".bp-print-install code",
        """els => els.map(c => ({text: c.textContent, width: c.scrollWidth,
                 room: c.clientWidth, height: c.getBoundingClientRect().height,
                 line: parseFloat(getComputedStyle(c).lineHeight),
                 size: parseFloat(getComputedStyle(c).fontSize)}))""",
    )
    command, digest = blocks
    lines = command["text"].splitlines()
    assert lines[0].startswith('pip install "') and len(lines) >= 2, lines
    assert all(x.endswith("\\") for x in lines[:-1]) and lines[-1].endswith('.whl"'), lines
    assert re.fullmatch(r"#sha256=[0-9a-f]{64}", digest["text"]), digest
    for box, count in ((command, len(lines)), (digest, 1)):
        assert box["size"] >= 8 * 96 / 72, box  # 8 pt
        assert box["width"] <= box["room"], box
        assert box["height"] < (count + 0.5) * box["line"] + 2 * box["size"], box


def test_the_install_command_on_screen_is_clear_of_the_copy_button(printed):
    """At 1280 px, the light view: no character under the button (it covered "dist/")."""
    page, _, _ = printed
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 1280, "height": 800})
    try:
        overlap = page.evaluate(
            """() => [...document.querySelectorAll('.bp-print-install')].map(pre => {
                const button = pre.querySelector('.md-code__button');
                if (!button) return 'no copy button';
                const b = button.getBoundingClientRect();
                const range = document.createRange();
                range.selectNodeContents(pre.querySelector('code'));
                return [...range.getClientRects()].filter(r => r.width > 0 &&
                    r.left < b.right && r.right > b.left && r.top < b.bottom && r.bottom > b.top)
                    .length;
            })"""
        )
    finally:
        page.set_viewport_size(A4_CONTENT_PX)
        page.emulate_media(media="print")
    assert overlap == [0, 0], overlap


def test_labels_stay_with_what_they_label(printed):
    """A code block's title and a glossary term are kept on the page of what they label: a
    titled block is kept whole, bar a long one (which, moved whole, would leave much of a page
    blank), and a title stays with its block's first lines."""
    page, _, _ = printed
    breaks = page.evaluate(
        """() => [['.bp-print-book .highlight:not(.bp-print-long) > .filename', 'parentElement',
                   'breakInside'],
                  ['.bp-print-book .highlight.bp-print-long > .filename', 'parentElement',
                   'breakInside'],
                  ['.bp-print-book .filename', 'self', 'breakAfter'],
                  ['.bp-print-book dt', 'self', 'breakAfter']].map(([sel, which, prop]) =>
            [...new Set([...document.querySelectorAll(sel)]
                .map(e => getComputedStyle(which === 'self' ? e : e[which])[prop]))])"""
    )
    assert breaks == [["avoid"], ["auto"], ["avoid"], ["avoid"]], breaks


def test_the_contents_lists_each_part_its_sections_and_its_solutions(printed):
    """Under each part's line, a line for each of its h2 sections (the glossary's letters
    left out), then one for the chapter's solutions."""
    page, _, _ = printed
    listed = page.eval_on_selector_all(
        ".bp-print-contents li",
        "els => els.map(e => [e.className, e.querySelector('a').getAttribute('href').slice(1)])",
    )
    book = page.eval_on_selector_all(
        ".bp-print-chapter",
        """els => els.map(c => [['bp-print-contents__part', c.id],
            ...[...c.querySelectorAll('h2[id]')]
                .filter(h => h.textContent.replace('¶', '').trim().length > 1)
                .map(h => ['bp-print-contents__section', h.id]),
            ...[...c.querySelectorAll('.bp-print-solutions')]
                .map(s => ['bp-print-contents__sub', s.id])]).flat()""",
    )
    assert [tuple(x) for x in listed] == [tuple(x) for x in book], (listed[:8], book[:8])
    kinds = [k for k, _ in listed]
    assert kinds.count("bp-print-contents__sub") >= CHAPTERS, kinds
    assert kinds.count("bp-print-contents__section") >= 5 * CHAPTERS, kinds


def test_each_solution_links_back_to_its_exercise(printed):
    """Under the solution's title, a link to the exercise of the same title (the PDF edition
    gives its page; a browser's print, which cannot, leaves the line out): in a chapter the
    exercise's box, in a lab the paragraph that names it ("Your turn (exercises 2 and 3).") and
    what it asks for ("Exercises 2 and 3: add and mul")."""
    page, _, _ = printed
    pairs = page.eval_on_selector_all(
        ".bp-print-solutions h3",
        """els => els.map(h => {
            const link = h.nextElementSibling && h.nextElementSibling.querySelector(
                ':scope.bp-print-backref > a');
            const target = link && document.getElementById(link.getAttribute('href').slice(1));
            const summary = target && target.matches('details.question')
                && target.querySelector(':scope > summary');
            const named = target && target.matches('p') && target.querySelector(':scope > strong');
            const title = h.textContent.trim();
            // a lab's: "Exercise 6: topological_order", from "Your turn (exercise 6). Write
            // `topological_order`, ..." (or "Exercise 6: without standardisation.")
            const [head, ...asked] = title.split(': ');
            const found = summary ? summary.textContent.trim()
                : named && named.textContent.toLowerCase().includes(head.toLowerCase())
                  && target.textContent.includes(asked.join(': ')) ? title
                : null;
            return [title, found, link ? getComputedStyle(link.parentElement).display : null];
        })""",
    )
    assert len(pairs) >= 2 * CHAPTERS
    bad = [p for p in pairs if p[0] != p[1] or p[2] != "none"]
    assert not bad, bad[:5]


def test_links_to_parts_left_out_print_their_address(printed):
    """In each part, the first link to each page of Run the code or the API is
    followed on paper by the page's address (print.css prints ``data-print-url``)."""
    import mkdocs.config

    root = Path(__file__).resolve().parents[2]
    site_url = mkdocs.config.load_config(str(root / "mkdocs.yml"))["site_url"]
    page, _, _ = printed
    parts = page.eval_on_selector_all(
        ".bp-print-chapter",
        """els => els.map(c => [...c.querySelectorAll("a[href^='http']")].map(a => [
            a.getAttribute('href'), a.textContent.trim(), a.dataset.printUrl || null,
            getComputedStyle(a, '::after').content]))""",
    )
    shown = 0
    for links in parts:
        ours = [x for x in links if x[0].startswith(site_url) and x[1] != x[0]]
        first = {}
        for href, *_ in ours:
            first.setdefault(href.split("#")[0], href)
        marked = [x for x in ours if x[2]]
        assert [x[0] for x in marked] == list(first.values()), (marked, first)
        assert all(x[2] == x[0].split("#")[0] and f"({x[2]})" in x[3] for x in marked), marked
        shown += len(marked)
    assert shown >= 10, shown


def test_cross_references_have_an_empty_page_number_in_a_browsers_print(printed):
    """The PDF edition fills each span with the page the link leads to; a browser's print
    cannot, and shows nothing."""
    page, _, _ = printed
    spans = page.eval_on_selector_all(
        ".bp-print-pageref",
        """els => els.map(e => ({text: e.textContent,
            after: e.previousElementSibling && e.previousElementSibling.getAttribute('href'),
            anchor: e.dataset.anchor}))""",
    )
    assert len(spans) >= 50, len(spans)
    bad = [s for s in spans if s["text"] or s["after"] != "#" + s["anchor"]]
    assert not bad, bad[:5]
