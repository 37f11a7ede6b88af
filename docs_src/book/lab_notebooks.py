"""The labs as assignments on the site: each lab's student and solution notebooks are written
beside its page (the solutions with the outputs the page shows), and the answers and the
figures' drawing code on the page are folded (all from ``assignments``)."""

from __future__ import annotations

from pathlib import Path


def on_post_page(output: str, page, config) -> str:
    if "BEGIN SOLUTION" not in output or "jp-Notebook" not in output:
        return output
    from assignments import fold_drawing_code, fold_solutions

    return fold_drawing_code(fold_solutions(output, "Solution (open it once you have tried)"))


# What each lab needs besides the package: the extra that installs it, the modules to look for.
NEEDS = {"digits": ("labs", ("backprop", "sklearn"))}


def on_post_build(config) -> None:
    from assignments import page_outputs, write_lab_notebooks

    from book.notebooks import install_cell, pinned_wheel_url

    site_dir = Path(config["site_dir"])
    wheel = pinned_wheel_url(site_dir, config["site_url"] or "/")
    for script in sorted((Path(config["docs_dir"]) / "labs").glob("*.py")):
        extra, modules = NEEDS.get(script.stem, ("", ("backprop",)))
        install = install_cell(wheel, extra, modules)
        # the notebooks' links go to the hosted site: relative ones point nowhere in Colab;
        # the solutions notebook carries what the page (its run at build time) shows
        folder = site_dir / "labs" / script.stem
        shown = page_outputs((folder / "index.html").read_text(encoding="utf-8"))
        write_lab_notebooks(script, folder, install, config["site_url"], shown)
