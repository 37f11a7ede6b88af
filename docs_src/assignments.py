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

Nothing here needs nbgrader: the build calls [`write_lab_notebooks`][] and the site offers both
files beside each lab page.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import jupytext
import nbformat

BEGIN, END = "BEGIN SOLUTION", "END SOLUTION"
STUB = ["# YOUR CODE HERE", "raise NotImplementedError()"]
TEXT_STUB = "YOUR ANSWER HERE"  # what nbgrader puts in place of a written answer
_DEFAULTS = {"grade": False, "locked": False, "solution": False, "task": False}
KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}


def solution_notebook(script: Path) -> nbformat.NotebookNode:
    """The lab script as a notebook with its answers, nbgrader metadata completed.

    >>> from pathlib import Path
    >>> from assignments import solution_notebook
    >>> nb = solution_notebook(Path("docs/labs/autograd.py"))
    >>> [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if "nbgrader" in c.metadata][:2]
    ['value', 'check-value']
    """
    nb = jupytext.read(script)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata.pop("jupytext", None)
    for cell in nb.cells:
        cell.metadata.pop("lines_to_next_cell", None)
        meta = cell.metadata.get("nbgrader")
        if meta is not None:
            cell.metadata["nbgrader"] = {**_DEFAULTS, **meta, "schema_version": 3}
    return nb


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


def write_lab_notebooks(script: Path, folder: Path, install: str = "") -> tuple[Path, Path]:
    """Write ``<name>-student.ipynb`` and ``<name>-solutions.ipynb`` for a lab into ``folder``.

    ``install``, if given, is the source of a code cell put after the title cell of both (the
    cell that installs the package where it is missing). Returns the two paths, student first.
    """
    folder.mkdir(parents=True, exist_ok=True)
    solution = solution_notebook(script)
    if install:
        solution.cells.insert(1, nbformat.v4.new_code_cell(install))
    paths = (folder / f"{script.stem}-student.ipynb", folder / f"{script.stem}-solutions.ipynb")
    for path, nb in zip(paths, (student_notebook(solution), solution), strict=True):
        nbformat.write(nb, path)
    return paths


_DIV = re.compile(r"<(/?)div\b")
_INPUT = '<div class="jp-Cell-inputWrapper"'


def fold_solutions(html: str, summary: str = "Solution") -> str:
    """Fold the input of every rendered notebook cell holding an answer into a ``<details>``.

    mkdocs-jupyter renders each cell's code in a ``div.jp-Cell-inputWrapper``; those holding a
    solution marker are wrapped whole, closed, under a summary line (the outputs stay open).

    >>> from assignments import fold_solutions
    >>> cell = '<div class="jp-Cell-inputWrapper"><div>### BEGIN SOLUTION</div></div>'
    >>> folded = fold_solutions(f"<p>x</p>{cell}<p>y</p>")
    >>> head = '<details class="bp-solution tip"><summary>Solution</summary>'
    >>> folded == f"<p>x</p>{head}{cell}</details><p>y</p>"
    True
    """
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
        cell = html[begin:end]
        if BEGIN in cell:
            cell = f'<details class="bp-solution tip"><summary>{summary}</summary>{cell}</details>'
        out += [html[start:begin], cell]
        start = end
    return "".join(out) + html[start:]
