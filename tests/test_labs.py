"""The labs run as plain scripts, the way a reader who downloads one runs it.

Each lab in docs/labs/ is a jupytext percent script that mkdocs-jupyter executes as a notebook
during the build. Here each one runs with ``runpy`` in a fresh interpreter (Agg backend, a
temporary working directory for the PNG files it writes), so a lab that only works inside
Jupyter, or that fails its own checks (``assert`` cells), fails the test suite too.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LABS = ROOT / "docs" / "labs"

# What each lab must print, and the figures it must write, when it runs as a script.
EXPECTED = {
    "autograd.py": {
        "output": [
            "all within 1e-12 of backprop.Value",
            "accuracy on 400 points",
            "exercise 9, the training step: passed",
            "exercise 10, log: passed",
            "exercise 11, power: passed",
            "exercise 12, tanh from exp: passed",
        ],
        "figures": ["autograd-graph.png", "autograd-loss.png", "autograd-boundary.png"],
    },
    "digits.py": {
        "output": [
            "test accuracy:",
            "scikit-learn",
            "mistakes in 450 test images",
            "exercise 8, early stopping: passed",
            "dropout minus no dropout, seed by seed:",
        ],
        "figures": [
            "digits-examples.png",
            "digits-loss.png",
            "digits-confusion.png",
            "digits-worst.png",
            "digits-curves.png",
            "digits-templates.png",
            "digits-differences.png",
        ],
    },
}


def run_lab(path: Path, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONDONTWRITEBYTECODE": "1"}
    code = f"import runpy; runpy.run_path({str(path)!r}, run_name='__main__')"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_every_lab_is_covered():
    assert sorted(p.name for p in LABS.glob("*.py")) == sorted(EXPECTED)


@pytest.mark.slow  # about 15 s each: make test runs them, make quick does not
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_lab_runs_as_a_script(name, tmp_path):
    pytest.importorskip("sklearn")  # the digits lab needs it; both come with the docs extra
    result = run_lab(LABS / name, tmp_path)
    assert result.returncode == 0, f"{name} failed:\n{result.stdout[-3000:]}\n{result.stderr}"
    for text in EXPECTED[name]["output"]:
        assert text in result.stdout, f"{name} did not print {text!r}"
    for figure in EXPECTED[name]["figures"]:
        assert (tmp_path / figure).stat().st_size > 1000, f"{name} did not write {figure}"


# ------------------------------------------------------------- the labs as nbgrader assignments

CHECK_FAILURES = {"ExerciseError"}  # what a check cell of the student notebook must raise


def graded_cells(nb) -> list:
    return [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]


def generate_with_nbgrader(solution, name: str, root: Path):
    """The student notebook as ``nbgrader generate_assignment`` makes it, in a fresh course."""
    import nbformat

    source = root / "source" / name
    source.mkdir(parents=True)
    nbformat.write(solution, source / f"{name}.ipynb")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(
        [sys.executable, "-m", "nbgrader", "generate_assignment", name, "--CourseDirectory.root=."],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return nbformat.read(root / "release" / name / f"{name}.ipynb", as_version=4)


def execute(nb, cwd: Path) -> float:
    """Run every cell in a fresh kernel, errors and all; the seconds it took."""
    from nbclient import NotebookClient

    start = time.perf_counter()
    NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(cwd)}},
    ).execute()
    return time.perf_counter() - start


def error_of(cell) -> dict | None:
    return next((o for o in cell.get("outputs", []) if o.output_type == "error"), None)


def assert_checks_say_not_written(cells, label: str) -> None:
    """Each executed check cell of a student notebook failed with its check's own message."""
    for cell in cells:
        error, grade_id = error_of(cell), cell.metadata["nbgrader"]["grade_id"]
        assert error is not None, f"{label} {grade_id} passed in the student notebook"
        assert error.ename in CHECK_FAILURES, f"{label} {grade_id}: {error.ename}: {error.evalue}"
        assert "not written yet" in error.evalue, f"{label} {grade_id}: {error.evalue}"


@pytest.mark.slow  # generates with nbgrader, then runs each notebook in a kernel
@pytest.mark.parametrize("name", ["autograd", "digits"])
def test_lab_is_an_nbgrader_assignment(name, tmp_path):
    """nbgrader makes the student notebook ours is; in it every check fails with its own
    message, and in the solution notebook every check passes."""
    pytest.importorskip("nbgrader")  # in the lock: absent only without the test extra
    pytest.importorskip("sklearn")  # the digits lab's images
    from assignments import solution_notebook, student_notebook

    solution = solution_notebook(LABS / f"{name}.py")
    ours = student_notebook(solution)
    released = generate_with_nbgrader(solution, name, tmp_path / "course")
    assert [c.source for c in released.cells] == [c.source for c in ours.cells]
    assert len(graded_cells(released)) >= 4
    for cell in graded_cells(released):  # nbgrader locked the checks
        assert cell.metadata["nbgrader"]["locked"] and cell.metadata["deletable"] is False

    (tmp_path / "student").mkdir()
    student_seconds = execute(released, tmp_path / "student")
    assert_checks_say_not_written(graded_cells(released), name)

    (tmp_path / "solution").mkdir()
    solution_seconds = execute(solution, tmp_path / "solution")
    for cell in graded_cells(solution):
        error = error_of(cell)
        assert error is None, f"{cell.metadata['nbgrader']['grade_id']}: {error and error.evalue}"
        assert "passed" in "".join(o.get("text", "") for o in cell.outputs)
    assert not [error_of(c) for c in solution.cells if error_of(c)]
    print(f"\n{name}: student notebook {student_seconds:.1f} s, solutions {solution_seconds:.1f} s")


