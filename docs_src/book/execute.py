"""The one place that runs the pages' Python blocks: each block once, and again only when
something it depends on has changed.

This hook gives superfences the book's own formatter for ``python`` (and ``py``) fences with
``exec="on"``, in place of markdown-exec's; the block is shown by markdown-exec's public
``base_format`` with the options the pages use (``session``, ``source``, ``result``, ``html``,
...), and only the running is the book's:

- a session belongs to its page and starts empty each time the page is built;
- a block's output is kept (``book.blockcache``) under a key made of its code and options, the
  code of the blocks before it in its session, its page, and the digest of ``src/backprop/``,
  ``docs_src/`` and the Python, numpy and matplotlib versions (taken once per build). A block
  whose key is kept is not run; when a later block of its session must run, the blocks skipped
  before it are run first, so the session holds what it would have held;
- a block that reads the clock (``timeit``, ``time.perf_counter``, ...) is run every time, and
  so is every block after it in its session: the times it prints are new each run (a serving
  build that defers its blocks shows the times the warm-up has just measured);
- a block that raises shows its traceback, named by the page's file and line, in place of its
  output; markdown-exec logs it as a warning, which ``mkdocs build --strict`` turns into a
  failed build and ``mkdocs serve`` shows on the page while it keeps serving;
- each run, as ``(code, output)``, is put on the page (``page.book_runs``) for the notebooks.

Blocks import the book's ``figures`` and ``book`` from ``docs_src/``, which this hook puts on the
build's path (and on the labs' kernels', through ``PYTHONPATH``); before each page it tells
[`book.figure.write_files`][] where the figures its blocks draw go in the site.

The labs are run by mkdocs-jupyter, whose own cache keys an executed lab on its file and
options only: this hook gives it a folder per digest of the sources
(``.cache/book/labs/<digest>/``), so a change of the package runs the labs again too. A build
runs the labs every time (they print measured times); ``mkdocs serve`` reuses them.

Under ``mkdocs serve`` a change under ``src/backprop/`` or ``docs_src/`` (both watched) makes
the next build import those modules anew, and a ``--dirty`` build rebuild every page. A serving
build on a cold cache (the first, or the first after such a change) runs no block: the blocks
not in the cache, and the labs, wait for a background build (``book.warmup``), and the server
shows their pages again as it fills the cache.
"""

from __future__ import annotations

import hashlib
import json
import linecache
import logging
import os
import re
import shutil
import sys
import traceback
from functools import partial
from io import StringIO
from pathlib import Path
from types import ModuleType

from markdown_exec import ExecutionError, base_format, code_block, validator

LANGUAGES = ("python", "py")
CLOCK = re.compile(r"\b(?:timeit|perf_counter|process_time|monotonic)\b|\btime\.time\(")


log = logging.getLogger(f"mkdocs.plugins.{__name__}")


def _print(buffer: StringIO, *texts, end: str = "\n", **kwargs) -> None:
    """markdown-exec's ``print`` in a block: the texts joined by spaces (``sep`` and ``file``
    are ignored, as the pages expect)."""
    buffer.write(" ".join(str(text) for text in texts) + end)


