"""Each lab's student and solution notebooks beside its page (``assignments`` writes them)."""

from __future__ import annotations

from pathlib import Path


def on_post_build(config) -> None:
    from assignments import write_lab_notebooks

    for script in sorted((Path(config["docs_dir"]) / "labs").glob("*.py")):
        write_lab_notebooks(script, Path(config["site_dir"]) / "labs" / script.stem)
