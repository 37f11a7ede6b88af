"""Put ``docs_src/`` on the import path of the build, so pages can import the book's figures.

The pages' hidden figure blocks run inside the MkDocs process (markdown-exec) and the labs in a
Jupyter kernel started by it; both find ``figures`` (``docs_src/figures/``) through this path.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

DOCS_SRC = str(Path(__file__).resolve().parent.parent / "docs_src")


def on_startup(command: str, dirty: bool) -> None:
    if DOCS_SRC not in sys.path:
        sys.path.insert(0, DOCS_SRC)
    # the labs' kernels are child processes: they read the path from the environment
    paths = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    if DOCS_SRC not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join(p for p in [DOCS_SRC, *paths] if p)
