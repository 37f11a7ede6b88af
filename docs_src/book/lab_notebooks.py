"""The labs as assignments on the site: each lab's student and solution notebooks are written
beside its page, and the answers on the page are folded (both from ``assignments``)."""

from __future__ import annotations

from pathlib import Path


def on_post_page(output: str, page, config) -> str:
    if "BEGIN SOLUTION" not in output or "jp-Notebook" not in output:
        return output
    from assignments import fold_solutions

    return fold_solutions(output, "Solution (open it once you have tried)")


def on_post_build(config) -> None:
    from assignments import write_lab_notebooks

    for script in sorted((Path(config["docs_dir"]) / "labs").glob("*.py")):
        write_lab_notebooks(script, Path(config["site_dir"]) / "labs" / script.stem)
