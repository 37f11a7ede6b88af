"""Where the pages' block outputs are kept between builds: ``.cache/book/`` of the repository.

Each entry is one block's output under its key (``blocks/<key>.json``), with the names of the
figure images the output shows; the images themselves are kept once each, by their content's
name, in ``figures/`` (``book.figure`` names them so), and are put back into the site when the
entry is used. A full build that ran without an error keeps only the entries it used, so the
cache holds at most one build's outputs (about 8 MB, most of it figures). ``labs/`` holds
mkdocs-jupyter's cache of the executed labs while serving, a folder per digest of the sources.
``rm -rf .cache/book`` empties it; ``BOOK_CACHE=off`` builds without reading or writing it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("src/backprop", "docs_src")  # what every block may import
FOLDER = ROOT / ".cache" / "book"
_FIGURE = re.compile(r"assets/figures/([0-9a-f]{16}\.svg)")


def environment_digest(root: Path = ROOT) -> str:
    """A digest of what every block's output may depend on besides its page: the sources under
    ``SOURCES`` and the versions of Python, numpy and matplotlib."""
    import matplotlib
    import numpy

    h = hashlib.sha256(f"{sys.version}|{numpy.__version__}|{matplotlib.__version__}".encode())
    for top in SOURCES:
        for path in sorted((root / top).rglob("*")):
            parts = path.relative_to(root).parts  # caches (__pycache__, .ruff_cache) left out
            if path.is_file() and not any(p.startswith((".", "__pycache__")) for p in parts):
                h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def enabled() -> bool:
    """False when ``BOOK_CACHE=off`` (or ``0``, ``no``) asks for a build that runs every block."""
    return os.environ.get("BOOK_CACHE", "on").lower() not in ("off", "0", "no", "false")


class BlockCache:
    """Block outputs by key, and the figure images they show, in ``folder``."""

    def __init__(self, folder: Path = FOLDER) -> None:
        self.blocks, self.figures = folder / "blocks", folder / "figures"
        self.used: set[str] = set()

    def get(self, key: str, site_dir: Path) -> str | None:
        """The output kept under ``key``, its figures put back into ``site_dir``; None if there
        is none (or one of its figures is gone)."""
        try:
            entry = json.loads((self.blocks / f"{key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        for name in entry["figures"]:
            kept, target = self.figures / name, site_dir / "assets/figures" / name
            if not target.exists():
                if not kept.exists():
                    return None
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(kept, target)
        self.used.add(key)
        return entry["output"]

    def put(self, key: str, output: str, site_dir: Path) -> None:
        """Keep ``output`` under ``key``, with the figure images it shows from ``site_dir``."""
        names = sorted(set(_FIGURE.findall(output)))
        self.figures.mkdir(parents=True, exist_ok=True)
        for name in names:
            if not (self.figures / name).exists():
                shutil.copyfile(site_dir / "assets/figures" / name, self.figures / name)
        self.blocks.mkdir(parents=True, exist_ok=True)
        tmp = self.blocks / f"{key}.{os.getpid()}.tmp"  # two builds may share the cache
        tmp.write_text(json.dumps({"output": output, "figures": names}), encoding="utf-8")
        tmp.replace(self.blocks / f"{key}.json")
        self.used.add(key)

    def prune(self) -> int:
        """Remove the entries this build did not use and the figures no entry shows; return how
        many entries went."""
        if not self.blocks.is_dir():
            return 0
        gone, shown = 0, set()
        for path in self.blocks.glob("*.json"):
            if path.stem in self.used:
                shown.update(json.loads(path.read_text(encoding="utf-8"))["figures"])
            else:
                path.unlink()
                gone += 1
        for path in self.figures.glob("*.svg"):
            if path.name not in shown:
                path.unlink()
        return gone
