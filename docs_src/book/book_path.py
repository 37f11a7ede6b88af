"""Put ``docs_src/`` on the import path of the build, and tell the book where a page's files go.

The pages' hidden figure blocks run inside the MkDocs process (markdown-exec) and the labs in a
Jupyter kernel started by it; both find ``figures`` and ``book`` (``docs_src/``) through this
path. Before each page is rendered, [`book.figure.write_files`][] is told the site folder and the
page's URL, so the figures its blocks draw are written as files of the site.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

DOCS_SRC = str(Path(__file__).resolve().parents[1])


def on_startup(command: str, dirty: bool) -> None:
    if DOCS_SRC not in sys.path:
        sys.path.insert(0, DOCS_SRC)
    # the labs' kernels are child processes: they read the path from the environment
    paths = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    if DOCS_SRC not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join(p for p in [DOCS_SRC, *paths] if p)


def on_page_markdown(markdown: str, page, config, files) -> str:
    from book.figure import write_files

    write_files(config["site_dir"], page.url)
    return markdown


def on_post_build(config) -> None:
    from book.figure import write_files

    write_files(None)
