"""The labs as assignments: a student notebook and a solution notebook from each lab script.

A lab (``docs/labs/<name>.py``, a jupytext percent script) marks each answer the way nbgrader
does: the answer's code between the lines ``### BEGIN SOLUTION`` and ``### END SOLUTION``, in a
cell whose ``# %%`` line carries ``nbgrader={"solution": true, ...}``, and each check in a cell
with ``nbgrader={"grade": true, "points": N, "locked": true, ...}``. From it come

- the **solution notebook**: the script as a notebook, its nbgrader metadata completed to
  nbgrader's schema 3 (the defaults nbgrader's own upgrade fills in);
- the **student notebook**: the same, each answer replaced by nbgrader's code stub
  (``# YOUR CODE HERE`` and ``raise NotImplementedError()``, indented as the marker was) and
  the outputs cleared, which is what ``nbgrader generate_assignment`` does to those cells
  (tests/test_exercises_assignments.py compares the two with nbgrader's own preprocessors).

A markdown cell tagged ``page-only`` (``# %% [markdown] tags=["page-only"]``) is for the web
page alone (the download links, "this page is the solution notebook"): neither notebook has it.
Given the site's address, the notebooks' links are made absolute (the hosted pages), since a
link relative to the lab's page points nowhere in Colab or a local Jupyter, and the title cell
says where the notebook comes from.

Nothing here needs nbgrader: the build calls [`write_lab_notebooks`][] and the site offers both
files beside each lab page.
"""

from __future__ import annotations

import copy
import html as _html
import re
from pathlib import Path
from urllib.parse import urljoin

import jupytext
import nbformat

BEGIN, END = "BEGIN SOLUTION", "END SOLUTION"
STUB = ["# YOUR CODE HERE", "raise NotImplementedError()"]
TEXT_STUB = "YOUR ANSWER HERE"  # what nbgrader puts in place of a written answer
_DEFAULTS = {"grade": False, "locked": False, "solution": False, "task": False}
KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}
PAGE_ONLY = "page-only"  # the tag of a markdown cell that only the web page shows


def solution_notebook(script: Path, site_url: str = "") -> nbformat.NotebookNode:
    """The lab script as a notebook with its answers, nbgrader metadata completed, without its
    page-only cells; given ``site_url``, with absolute links and a line saying where it is from.

    >>> from pathlib import Path
    >>> from assignments import solution_notebook
    >>> nb = solution_notebook(Path("docs/labs/autograd.py"), "https://x.io/book/")
    >>> [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if "nbgrader" in c.metadata][:2]
    ['value', 'check-value']
    >>> "](https://x.io/book/graphs/)" in "".join(c.source for c in nb.cells)
    True
    """
    nb = jupytext.read(script)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata.pop("jupytext", None)
    nb.cells = [c for c in nb.cells if PAGE_ONLY not in c.metadata.get("tags", [])]
    for cell in nb.cells:
        cell.metadata.pop("lines_to_next_cell", None)
        meta = cell.metadata.get("nbgrader")
        if meta is not None:
            cell.metadata["nbgrader"] = {**_DEFAULTS, **meta, "schema_version": 3}
    if site_url:
        page_url = urljoin(site_url, f"labs/{script.stem}/")
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                cell.source = absolute_links(cell.source, page_url)
        title, _, rest = nb.cells[0].source.partition("\n")
        name = title.lstrip("# ").removeprefix("Lab: ")
        intro = (
            f"*This notebook is the lab [{name}]({page_url}) of Backprop from "
            f"Scratch, made from its page when the site was built ([how to run it]"
            f"({urljoin(site_url, 'run/')})). In the assignment each answer cell holds "
            "`raise NotImplementedError()` for you to replace; in the solutions it holds the "
            "answer.*"
        )
        nb.cells[0].source = f"{title}\n\n{intro}\n{rest}"
    return nb


_MD_LINK = re.compile(
    r"(\]\()([^)\s]+)|(^\[[^\]]+\]:[ \t]*)(\S+)|(\b(?:href|src)=\")([^\"]+)", re.M
)
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")


