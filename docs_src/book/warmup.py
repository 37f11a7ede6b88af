"""Serving before the code has run: ``mkdocs serve`` on a cold cache shows the pages at once and
runs their blocks in a background build.

Run every block of the book and it takes minutes (about 270 s on 2 cores); a writer who has just
cloned the book should not wait for that to see a page. So while serving, a build whose cache is
cold (the first one, or the first after a change under ``src/backprop/`` or ``docs_src/``) runs
no block: a block not in the cache shows :func:`note` in place of its output, the labs are shown
without outputs, and the pages so shown are *pending*. At the end of that build a **warm-up**
starts: ``mkdocs build`` of the same book in a process of its own, into a scratch site, which
fills the block cache (``book.blockcache``) and the labs' cache as it goes. Each time it has
built a pending page it names it in ``ready/built``, which the server watches: the server
rebuilds that page from the cache and the browser reloads. When the warm-up ends
(``ready/done``) the server builds what is still pending itself, as any build would.

The warm-up's log is ``.cache/book/warmup.log``; it stops with the server.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

ENVIRONMENT = "BOOK_WARMUP"  # set in the warm-up's own build
TITLE = "Still computing"
TEXT = (
    "`make serve` is running this page's code in the background (it has not run since the book "
    "or its code changed); the page reloads by itself when the output is ready."
)


def note(shown: str) -> str:
    """What a block shows in place of its output while it waits for the warm-up: ``shown`` is
    how the block shows its output (``"text"``, ``"html"`` or ``"markdown"``).

    >>> print(note("text").split(":")[0])
    Still computing
    """
    if shown == "text":
        return f"{TITLE}: {TEXT.replace('`', '')}\n"
    if shown == "html":
        return (
            f'<div class="admonition info"><p class="admonition-title">{TITLE}</p>'
            f"<p>{TEXT.replace('`make serve`', '<code>make serve</code>')}</p></div>"
        )
    return f'!!! info "{TITLE}"\n\n    {TEXT}\n'


def in_warmup() -> bool:
    """True in the warm-up's own build."""
    return bool(os.environ.get(ENVIRONMENT))


class Warmup:
    """The background build of one server, kept in ``folder`` (``.cache/book/``)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.ready = folder / "ready"  # the server watches it
        self.pending_file = folder / "pending.json"
        self.process: subprocess.Popen | None = None

    def running(self) -> bool:
        """True while the warm-up builds (it touches ``ready/done`` as it ends)."""
        alive = self.process is not None and self.process.poll() is None
        return alive and not (self.ready / "done").exists()

    def start(self, config_file: str, pending: set[str]) -> None:
        """Build the book in the background, telling the server whenever a page of ``pending``
        is built."""
        self.stop()
        self.ready.mkdir(parents=True, exist_ok=True)
        for name in ("done", "built"):
            (self.ready / name).unlink(missing_ok=True)
        self.pending_file.write_text(json.dumps(sorted(pending)), encoding="utf-8")
        build = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", config_file]
        build += ["--site-dir", str(self.folder / "warmup-site")]
        with open(self.folder / "warmup.log", "w", encoding="utf-8") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "book.warmup", str(os.getpid()), str(self.ready), *build],
                env={**os.environ, ENVIRONMENT: "1"},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its kernels stop with it
            )

    def page_built(self, src_uri: str) -> None:
        """In the warm-up: tell the server that ``src_uri`` is built, if the server waits for
        it."""
        try:
            pending = json.loads(self.pending_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if src_uri in pending:
            self.ready.mkdir(parents=True, exist_ok=True)
            with open(self.ready / "built", "a", encoding="utf-8") as built:
                built.write(src_uri + "\n")

    def built(self) -> set[str]:
        """The pages the warm-up has built (their blocks are in the cache now)."""
        try:
            return set((self.ready / "built").read_text(encoding="utf-8").split())
        except OSError:
            return set()

    def stop(self) -> None:
        """Stop the warm-up if it runs, and clear its scratch site."""
        if self.running():
            if hasattr(os, "killpg"):
                os.killpg(self.process.pid, signal.SIGTERM)
            else:
                self.process.terminate()
            self.process.wait()
        self.process = None
        shutil.rmtree(self.folder / "warmup-site", ignore_errors=True)


def main(server: int, ready: Path, build: list[str]) -> int:
    """Run ``build`` for the server whose process is ``server``; stop it if the server goes away
    (however it ends), and touch ``ready/done`` when it ends, whether it passed or not."""
    process = subprocess.Popen(build)
    try:
        while True:
            try:
                return process.wait(timeout=1)
            except subprocess.TimeoutExpired:
                if os.getppid() != server:  # the server has gone: its warm-up goes too
                    process.terminate()
                    return process.wait()
    finally:
        ready.mkdir(parents=True, exist_ok=True)
        (ready / "done").touch()


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Run a warm-up build for a server (serving "
                                     "starts it: docs_src/book/execute.py).")  # fmt: skip
    parser.add_argument("server", type=int, help="the server's process id")
    parser.add_argument("ready", type=Path, help="the folder the server watches")
    parser.add_argument("build", nargs=argparse.REMAINDER, help="the build's command")
    args = parser.parse_args()
    sys.exit(main(args.server, args.ready, args.build))
