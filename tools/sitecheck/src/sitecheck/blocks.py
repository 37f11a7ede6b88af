"""Code blocks a reader copies: read from the built HTML, and run as a reader runs them.

A Python block runs as a script, a console (``pycon``) block as a doctest
(:mod:`sitecheck.console`), each in a fresh interpreter in an empty directory.
"""

from __future__ import annotations

import concurrent.futures
import doctest
import functools
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

from .console import early_exceptions
from .serve import discover_pages, page_file

PYTHON_LANGS = ("language-python", "language-py", "language-python3")
PYCON_LANGS = ("language-pycon",)
# A bound on one block's run, to end a hang; no block of the book comes near it, even on a loaded
# machine (it is not a speed budget).
BLOCK_TIMEOUT_S = 600


@dataclass
class CodeBlock:
    """One highlighted code block of a built page, as its copy button gives it."""

    page: str
    index: int  # position among the page's highlighted blocks
    lang: str  # "python", "pycon", or another language
    code: str  # what a reader copies: the code element's text, trailing whitespace removed
    fragment: bool  # fenced with title="fragment": not runnable on its own
    starter: bool = False  # fenced with title="starter": an exercise's starter, fails its check

    @property
    def name(self) -> str:
        return f"{self.page or '/'}#{self.index}"

    @property
    def console(self) -> bool:
        """A ``pycon`` block: prompts, sources and the output they print, as doctest reads it."""
        return "language-" + self.lang in PYCON_LANGS

    @property
    def copied(self) -> str:
        """The code as a reader pastes it: a console block's sources, no prompts or output."""
        if self.console:
            examples = doctest.DocTestParser().get_examples(self.code)
            return "".join(ex.source for ex in examples).rstrip()
        return self.code

    def early_exceptions(self) -> list[str]:
        """A console block's examples that expect an exception but are not its last one
        (:func:`sitecheck.console.early_exceptions`); none for a Python block."""
        return early_exceptions(self.code) if self.console else []


class _Blocks(HTMLParser):
    """The highlighted code blocks of a page, with what a reader's copy button gives."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.blocks: list[CodeBlock] = []
        self.stack: list[tuple[str, set[str]]] = []
        self._block: dict | None = None  # the block being read
        self._depth_block = -1
        self._in_code = False
        self._in_filename = False

    def _inside(self, cls: str) -> bool:
        return any(cls in classes for _, classes in self.stack)

    def handle_starttag(self, tag, attrs):
        classes = set((dict(attrs).get("class") or "").split())
        if tag in ("br", "img", "input", "meta", "link", "hr", "wbr", "source"):
            return
        self.stack.append((tag, classes))
        if tag == "div" and "highlight" in classes and self._block is None:
            lang = next((c[len("language-") :] for c in classes if c.startswith("language-")), "")
            skip = (
                self._inside("result")  # markdown-exec's output, not source
                or "doc-signature" in classes  # mkdocstrings' signatures
                or self._inside("jp-Cell")  # notebook cells run with the whole notebook
            )
            self._block = {"lang": lang, "code": [], "fragment": False, "skip": skip}
            self._depth_block = len(self.stack)
        elif self._block is not None:
            if tag == "span" and "filename" in classes:
                self._in_filename = True
                self._block["title"] = []
            if tag == "code":
                self._in_code = True

    def handle_endtag(self, tag):
        if not self.stack:
            return
        # pop to the matching tag (tolerates unclosed elements)
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break
        if self._block is not None:
            if tag == "code":
                self._in_code = False
            if tag == "span" and self._in_filename:
                self._in_filename = False
                title = "".join(self._block.pop("title")).strip().lower()
                self._block["fragment"] = title == "fragment"
                self._block["starter"] = title == "starter"
            if len(self.stack) < self._depth_block:
                b = self._block
                self._block = None
                if not b["skip"]:
                    self.blocks.append(
                        CodeBlock(
                            self.page,
                            len(self.blocks),
                            b["lang"],
                            "".join(b["code"]).rstrip(),
                            b["fragment"],
                            b.get("starter", False),
                        )
                    )

    def handle_data(self, data):
        if self._block is None:
            return
        if self._in_filename:
            self._block["title"].append(data)
        elif self._in_code:
            self._block["code"].append(data)


def code_blocks(site_dir: Path, page: str) -> list[CodeBlock]:
    """The highlighted code blocks of ``page``, in order (markdown-exec's output, mkdocstrings'
    signatures and notebook cells left out)."""
    parser = _Blocks(page)
    parser.feed(page_file(site_dir, page).read_text(encoding="utf-8"))
    return parser.blocks


def python_blocks(site_dir: Path) -> list[CodeBlock]:
    """Every Python and Python console (``pycon``, the API pages' examples) block of the site."""
    return [
        b
        for page in discover_pages(site_dir)
        for b in code_blocks(site_dir, page)
        if "language-" + b.lang in PYTHON_LANGS + PYCON_LANGS
    ]


def run_block(block: CodeBlock) -> tuple[int, str]:
    """Run one block as a reader would: a fresh interpreter in an empty directory.

    A Python block runs as a script. A console block runs as a doctest, so what it shows is
    checked too, and an exception it expects must come in its last example
    (:meth:`CodeBlock.early_exceptions`)."""
    with tempfile.TemporaryDirectory(prefix="bp-block-") as tmp:
        if block.console:
            source = Path(tmp) / "block.txt"
            source.write_text(block.code + "\n", encoding="utf-8")
            args = ["-c", _console_program(), str(source), block.name]
        else:
            script = Path(tmp) / "block.py"
            script.write_text(block.copied + "\n", encoding="utf-8")
            args = [str(script)]
        env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONDONTWRITEBYTECODE": "1"}
        env.pop("PYTHONPATH", None)
        try:
            proc = subprocess.run(
                [sys.executable, *args],
                cwd=tmp,
                env=env,
                capture_output=True,
                text=True,
                timeout=BLOCK_TIMEOUT_S,
            )
        except subprocess.TimeoutExpired:
            return -1, f"still running after {BLOCK_TIMEOUT_S} s (a hang?)"
    code, stderr = proc.returncode, proc.stderr[-3000:]
    early = block.early_exceptions()
    if early:
        return code or 1, "\n".join([stderr.rstrip(), *early]).strip()
    return code, stderr


def starter_failed_as_it_should(stderr: str) -> bool:
    """An exercise's starter, run as copied, fails its check saying the answer is not written.

    >>> from sitecheck.blocks import starter_failed_as_it_should
    >>> starter_failed_as_it_should("backprop.exercises.ExerciseError: f(x=1.0) is not written yet")
    True
    >>> starter_failed_as_it_should("NotImplementedError")
    False
    """
    return "ExerciseError" in stderr and "not written yet" in stderr


def start_blocks(site_dir: Path) -> dict[str, concurrent.futures.Future]:
    """Start running every runnable block (2 at a time) while the browser tests go on."""
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=2)
    runnable = [b for b in python_blocks(site_dir) if not b.fragment]
    futures = {b.name: pool.submit(run_block, b) for b in runnable}
    pool.shutdown(wait=False)
    return futures


# --------------------------------------------------------------------------- figures, as seen


@functools.cache
def _console_program() -> str:
    """The source of :mod:`sitecheck.console`, run with ``python -c`` (the block's interpreter
    then imports nothing of the checker, and no file of it shadows a module the block needs)."""
    return resources.files("sitecheck").joinpath("console.py").read_text(encoding="utf-8")
