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
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LABS = ROOT / "docs" / "labs"

# What each lab must print, and the figures it must write, when it runs as a script.
EXPECTED = {
    "autograd.py": {
        "output": ["the same floats as backprop.Value", "accuracy on 400 points"],
        "figures": ["autograd-boundary.png"],
    },
    "digits.py": {
        "output": ["test accuracy:", "scikit-learn", "mistakes in 450 test images"],
        "figures": [
            "digits-examples.png",
            "digits-loss.png",
            "digits-confusion.png",
            "digits-worst.png",
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
