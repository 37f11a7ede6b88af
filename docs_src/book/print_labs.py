"""The labs on paper: what the printed book (print_book.py) does to a lab's page.

A lab's page is a notebook that mkdocs-jupyter rendered; on the site its answers are folded
under each exercise (lab_notebooks.py, after the page is converted). The printed book takes the
page as converted, so here, before the book's own changes (ids, links, open ``<details>``):

- each answer cell is shown as the assignment has it (the starter), and the answer goes to a
  "Solutions" part at the end of the lab, under the exercise's name, with a link back to the
  exercise's paragraph (the chapters' solutions are laid out the same way);
- what only works on screen goes: the scripts, the copy buttons, the headings' permalinks, the
  cell that offers the notebooks for download or Colab (a sentence with the lab's address takes
  its place) and the figures' drawing code (folded on the site; its figure stays);
- the page's stylesheets are taken out, for the book to carry each once (``styles``); a figure
  drawn twice, wide and for a phone (the digits lab's), keeps both, as on the lab's page, and
  print.css prints the wide one.
"""

from __future__ import annotations

import re
from html import escape

_SCRIPT = re.compile(r"<script\b.*?</script>\s*", re.S)
_STYLE = re.compile(r"<style\b.*?</style>\s*", re.S)
_COPY = re.compile(
    r'<div class="zeroclipboard-container">.*?</clipboard-copy>\s*</div>\s*'
    r'|<div class="clipboard-copy-txt"[^>]*>.*?</div>\s*',
    re.S,
)
_ANCHOR = re.compile(r'<a class="anchor-link"[^>]*>.*?</a>', re.S)  # a heading's "¶"
_DRAWING = re.compile(r'<details class="bp-drawing-code[^"]*">.*?</details>', re.S)
_PAGE_ONLY = re.compile(r'(<div class="[^"]*)\bcelltag_page-only("[^>]*>).*?(</div>)', re.S)
_SOLUTION = re.compile(
    r'<details class="bp-solution[^"]*"><summary>.*?</summary>(.*?)</details>', re.S
)
# an exercise's paragraph: "Your turn (exercises 2 and 3)." or "Exercise 6: without ..."
_LABEL = re.compile(
    r"<p><strong>(?:Your turn \((exercises? [^)<]*)\)|(Exercise \d+[^<]*?))\.</strong>"
)
# what "Your turn" asks for: "Write `standardise`: ..." names the exercise's answer
_WRITE = re.compile(r"\s*Write ((?:[^<:,;.]|<code>[^<]*</code>)+)")


def is_lab(html: str) -> bool:
    """Whether a page's HTML is a rendered notebook."""
    return "jp-Notebook" in html


def styles(html: str) -> list[str]:
    """The ``<style>`` elements of a lab's page: the notebook's stylesheets, and those a cell's
    output brings."""
    return [m[0].strip() for m in _STYLE.finditer(html)]


def for_paper(html: str, address: str) -> str:
    """A lab's converted page made fit for paper (all but its solutions: ``solutions_at_end``);
    ``address`` is the lab's page on the hosted site.

    >>> cell = ('<div class="jp-MarkdownOutput celltag_page-only" data-x="1">'
    ...         '<p>Download it</p></div>')
    >>> out = for_paper(f"<script>x</script>{cell}", "https://h.org/labs/a/")
    >>> out[:68]
    '<div class="jp-MarkdownOutput " data-x="1"><p>To work through this l'
    >>> '<a href="https://h.org/labs/a/">' in out, "Download" in out, "script" in out
    (True, False, False)
    """
    from assignments import fold_drawing_code, fold_solutions

    html = _ANCHOR.sub("", _COPY.sub("", _STYLE.sub("", _SCRIPT.sub("", html))))
    html = _DRAWING.sub("", fold_drawing_code(fold_solutions(html)))
    link = f'<a href="{escape(address)}">{escape(address)}</a>'
    instead = (
        f"<p>To work through this lab, open its page on the site, {link}: it offers the "
        "assignment as a notebook to download or to open in Colab (each answer replaced by a "
        "stub, every check in place), and the notebook with the answers. On paper, each "
        "exercise shows what the assignment gives you, and its answer is under Solutions at "
        "the end of the lab. The outputs under the cells are the finished lab's, with the "
        "answers in place: with the assignment's stub, a check fails until you write the answer."
        "</p>"
    )
    return _PAGE_ONLY.sub(lambda m: m[1] + m[2] + instead + m[3], html, count=1)


def solutions_at_end(html: str, name: str) -> str:
    """Move each folded answer to a "Solutions" part at the end of the lab ``name``, under the
    exercise it answers: the one whose paragraph ("Your turn (exercise 1)." or "Exercise 6:
    ...") came last before it. That paragraph gets the id ``name--print-exercise-k`` (the
    ``k``-th exercise paragraph) and each answer a link back to it, as in a chapter.

    >>> page = ('<p><strong>Your turn (exercises 2 and 3).</strong> Write.</p>'
    ...         '<details class="bp-solution tip"><summary>S</summary><pre>a</pre></details>'
    ...         '<details class="bp-solution tip"><summary>S</summary><pre>m</pre></details>'
    ...         '<p>Next.</p>')
    >>> print(solutions_at_end(page, "lab").replace("><", ">\\n<"))  # doctest: +ELLIPSIS
    <p id="lab--print-exercise-1">
    <strong>Your turn (exercises 2 and 3).</strong> Write.</p>
    <p>Next.</p>
    <div class="bp-print-solutions" id="lab--print-solutions">
    <h2>Solutions</h2>
    <div class="jupyter-wrapper">
    <h3>Exercises 2 and 3</h3>
    <p class="bp-print-backref">
    <a href="#lab--print-exercise-1">The exercise</a>
    </p>
    <pre>a</pre>
    <pre>m</pre>
    </div>
    </div>
    """
    marks = sorted([*_LABEL.finditer(html), *_SOLUTION.finditer(html)], key=lambda m: m.start())
    pieces, answers, last, k = [], {}, 0, 0
    for m in marks:
        pieces.append(html[last : m.start()])
        last = m.end()
        if m.re is _LABEL:
            k += 1
            title = (m[1] or m[2]).strip()
            title = title[:1].upper() + title[1:]
            asked = _WRITE.match(html, m.end())
            # "Exercises 2 and 3: add and mul", not a name for one of several answers
            if ":" not in title and asked and (" and " in asked[1] or " and " not in title):
                title += f": {asked[1].strip()}"
            answers[k] = [title, []]
            pieces.append(f'<p id="{name}--print-exercise-{k}">' + m[0][len("<p>") :])
        elif k:
            answers[k][1].append(m[1])
        else:
            raise RuntimeError(f"print_labs: an answer on {name} comes before any exercise")
    if not answers:
        return html
    parts = "".join(
        f'<h3>{title}</h3><p class="bp-print-backref"><a href="#{name}--print-exercise-{k}">'
        f"The exercise</a></p>{''.join(cells)}"
        for k, (title, cells) in answers.items()
        if cells
    )
    return (
        "".join([*pieces, html[last:]])
        + f'<div class="bp-print-solutions" id="{name}--print-solutions"><h2>Solutions</h2>'
        f'<div class="jupyter-wrapper">{parts}</div></div>'
    )