class Runner:
    """Runs the blocks of the page being built, with the cache, and records each run."""

    def __init__(self, cache=None, environment: str = "") -> None:
        self.cache, self.environment = cache, environment
        self.site_dir = Path(".")
        self.defer = False  # True: a block not in the cache waits for the warm-up (book.warmup)
        self.keep_clock = False  # True in the warm-up: it keeps the times it measures, for defer
        self.pending: set[str] = set()  # the pages shown with a block waiting
        self.begin_page(None, "", "")

    def begin_page(self, page, source: str, site_dir) -> None:
        """Start the page ``page`` whose Markdown file holds ``source``."""
        self.page, self.lines = page, source.split("\n")
        self.path = os.path.relpath(page.file.abs_src_path) if page is not None else "<page>"
        self.uri = page.file.src_uri if page is not None else ""
        self.pending.discard(self.uri)
        self.runs: list[tuple[str, str]] = []
        if page is not None:
            page.book_runs = self.runs
            self.site_dir = Path(site_dir)
        self.sessions: dict[str, dict] = {}
        self.cursor = self.count = 0

    def fence(self) -> dict:
        """The superfences custom fence of one language; see ``custom_fences``."""
        return {"validator": validator, "format": self.format}

    def format(self, source: str, language: str, css_class, options: dict, md, **kwargs) -> str:
        """Superfences' formatter: run (or reuse) the block and show it as markdown-exec does."""
        options = dict(options)
        described = json.dumps(options, sort_keys=True, default=str)
        shown = "text" if options.get("result") else "html" if options.get("html") else "markdown"
        run = partial(self.run, described=described, shown=shown)
        return base_format(language="python", run=run, code=source, md=md, **options)

    def run(
        self, code: str, *, described: str, shown: str = "text", session: str | None = None, **extra
    ) -> str:
        """What the block ``code`` prints, from the cache or by running it."""
        self.count += 1
        state = self.sessions.setdefault(
            session or f"\0{self.count}",  # a block without a session is a session of its own
            {"globals": None, "chain": self._digest(self.environment, self.uri, session or ""),
             "skipped": [], "clock": False},
        )  # fmt: skip
        state["chain"] = key = self._digest(state["chain"], described, code)
        filename, line = self._where(code)
        state["clock"] = state["clock"] or bool(CLOCK.search(code))
        cached = None
        if self.cache is not None and not state["clock"]:
            cached = self.cache.get(key, self.site_dir)
        elif self.cache is not None and self.defer:  # the times the warm-up has just measured
            cached = self.cache.get(f"clock-{key}", self.site_dir)
        if cached is not None:
            state["skipped"].append((code, filename, line))
            output = cached
        elif self.defer:
            from book.warmup import note

            self.pending.add(self.uri)
            if self.page is not None:
                self.page.book_waiting = True  # the print page waits for it
            output = note(shown)
        else:
            output = self._run(state, code, filename, line, extra)
            if self.cache is not None and not state["clock"]:
                self.cache.put(key, output, self.site_dir)
            elif self.cache is not None and self.keep_clock:
                self.cache.put(f"clock-{key}", output, self.site_dir)
        self.runs.append((code, output))
        return output

    def _run(self, state: dict, code: str, filename: str, line: int, extra: dict) -> str:
        if state["globals"] is None:
            state["globals"] = {}
        try:
            for skipped in state.pop("skipped"):  # what the session holds before this block
                self._exec(state["globals"], *skipped)
            state["skipped"] = []
            return self._exec(state["globals"], code, filename, line)
        except Exception as error:
            state["skipped"] = []
            trace = traceback.TracebackException.from_exception(error)
            first = next(
                (i for i, f in enumerate(trace.stack) if f.filename == filename), len(trace.stack)
            )
            del trace.stack[:first]  # the frames of this runner
            text = "".join(trace.format())
            self.runs.append((code, text))
            raise ExecutionError(code_block("python", text, **extra)) from error

    def _exec(self, namespace: dict, code: str, filename: str, line: int) -> str:
        """Run ``code`` in ``namespace`` as lines ``line``... of ``filename``; return what it
        printed."""
        name = re.sub(r"[^a-zA-Z\d]+", "_", f"{filename}_{line}")
        namespace["__name__"] = name
        sys.modules[name] = ModuleType(name)  # dataclasses and pickle look the module up
        buffer = StringIO()
        namespace["print"] = partial(_print, buffer)
        exec(compile("\n" * (line - 1) + code, filename, "exec"), namespace)
        return buffer.getvalue()

    def _where(self, code: str) -> tuple[str, int]:
        """The file and first line the traceback names for ``code``: the page's own line where
        the block is written in the page, else the block's number with its text kept for
        ``linecache``."""
        want = [line.strip() for line in code.strip("\n").split("\n")]
        lead = len(code) - len(code.lstrip("\n"))  # blank lines the block starts with
        for start in (self.cursor, 0):
            for i in range(start, len(self.lines) - len(want) + 1):
                if [line.strip() for line in self.lines[i : i + len(want)]] == want:
                    self.cursor = i + len(want)
                    return self.path, i + 1 - lead
        filename = f"{self.path}, block {self.count}"
        lines = [line + "\n" for line in code.split("\n")]
        linecache.cache[filename] = (len(code), None, lines, filename)
        return filename, 1

    @staticmethod
    def _digest(*parts: str) -> str:
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()


# --------------------------------------------------------------------------- the MkDocs events

_runner = Runner()  # this hook's own: the notebooks hook reads the runs from each page
_build: dict = {
    "dirty": False, "serving": False, "environment": None, "changed": False,
    "warmup": None, "labs": None, "labs_preview": False,
}  # fmt: skip


DOCS_SRC = str(Path(__file__).resolve().parents[1])


def on_startup(command: str, dirty: bool) -> None:
    _build.update(dirty=dirty, serving=command == "serve")
    if DOCS_SRC not in sys.path:
        sys.path.insert(0, DOCS_SRC)
    # the labs' kernels are child processes: they read the path from the environment
    paths = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    if DOCS_SRC not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join(p for p in [DOCS_SRC, *paths] if p)


