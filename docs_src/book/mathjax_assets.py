"""Serve MathJax from the site itself.

MathJax 3.2.2 comes from PyPI's ``django-static-mathjax`` wheel (installed with the ``docs``
extra). This hook adds the few files a page needs to the build, under ``assets/mathjax/``, so
``mkdocs serve`` and the built site typeset math with no request to any other host. Nothing is
committed: the files are read from the installed wheel at build time.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from mkdocs.structure.files import File, Files

# MathJax's startup (its loader) and the components the config in
# docs/javascripts/mathjax-config.js asks it to load: the core, TeX input (with the extensions it
# may autoload), CommonHTML output with its fonts, and the hidden MathML copy for screen readers.
# The combined tex-chtml.js would add MathJax's right-click menu: 426 kB on every page, more than
# a third of MathJax, for a feature the book does not need.
PARTS = (
    "startup.js",
    "core.js",
    "input/tex.js",
    "input/tex/extensions",
    "output/chtml.js",
    "output/chtml/fonts/tex.js",
    "output/chtml/fonts/woff-v2",
    "a11y/assistive-mml.js",
)
DEST = "assets/mathjax"


def mathjax_root() -> Path:
    spec = importlib.util.find_spec("mathjax")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            "MathJax is missing: install the docs extra (pip install -e '.[docs]'), "
            "which brings the django-static-mathjax wheel"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "static" / "mathjax" / "es5"


def on_files(files: Files, config) -> Files:
    root = mathjax_root()
    for part in PARTS:
        path = root / part
        paths = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for p in paths:
            rel = p.relative_to(root).as_posix()
            files.append(File.generated(config, f"{DEST}/{rel}", abs_src_path=str(p)))
    return files