def absolute_links(markdown: str, base: str) -> str:
    """``markdown`` with every relative link (inline, reference, or an HTML ``href``/``src``)
    resolved against ``base``; code (fenced or inline) is left as it is.

    >>> from assignments import absolute_links
    >>> base = "https://x.io/book/labs/autograd/"
    >>> print(absolute_links("[a](../../graphs/) [b](#top) `[c](d)`", base))
    [a](https://x.io/book/graphs/) [b](https://x.io/book/labs/autograd/#top) `[c](d)`
    >>> print(absolute_links("[s]: s.ipynb\\n[t](https://t.org)", base))
    [s]: https://x.io/book/labs/autograd/s.ipynb
    [t](https://t.org)
    """

    def resolve(m: re.Match) -> str:
        lead = next(g for g in (m[1], m[3], m[5]) if g is not None)
        target = m[2] or m[4] or m[6]
        return lead + (target if _SCHEME.match(target) else urljoin(base, target))

    out, fence = [], None
    for line in markdown.split("\n"):
        if f := re.match(r"\s*(`{3,}|~{3,})", line):
            fence = None if fence and f[1].startswith(fence) else fence or f[1]
            out.append(line)
        elif fence:
            out.append(line)
        else:  # odd pieces between backticks are inline code
            pieces = line.split("`")
            pieces[::2] = [_MD_LINK.sub(resolve, piece) for piece in pieces[::2]]
            out.append("`".join(pieces))
    return "\n".join(out)


