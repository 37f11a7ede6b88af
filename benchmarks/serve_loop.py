"""The writer's loop, timed: how long `mkdocs serve` takes to answer, and to show a saved change.

    python benchmarks/serve_loop.py [--repo DIR] [--dirty] [--steps first,prose,...] [--limit S]

Starts ``mkdocs serve`` in ``--repo`` (the repository's own command, as ``make serve`` runs it),
times it to the first page served and, on a cold cache, to every page complete (the blocks run
in the background after the first page: docs_src/book/warmup.py), then makes each change in turn
and times it from the file's save to the rebuilt page being served (polled every 0.2 s): a
sentence added to the prose of ``derivatives.md``, a changed number in one of its blocks'
output, and one line added to a module of ``src/backprop/`` (a comment: every block that imports
the package runs again, in the background, so that change is timed to every page complete too);
and a block made to raise (the page must show the error, and the server keep running). Each
change is undone, and the build that undoes it timed too. Times include MkDocs' wait for the
file watcher to settle. ``--dirty`` serves as ``make serve`` does (before the block cache,
``make serve`` was a plain ``mkdocs serve``).
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from machine import describe, load_average  # benchmarks/machine.py

PAGE = "docs/derivatives.md"
URL = "derivatives/"
TITLE = "Still computing"  # what a page shows while its blocks wait (docs_src/book/warmup.py)


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return None


def wait_for(url: str, marker: str, start: float, limit: float = 900) -> float | None:
    """Seconds from ``start`` until ``url`` serves a page containing ``marker``, or None if it
    does not within ``limit``."""
    while time.monotonic() - start < limit:
        text = fetch(url)
        if text is not None and marker in text:
            return time.monotonic() - start
        time.sleep(0.2)
    return None


def epoch(page: str) -> str:
    """The build a served page comes from (MkDocs' livereload script carries its epoch)."""
    m = re.search(r"livereload\((\d+),", page)
    return m[1] if m else ""


def edit(path: Path, old: str, new: str) -> str:
    """Replace the first ``old`` in ``path`` by ``new``; return the text before the change."""
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise SystemExit(f"{path}: {old!r} not found")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repo", type=Path, default=Path.cwd())
    parser.add_argument("--port", type=int, default=8731)
    parser.add_argument("--steps", default="first,complete,prose,block,error,package")
    parser.add_argument("--dirty", action="store_true", help="mkdocs serve --dirty")
    parser.add_argument("--limit", type=float, default=900, help="seconds to wait for a change")
    parser.add_argument("--first-limit", type=float, default=1800, help="... for the first page")
    args = parser.parse_args()
    repo, steps = args.repo.resolve(), args.steps.split(",")
    site_url = re.search(r"^site_url:\s*(\S+)", (repo / "mkdocs.yml").read_text(), re.M)[1]
    base = f"http://127.0.0.1:{args.port}{urlsplit(site_url).path}"  # where serve mounts it
    env = {**os.environ, "PYTHONPATH": str(repo / "src"), "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = Path(sys.executable).with_name("mkdocs")
    start = time.monotonic()
    server = subprocess.Popen(
        [str(mkdocs), "serve", "--dev-addr", f"127.0.0.1:{args.port}"]
        + (["--dirty"] if args.dirty else []),
        cwd=repo,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    print("| step | seconds |\n|---|---:|", flush=True)

    def row(name: str, seconds: float | None) -> None:
        shown = f"over {args.limit:.0f}" if seconds is None else f"{seconds:.1f}"
        print(f"| {name} | {shown} |", flush=True)

    try:
        row("first page served", wait_for(base + URL, "</html>", start, args.first_limit))
        if "complete" in steps:  # on a cold cache the pages fill in as the warm-up runs
            row("every page complete", wait_complete(base, start, args.first_limit))
        page, module = repo / PAGE, repo / "src/backprop/calculus.py"
        changes = {
            "prose": (
                page,
                "\n## ",
                "\nA sentence added while timing the loop.\n\n## ",
                "added while",
            ),
            "block": (page, 'print("change   =",', 'print("timed-change", ', "timed-change"),
            # a block that raises: the page shows the error, then the fix brings it back
            "error": (
                page,
                'print("change   =",',
                'print(1 / 0)\n    print("change =",',
                "ZeroDivisionError",
            ),
            "package": (module, '"""\n', '"""\n# timed-change\n', None),
        }
        todo = [s for s in steps if s in changes]
        for step in todo:
            path, old, new, marker = changes[step]
            time.sleep(2)  # let the watcher settle after the last rebuild
            before = epoch(fetch(base + URL) or "")
            start = time.monotonic()
            saved = edit(path, old, new)
            try:
                if marker is None:  # the page reads the same: wait for it to be served anew
                    elapsed = wait_changed(base + URL, before, start, args.limit)
                else:
                    elapsed = wait_for(base + URL, marker, start, args.limit)
                if step == "package" and elapsed is not None:  # the pages wait for the warm-up
                    complete = wait_complete(base, start, args.limit)
            finally:
                changed = epoch(fetch(base + URL) or "")
                path.write_text(saved, encoding="utf-8")
            row(f"{step} change served", elapsed)
            if step == "package" and elapsed is not None:
                row("package change: every page complete", complete)
            if elapsed is None or (step == todo[-1] and step != "error"):
                continue
            start = time.monotonic()  # the change undone: wait for that build too
            undone = wait_changed(base + URL, changed, start, args.limit)
            row(f"{step} change undone and served", undone)
            if step == "error" and undone is not None:
                assert "ZeroDivisionError" not in (fetch(base + URL) or ""), "the error stayed"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()
    print()
    print("\n".join(describe()))
    print(f"- load average at the end: {load_average()}")


def wait_complete(base: str, start: float, limit: float) -> float | None:
    """Seconds from ``start`` until no page of the site (its sitemap's) says it is still
    computing (``book.warmup``), or None if one still does after ``limit``."""
    sitemap = fetch(base + "sitemap.xml") or ""
    pages = [base + urlsplit(u).path.split(urlsplit(base).path, 1)[1]
             for u in re.findall(r"<loc>([^<]+)</loc>", sitemap)]  # fmt: skip
    while pages and time.monotonic() - start < limit:
        pages = [p for p in pages if TITLE in (fetch(p) or TITLE)]
        if pages:
            time.sleep(1)
    return None if pages else time.monotonic() - start


def wait_changed(url: str, before: str, start: float, limit: float) -> float | None:
    """Seconds from ``start`` until ``url`` is served anew (MkDocs' livereload epoch in the page
    moves with every build), or None if it is not rebuilt within ``limit``."""
    while time.monotonic() - start < limit:
        text = fetch(url)
        if text is not None and epoch(text) != before:
            return time.monotonic() - start
        time.sleep(0.2)
    return None


if __name__ == "__main__":
    main()
