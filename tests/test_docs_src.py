"""Every example file under docs_src/ runs on its own, as the pages that include it promise.

Pages pull these files in with pymdown snippets (``--8<-- "graphs/value_step1.py"``), and
markdown-exec runs them at build time; this test runs each one as a script (``runpy``), so a
broken example fails the suite, not only the build. New files are picked up automatically.
"""

import runpy
from pathlib import Path

import pytest

DOCS_SRC = Path(__file__).resolve().parent.parent / "docs_src"
EXAMPLES = sorted(DOCS_SRC.rglob("*.py"))


def test_docs_src_holds_examples():
    assert EXAMPLES, f"no .py files found under {DOCS_SRC}"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.relative_to(DOCS_SRC).as_posix())
def test_example_runs_as_a_script(path, monkeypatch):
    monkeypatch.chdir(path.parent)
    monkeypatch.setattr("sys.argv", [str(path)])
    runpy.run_path(str(path), run_name="__main__")