def on_config(config):
    """Take the python fences over from markdown-exec; take the sources' digest for this build;
    after a change of the sources, import them anew."""
    from book.blockcache import FOLDER, BlockCache, enabled, environment_digest
    from book.warmup import in_warmup

    environment = environment_digest()
    cold = _build["environment"] != environment  # the first build, or the sources changed
    _build["changed"] = cold and _build["environment"] is not None
    if _build["changed"]:
        _forget_modules(config)
    _build["environment"] = environment
    _runner.cache = BlockCache() if enabled() else None
    _runner.environment = environment
    _runner.defer = _defer(cold)
    _runner.keep_clock = in_warmup()
    labs = _build["labs"] = config["plugins"].get("mkdocs-jupyter")
    if labs is not None:  # the labs' outputs, kept while serving, per digest of the sources
        folder = FOLDER / "labs" / environment[:16]
        labs.config["cache"] = (_build["serving"] or in_warmup()) and enabled()
        labs.config["cache_dir"] = str(folder)
        for other in (FOLDER / "labs").glob("*"):  # only the current sources' labs are kept
            if other.name != environment[:16]:
                shutil.rmtree(other)
        # on a cold start the labs are shown without outputs (cached apart) till the warm-up
        # has run them
        warming = _build["warmup"] is not None and _build["warmup"].running()
        _build["labs_preview"] = _runner.defer and not warming and not any(folder.glob("*.json"))
        if _build["labs_preview"]:
            labs.config.update(execute=False, cache_dir=str(folder / "preview"))
    superfences = config["mdx_configs"].setdefault("pymdownx.superfences", {})
    fences = [f for f in superfences.get("custom_fences", []) if f["name"] not in LANGUAGES]
    superfences["custom_fences"] = fences + [
        {"name": name, "class": name, **_runner.fence()} for name in LANGUAGES
    ]
    return config


def _defer(cold: bool) -> bool:
    """Whether this build leaves the blocks not in the cache to the warm-up: while serving
    ``--dirty`` (``make serve``; each rebuild is one page) with the cache on, on a cold start or
    a change of the sources, and while the warm-up runs."""
    from book.blockcache import FOLDER, enabled
    from book.warmup import Warmup

    if not (_build["serving"] and _build["dirty"] and enabled()):
        return False
    warmup = _build["warmup"] = _build["warmup"] or Warmup(FOLDER)
    if cold:
        warmup.stop()  # it builds the sources as they were
        return True
    if warmup.running():
        return True
    warmup.stop()  # it has ended: what is still pending is built now, by this build
    return False


def _forget_modules(config) -> None:
    """Drop the book's and the package's modules, bar the hooks, so blocks import them anew."""
    from book.blockcache import ROOT, SOURCES

    roots = tuple(str(ROOT / top) for top in SOURCES)
    hooks = set(map(id, config["hooks"].values()))
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None) or ""
        if path.startswith(roots) and id(module) not in hooks:
            del sys.modules[name]


def on_files(files, config):
    """A ``--dirty`` build after a change of the sources rebuilds every page: their blocks
    may print something else now; and the pages waiting for the warm-up that it has built
    (all of them once it has ended)."""
    warmup = _build["warmup"]
    ready = warmup.built() if _runner.defer and warmup is not None else None
    for file in files.documentation_pages():
        waits = file.src_uri in _runner.pending and (ready is None or file.src_uri in ready)
        if _build["dirty"] and (_build["changed"] or waits):
            Path(file.abs_dest_path).unlink(missing_ok=True)
    labs = _build["labs"]
    if _build["dirty"] and labs is not None and labs.config["cache"]:
        # mkdocs-jupyter forgets the cached labs a build did not use: a build that converts
        # no lab leaves its cache alone
        labs.config["cache"] = any(labs.should_include(f) and f.is_modified() for f in files)
    return files


def on_serve(server, config, builder):
    """The server rebuilds when the warm-up has built a page it waits for."""
    if _build["warmup"] is not None:
        _build["warmup"].ready.mkdir(parents=True, exist_ok=True)
        server.watch(str(_build["warmup"].ready))
    return server


def on_page_markdown(markdown: str, page, config, files) -> str:
    from book.figure import write_files

    write_files(config["site_dir"], page.url)
    source = Path(page.file.abs_src_path).read_text(encoding="utf-8")
    _runner.begin_page(page, source, config["site_dir"])
    return markdown


def on_page_content(html: str, page, config, files) -> str:
    """A lab shown without its outputs says so; in the warm-up, tell the server that the page's
    blocks have run (MkDocs renders every page before it writes any)."""
    from book.warmup import Warmup, in_warmup, note

    if in_warmup():
        from book.blockcache import FOLDER

        Warmup(FOLDER).page_built(page.file.src_uri)
    labs = _build["labs"]
    if _build["labs_preview"] and labs is not None and labs.should_include(page.file):
        _runner.pending.add(page.file.src_uri)
        page.book_waiting = True
        return note("html") + html
    return html


def on_post_build(config) -> None:
    """A full build keeps in the cache only the outputs it used."""
    from book.figure import write_files
    from book.warmup import in_warmup

    write_files(None)
    if _runner.cache is not None and not _build["dirty"] and not in_warmup():
        _runner.cache.prune()
    warmup = _build["warmup"]
    if _runner.defer and _runner.pending and warmup is not None and not warmup.running():
        log.info(
            "%d pages wait for their code, which runs in the background (%s)",
            len(_runner.pending), warmup.folder / "warmup.log",
        )  # fmt: skip
        warmup.start(config["config_file_path"], _runner.pending)


def on_shutdown() -> None:
    if _build["warmup"] is not None:
        _build["warmup"].stop()