def student_notebook(solution: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook with every answer replaced by ``raise NotImplementedError()``, no outputs.

    >>> import nbformat
    >>> from assignments import student_notebook
    >>> cell = nbformat.v4.new_code_cell(
    ...     "def f(x):\\n    ### BEGIN SOLUTION\\n    return 2 * x\\n    ### END SOLUTION",
    ...     metadata={"nbgrader": {"solution": True, "grade_id": "f"}},
    ... )
    >>> print(student_notebook(nbformat.v4.new_notebook(cells=[cell])).cells[0].source)
    def f(x):
        # YOUR CODE HERE
        raise NotImplementedError()
    """
    nb = copy.deepcopy(solution)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        source, replaced = student_source(cell.source)
        if not cell.metadata.get("nbgrader", {}).get("solution"):
            if replaced:
                raise ValueError(f"a solution region outside a solution cell: {cell.source!r}")
            continue
        if replaced:
            cell.source = source
        else:  # a solution cell without a region: all of it is the answer, as nbgrader does
            cell.source = "\n".join(STUB) if cell.cell_type == "code" else TEXT_STUB
    return nb


def student_source(source: str) -> tuple[str, bool]:
    """``source`` with each solution region replaced by the stub, indented as its marker was,
    and whether there was one.

    >>> from assignments import student_source
    >>> text, replaced = student_source("x = 1\\n### BEGIN SOLUTION\\ny = 2\\n### END SOLUTION")
    >>> print(text)
    x = 1
    # YOUR CODE HERE
    raise NotImplementedError()
    >>> replaced
    True
    """
    lines, inside, replaced = [], False, False
    for line in source.split("\n"):
        if BEGIN in line:
            if inside:
                raise ValueError(f"nested {BEGIN} in {source!r}")
            inside = replaced = True
            indent = re.match(r"\s*", line).group(0)
            lines += [indent + stub for stub in STUB]
        elif END in line:
            inside = False
        elif not inside:
            lines.append(line)
    if inside:
        raise ValueError(f"no {END} in {source!r}")
    return "\n".join(lines), replaced


def write_lab_notebooks(
    script: Path, folder: Path, install: str = "", site_url: str = "", outputs=None
) -> tuple[Path, Path]:
    """Write ``<name>-student.ipynb`` and ``<name>-solutions.ipynb`` for a lab into ``folder``.

    ``install``, if given, is the source of a code cell put after the title cell of both (the
    cell that installs the package where it is missing); ``site_url``, the hosted site's
    address, makes the links absolute; ``outputs`` (from [`page_outputs`][]), one list per code
    cell, become the solution notebook's outputs. Returns the two paths, student first.
    """
    folder.mkdir(parents=True, exist_ok=True)
    solution = solution_notebook(script, site_url)
    if outputs is not None:
        code = [cell for cell in solution.cells if cell.cell_type == "code"]
        if len(code) != len(outputs):
            raise RuntimeError(
                f"{script.name}: {len(code)} code cells, but its page shows {len(outputs)}"
            )
        for cell, shown in zip(code, outputs, strict=True):
            cell.outputs = shown
    if install:
        solution.cells.insert(1, nbformat.v4.new_code_cell(install))
    for i, cell in enumerate(solution.cells):  # the same ids every build (nbformat's are random)
        cell.id = f"cell-{i}"
    paths = (folder / f"{script.stem}-student.ipynb", folder / f"{script.stem}-solutions.ipynb")
    for path, nb in zip(paths, (student_notebook(solution), solution), strict=True):
        nbformat.write(nb, path)
    return paths


_CELL = re.compile(r'<div class="jp-Cell (jp-\w+Cell)[^"]*" id="cell-id=')  # not its wrapper
_SHOWN = re.compile(
    # show_figure's figure (not a phone's layout of it, class ...-narrow), and its caption
    r'<figure class="bp-figure(?![^"]*-narrow)[^>]*>(<svg\b.*?</svg>)'
    r"(?:<figcaption>(.*?)</figcaption>)?\s*</figure>"
    # printed text, a cell's value (executeResult), a warning (stderr)
    r'|<div class="jp-Rendered\w+ jp-OutputArea-output( jp-OutputArea-executeResult)?" '
    r'data-mime-type="(text/plain|application/vnd.jupyter.stderr)"[^>]*>\s*<pre>(.*?)</pre>',
    re.S,
)
_LABEL = re.compile(r'aria-label="([^"]*)"')


def _text(html: str) -> str:
    return _html.unescape(re.sub(r"<[^>]+>", "", html))


def _output(m: re.Match) -> list:
    """The notebook outputs of one thing a lab page shows (a ``_SHOWN`` match)."""
    new = nbformat.v4.new_output
    if m[1]:  # a figure, in dark ink
        label = _LABEL.search(m[1])
        svg = {"image/svg+xml": m[1].replace("currentColor", "#1a1a1a")}
        shown = [new("display_data", data={**svg, "text/plain": _text(label[1] if label else "")})]
        if m[2]:
            caption = " ".join(_text(m[2]).split())
            shown.append(new("display_data", data={"text/markdown": f"*{caption}*"}))
        return shown
    if m[3]:
        return [new("execute_result", data={"text/plain": _text(m[5])}, execution_count=None)]
    return [new("stream", name="stderr" if "stderr" in m[4] else "stdout", text=_text(m[5]))]


def page_outputs(html: str) -> list[list]:
    """What the rendered lab page shows under each of its code cells, in order, as notebook
    outputs: each figure an SVG image in dark ink (the light palette) with its caption, each
    printed text a stream, a cell's value its result. (The page is the solution notebook, run
    when the site was built.)

    >>> from assignments import page_outputs
    >>> page = ('<div class="jp-Cell jp-MarkdownCell" id="cell-id=1"><p>Hi</p></div>'
    ...         '<div class="jp-Cell jp-CodeCell" id="cell-id=2">'
    ...         '<div class="jp-RenderedText jp-OutputArea-output" data-mime-type="text/plain">'
    ...         '<pre>x &lt; 1</pre></div><figure class="bp-figure" style="w">'
    ...         '<svg aria-label="A line"><path stroke="currentColor"/></svg></figure></div>')
    >>> [(o.output_type, o.get("text") or o.data["text/plain"]) for o in page_outputs(page)[0]]
    [('stream', 'x < 1'), ('display_data', 'A line')]
    >>> page_outputs(page)[0][1].data["image/svg+xml"]
    '<svg aria-label="A line"><path stroke="#1a1a1a"/></svg>'
    """
    starts = [(m.start(), m[1]) for m in _CELL.finditer(html)]
    cells = []
    for (start, kind), (end, _) in zip(starts, [*starts[1:], (len(html), "")], strict=True):
        if kind == "jp-CodeCell":
            outputs = []
            for out in (out for m in _SHOWN.finditer(html, start, end) for out in _output(m)):
                last = outputs[-1] if outputs else None
                if (
                    last
                    and out.output_type == last.output_type == "stream"
                    and out.name == last.name
                ):
                    last.text += out.text  # the kernel may send one print in two pieces
                else:
                    outputs.append(out)
            cells.append(outputs)
    return cells


_DIV = re.compile(r"<(/?)div\b")
_INPUT = '<div class="jp-Cell-inputWrapper"'
_PRE = re.compile(r"<pre>(.*?)</pre>", re.S)
_COPY_TEXT = re.compile(r'(<div class="clipboard-copy-txt" id=")([^"]+)(">)(.*?)(</div>)', re.S)
_STUB_HTML = [  # STUB as Pygments highlights it
    '<span class="c1"># YOUR CODE HERE</span>',
    '<span class="k">raise</span> <span class="ne">NotImplementedError</span>'
    '<span class="p">()</span>',
]


def starter_html(cell: str) -> str | None:
    """A rendered input cell as the assignment has it: each solution region replaced by the
    stub, in the highlighted code and in the text its copy button copies (given its own id).
    None where the highlighted code cannot be cut at the markers.

    >>> import re
    >>> from assignments import starter_html
    >>> lines = ["def f():", "    ### BEGIN SOLUTION", "    return 1", "    ### END SOLUTION"]
    >>> cell = "<pre>" + "\\n".join(f'<span class="x">{x}</span>' for x in lines) + "</pre>"
    >>> print(re.sub("<[^>]+>", "", starter_html(cell)))
    def f():
        # YOUR CODE HERE
        raise NotImplementedError()
    """
    pre = _PRE.search(cell)
    if pre is None:
        return None
    lines, inside = [], False
    for line in pre[1].split("\n"):
        text = _html.unescape(re.sub(r"<[^>]+>", "", line))
        if BEGIN in text:
            indent = re.match(r"\s*", text).group(0)
            lines += [indent + stub for stub in _STUB_HTML]
            inside = True
        elif END in text:
            inside = False
        elif not inside:
            lines.append(line)
    code = "\n".join(lines)
    if inside or code.count("<span") != code.count("</span>"):
        return None  # a region cut through a highlighted token: show the cell folded only
    starter = cell[: pre.start(1)] + code + cell[pre.end(1) :]
    if copy := _COPY_TEXT.search(starter):
        source, _ = student_source(_html.unescape(copy[4]))
        own = f"{copy[2]}-starter"
        text = copy[1] + own + copy[3] + _html.escape(source, quote=False) + copy[5]
        starter = starter[: copy.start()] + text + starter[copy.end() :]
        starter = starter.replace(f'for="{copy[2]}"', f'for="{own}"')
    return starter


def fold_solutions(html: str, summary: str = "Solution") -> str:
    """Fold the input of every rendered notebook cell holding an answer into a ``<details>``,
    after the cell as the assignment has it (the answers replaced by the stub).

    mkdocs-jupyter renders each cell's code in a ``div.jp-Cell-inputWrapper``; those holding a
    solution marker are shown as the learner gets them ([`starter_html`][]), then wrapped
    whole, closed, under a summary line (the outputs stay open).

    >>> from assignments import fold_solutions
    >>> cell = '<div class="jp-Cell-inputWrapper"><div>### BEGIN SOLUTION</div></div>'
    >>> folded = fold_solutions(f"<p>x</p>{cell}<p>y</p>")
    >>> head = '<details class="bp-solution tip"><summary>Solution</summary>'
    >>> folded == f"<p>x</p>{head}{cell}</details><p>y</p>"
    True
    """

    def fold(cell: str) -> str:
        if BEGIN not in cell:
            return cell
        starter = starter_html(cell) or ""
        head = f'<details class="bp-solution tip"><summary>{summary}</summary>'
        return f"{starter}{head}{cell}</details>"

    return _each_input(html, fold)


DRAWING = "# Drawing code"  # the first line of a lab cell that only draws a figure


def fold_drawing_code(html: str) -> str:
    """Fold the input of every rendered notebook cell whose code starts with ``# Drawing code``
    into a closed ``<details>``: the figure it draws stays in view, the plotting does not stand
    between the reader and the lesson.

    >>> from assignments import fold_drawing_code
    >>> cell = '<div class="jp-Cell-inputWrapper"><pre><span># Drawing code: x</span></pre></div>'
    >>> print(fold_drawing_code(cell).replace(cell, "CELL"))
    <details class="bp-drawing-code note"><summary>Drawing code: x</summary>CELL</details>
    """

    def fold(cell: str) -> str:
        pre = _PRE.search(cell)
        first = _html.unescape(re.sub(r"<[^>]+>", "", pre[1])).lstrip() if pre else ""
        if not first.startswith(DRAWING):
            return cell
        title = _html.escape(first.split("\n", 1)[0][2:].strip())
        return f'<details class="bp-drawing-code note"><summary>{title}</summary>{cell}</details>'

    return _each_input(html, fold)


def _each_input(html: str, change) -> str:
    """``html`` with ``change`` applied to each rendered cell's input (a jp-Cell-inputWrapper)."""
    out, start = [], 0
    while (begin := html.find(_INPUT, start)) != -1:
        depth, end = 0, begin
        for tag in _DIV.finditer(html, begin):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                end = html.index(">", tag.end()) + 1
                break
        else:
            break  # unbalanced markup: leave the rest as it is
        out += [html[start:begin], change(html[begin:end])]
        start = end
    return "".join(out) + html[start:]