# ------------------------------------------------------------ the assignment format, quickly


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_lab_script_round_trips_through_jupytext_with_its_nbgrader_metadata(name):
    import jupytext

    text = (LABS / name).read_text()
    nb = jupytext.reads(text, fmt="py:percent")
    graded = [c.metadata["nbgrader"] for c in nb.cells if "nbgrader" in c.metadata]
    assert any(m.get("solution") for m in graded) and any(m.get("grade") for m in graded)
    cells = text[text.index("# %%") :]  # the header aside: jupytext adds its version to it
    written = jupytext.writes(nb, fmt="py:percent")
    assert written[written.index("# %%") :] == cells


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_student_notebook_has_a_stub_for_every_answer_and_keeps_every_check(name):
    from assignments import solution_notebook, student_notebook

    solution = solution_notebook(LABS / name)
    student = student_notebook(solution)
    regions = sum(c.source.count("### BEGIN SOLUTION") for c in solution.cells)
    assert regions >= 5
    stubs = [
        c.source.count("raise NotImplementedError()") for c in (*solution.cells, *student.cells)
    ]
    assert sum(stubs[len(solution.cells) :]) - sum(stubs[: len(solution.cells)]) == regions
    assert not any("SOLUTION" in c.source for c in student.cells)
    for ours, theirs in zip(solution.cells, student.cells, strict=True):
        meta = ours.metadata.get("nbgrader", {})
        assert meta.get("schema_version", 3) == 3
        if not meta.get("solution"):
            assert ours.source == theirs.source
        if meta.get("grade"):
            assert meta["locked"] and meta["points"] > 0 and meta["grade_id"].startswith("check-")


def test_student_notebook_refuses_a_solution_region_outside_a_solution_cell():
    import nbformat
    from assignments import student_notebook

    cell = nbformat.v4.new_code_cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTION")
    with pytest.raises(ValueError, match="outside a solution cell"):
        student_notebook(nbformat.v4.new_notebook(cells=[cell]))


def test_fold_solutions_shows_the_starter_and_folds_the_answer():
    from assignments import fold_solutions

    code = (
        '<pre><span class="k">def</span> f():\n    <span class="c1">### BEGIN SOLUTION</span>\n'
        '    <span class="k">return</span> 1\n    <span class="c1">### END SOLUTION</span></pre>'
        '<div class="clipboard-copy-txt" id="cell-3">def f():\n    ### BEGIN SOLUTION\n'
        "    return 1\n    ### END SOLUTION</div>"
    )
    copy = '<clipboard-copy for="cell-3"></clipboard-copy>'
    answer = f'<div class="jp-Cell-inputWrapper">{copy}{code}</div>'
    check = '<div class="jp-Cell-inputWrapper"><div>check_value(Value)</div></div>'
    page = f'<div class="jp-Cell">{answer}</div><div class="jp-Cell">{check}</div>'
    folded = fold_solutions(page)
    assert folded.count("<details") == 1
    assert f"<summary>Solution</summary>{answer}</details>" in folded  # the answer, folded
    starter = folded[: folded.index("<details")]
    assert "NotImplementedError" in starter and "return" not in starter  # the stub, shown
    assert 'for="cell-3-starter"' in starter and 'id="cell-3-starter"' in starter
    assert "raise NotImplementedError()</div>" in starter  # what its copy button copies
    assert folded.endswith(f'<div class="jp-Cell">{check}</div>')


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_lab_notebooks_link_to_the_hosted_site_and_leave_out_page_only_cells(name):
    import re

    import jupytext
    from assignments import PAGE_ONLY, solution_notebook

    site = "https://example.org/book/"
    nb = solution_notebook(LABS / name, site)
    script = jupytext.read(LABS / name)
    page_only = [c for c in script.cells if PAGE_ONLY in c.metadata.get("tags", [])]
    assert len(nb.cells) == len(script.cells) - len(page_only)
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    targets = re.findall(r"\]\(([^)\s]+)\)|^\[[^\]]+\]:\s*(\S+)", markdown, re.M)
    assert targets and all(a.startswith(("https://", "attachment:")) or b for a, b in targets)
    assert all(b.startswith("https://") for _, b in targets if b)
    assert f"]({site}labs/{Path(name).stem}/)" in nb.cells[0].source  # where it comes from
    assert "This page" not in markdown  # words for the web page stay there


def test_autograd_lab_keeps_its_download_links_on_the_page_only():
    import jupytext
    from assignments import PAGE_ONLY

    script = jupytext.read(LABS / "autograd.py")
    (page_only,) = [c for c in script.cells if PAGE_ONLY in c.metadata.get("tags", [])]
    assert "autograd-student.ipynb" in page_only.source and "This page" in page_only.source
