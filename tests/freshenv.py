"""A fresh virtual environment with chosen distributions, made offline in a second.

``make_venv(path, ["numpy", "matplotlib"])`` makes a venv (no pip of its own) and lends it the
listed distributions and everything they require, taken from the running interpreter: their
files are linked into one folder that a ``.pth`` file puts on the venv's path. Nothing else of
the running environment is visible (in particular not the editable ``backprop`` and not
``docs_src/``), and no index is needed: pip run with ``--python`` sees those distributions as
installed, so ``pip install --no-index <wheel>`` finds numpy and matplotlib already there.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement


def closure(names: list[str]) -> list[metadata.Distribution]:
    """The distributions ``names`` and, recursively, all that they require (no extras)."""
    seen: dict[str, metadata.Distribution] = {}
    todo = list(names)
    while todo:
        name = todo.pop()
        key = name.lower().replace("_", "-")
        if key in seen:
            continue
        dist = metadata.distribution(name)
        seen[key] = dist
        for spec in dist.requires or []:
            req = Requirement(spec)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    return list(seen.values())


def _top_level(dist: metadata.Distribution) -> set[Path]:
    """The files and folders a distribution puts directly in site-packages."""
    if not dist.files:
        raise RuntimeError(f"{dist.metadata['Name']} has no RECORD: cannot lend it to a venv")
    tops = set()
    for f in dist.files:
        first = f.parts[0]
        if first not in ("..", "__pycache__") and not first.endswith(".pth"):
            tops.add(Path(dist.locate_file(first)))
    return tops


def python_of(path: Path) -> Path:
    return path / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def make_venv(path: Path, lend: list[str]) -> Path:
    """Make a venv at ``path`` that sees ``lend`` and their requirements; return its python."""
    venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt").create(path)
    python = python_of(path)
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    lent = path / "lent"
    lent.mkdir()
    for dist in closure(lend):
        for top in _top_level(dist):
            if top.exists() and not (lent / top.name).exists():
                (lent / top.name).symlink_to(top)
    (Path(site) / "lent.pth").write_text(f"{lent}\n", encoding="utf-8")
    return python


def pip(python: Path, *args: str) -> subprocess.CompletedProcess:
    """Run this environment's pip against the venv of ``python``."""
    return subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "--no-input", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_CACHE_DIR": "1"},
    )


def run(python: Path, code: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run ``code`` in the venv, from ``cwd``, with no PYTHONPATH leaking in."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        [python, "-c", code],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**env, "MPLBACKEND": "Agg"},
    )
