"""Every example file under docs_src/ runs on its own and prints what its page says it prints.

Pages pull these files in with pymdown snippets (``--8<-- "graphs/value_step1.py"``), and
markdown-exec runs them at build time. Here each one runs as a script (``runpy``), as FastAPI's
tests run its ``docs_src/`` files, and its printed output is compared with the lines of
``EXPECTED``: the numbers and verdicts the page's prose builds on. New files are picked up
automatically and must at least run; to pin what one prints, add it to the table.
"""

import re
import runpy
from pathlib import Path

import pytest

DOCS_SRC = Path(__file__).resolve().parent.parent / "docs_src"
EXAMPLES = sorted(DOCS_SRC.rglob("*.py"))

# file -> the lines it must print, in order (other lines may come between them). A string must
# equal the printed line (leading and trailing spaces aside); a compiled pattern must match it
# whole, for values that are rounding noise, where only the order of magnitude means anything.
EXPECTED: dict[str, list[str | re.Pattern]] = {
    "network/explicit_backward.py": [
        "L = 0.161295",
        "X (6, 3)",
        "A1 (6, 5)",
        "A2 (6, 4)",
        "A3 (6, 2)",
        "delta3 (6, 2)",
        "delta2 (6, 4)",
        "delta1 (6, 5)",
        "W1 (3, 5)   dW1 (3, 5), |dW1| = 0.014723",
        "W2 (5, 4)   dW2 (5, 4), |dW2| = 0.022131",
        "W3 (4, 2)   dW3 (4, 2), |dW3| = 0.050696",
    ],
    "book/colab.py": [re.compile(r"usage: colab\.py .*")],
    "book/pdf.py": [re.compile(r"usage: pdf\.py .*")],
    "beyond/batchnorm_backward.py": [
        re.compile(r"dX     max relative error vs numeric: \d\.\de-(09|1\d)"),
        re.compile(r"dgamma max relative error vs numeric: \d\.\de-(09|1\d)"),
        re.compile(r"dbeta  max relative error vs numeric: \d\.\de-(09|1\d)"),
        "BatchNorm1d.backward gives the same dX, dgamma and dbeta",
    ],
}


# Commands that need a built site: here they only show their help (and must exit cleanly).
COMMANDS = {"book/colab.py": ["--help"], "book/pdf.py": ["--help"], "book/warmup.py": ["--help"]}


def run_example(path: Path, monkeypatch, capsys) -> list[str]:
    """Run ``path`` as a script from its own folder; return the lines it printed, stripped."""
    monkeypatch.chdir(path.parent)
    args = COMMANDS.get(path.relative_to(DOCS_SRC).as_posix(), [])
    monkeypatch.setattr("sys.argv", [str(path), *args])
    try:
        runpy.run_path(str(path), run_name="__main__")
    except SystemExit as exit_:
        assert exit_.code == 0 and args, f"{path.name} exited with {exit_.code}"
    return [line.strip() for line in capsys.readouterr().out.splitlines()]


def matches(expected: str | re.Pattern, line: str) -> bool:
    if isinstance(expected, re.Pattern):
        return expected.fullmatch(line) is not None
    return expected.strip() == line


def test_docs_src_holds_examples():
    assert EXAMPLES, f"no .py files found under {DOCS_SRC}"


def test_every_file_in_the_table_exists():
    assert not [name for name in EXPECTED if not (DOCS_SRC / name).is_file()]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.relative_to(DOCS_SRC).as_posix())
def test_example_runs_and_prints_what_its_page_says(path, monkeypatch, capsys):
    printed = run_example(path, monkeypatch, capsys)
    remaining = iter(printed)
    for expected in EXPECTED.get(path.relative_to(DOCS_SRC).as_posix(), []):
        found = any(matches(expected, line) for line in remaining)
        shown = expected.pattern if isinstance(expected, re.Pattern) else expected
        assert found, f"{path.name} did not print {shown!r} (in order); it printed:\n" + (
            "\n".join(printed)
        )


def test_a_changed_number_fails_the_comparison():
    assert matches("L = 0.161295", "L = 0.161295")
    assert not matches("L = 0.161295", "L = 0.161296")
    assert not matches(re.compile(r"err \d\.\de-(09|1\d)"), "err 3.0e-06")
