"""The chapters' exercises whose answer is code: a starter the learner fills in, and a check.

On a page, an exercise's starter is a block fenced with ``title="starter"``; its solution, folded
under it, is the same code with the answer between ``### BEGIN SOLUTION`` and
``### END SOLUTION`` (nbgrader's markers), and may go on after the check. Here, from the pages'
sources: the starter is the solution with each answer replaced by nbgrader's stub, the starter
fails its check saying the answer is not written yet, the solution passes, and every check of
``backprop.exercises.chapters`` has an exercise.
"""

from __future__ import annotations

import contextlib
import io
import re
import textwrap
from pathlib import Path

import pytest

import backprop.exercises.chapters as chapters
from backprop.exercises import ExerciseError

DOCS = Path(__file__).resolve().parents[1] / "docs"
_FENCE = re.compile(r'^( *)```python( title="starter")?\n(.*?)^\1```$', re.M | re.S)


def exercises() -> list[tuple[str, str, str]]:
    """(page and number, starter, solution) for every starter of the book."""
    found = []
    for page in sorted(DOCS.glob("*.md")):
        fences = list(_FENCE.finditer(page.read_text(encoding="utf-8")))
        for i, m in enumerate(fences):
            if not m[2]:
                continue
            solution = next((f for f in fences[i + 1 :] if "BEGIN SOLUTION" in f[3]), None)
            assert solution is not None, f"{page.name}: a starter with no solution after it"
            found.append(
                (
                    f"{page.stem}-{len(found) + 1}",
                    textwrap.dedent(m[3]),
                    textwrap.dedent(solution[3]),
                )
            )
    return found


EXERCISES = exercises()


def run(code: str) -> str:
    """Run ``code`` as a fresh script would, and return what it printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "<block>", "exec"), {"__name__": "__main__"})
    return out.getvalue()


def test_the_book_has_chapter_exercises_with_starters():
    pages = {name.rsplit("-", 1)[0] for name, _, _ in EXERCISES}
    assert len(EXERCISES) >= 4 and len(pages) >= 3, EXERCISES


@pytest.mark.parametrize(("name", "starter", "solution"), EXERCISES, ids=[e[0] for e in EXERCISES])
def test_starter_is_the_solution_without_its_answers(name, starter, solution):
    pytest.importorskip("jupytext")  # the book's tools: absent from the oldest-floors venv only
    from assignments import student_source

    student, replaced = student_source(solution)
    assert replaced, f"{name}: the solution marks no answer"
    assert student.startswith(starter), f"{name}: starter\n{starter}\nstudent\n{student}"


@pytest.mark.parametrize(("name", "starter", "solution"), EXERCISES, ids=[e[0] for e in EXERCISES])
def test_starter_fails_its_check_and_the_solution_passes(name, starter, solution):
    with pytest.raises(ExerciseError, match="not written yet"):
        run(starter)
    assert "passed" in run(solution)


def test_every_chapter_check_has_an_exercise():
    used = "\n".join(starter for _, starter, _ in EXERCISES)
    unused = [name for name in chapters.__all__ if f"{name}(" not in used]
    assert unused == []
