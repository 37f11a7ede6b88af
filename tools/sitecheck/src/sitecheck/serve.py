"""Serving a built site on 127.0.0.1, finding its pages, and Chromium to look at them."""

from __future__ import annotations

import functools
import http.server
import os
import socketserver
import threading
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# How long any awaited state (a page loaded, MathJax done, images settled, a widget shown) may
# take before a check calls it missing. It bounds a hang; it is not a speed budget: on a machine
# loaded by other work, states arrive late but arrive.
WAIT_MS = 120_000


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def serve(site_dir: Path) -> tuple[http.server.HTTPServer, str]:
    """Serve ``site_dir`` on 127.0.0.1 at a free port from a thread; return (server, base URL).

    Examples
    --------
    >>> import tempfile, urllib.request
    >>> from pathlib import Path
    >>> from sitecheck import serve
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = Path(tmp, "index.html").write_text("<p>hi</p>")
    ...     server, base = serve(Path(tmp))
    ...     body = urllib.request.urlopen(base).read()
    ...     server.shutdown()
    ...     server.server_close()
    >>> body
    b'<p>hi</p>'
    """
    handler = functools.partial(_Quiet, directory=str(site_dir))
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def discover_pages(site_dir: Path) -> list[str]:
    """Every page of a built site as a path below its root: ``""``, ``"derivatives/"``, ...

    The theme's assets and search, and the print page (which repeats every chapter), are left
    out; the home page comes first, then shallower pages before deeper ones.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from sitecheck import discover_pages
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     for page in ("", "b/", "a/", "a/deep/", "print/", "search/"):
    ...         Path(tmp, page).mkdir(parents=True, exist_ok=True)
    ...         _ = Path(tmp, page, "index.html").write_text("")
    ...     discover_pages(Path(tmp))
    ['', 'a/', 'b/', 'a/deep/']
    """
    pages = []
    for p in site_dir.rglob("index.html"):
        rel = p.parent.relative_to(site_dir)
        if rel.parts and rel.parts[0] in ("assets", "search", "print"):
            continue
        pages.append("" if not rel.parts else rel.as_posix() + "/")
    return sorted(pages, key=lambda s: (s.count("/"), s))


def page_file(site_dir: Path, page: str) -> Path:
    """The HTML file of ``page`` (a path from :func:`discover_pages`)."""
    return site_dir / page / "index.html"


def launch(playwright):
    """Debian's Chromium (``$CHROMIUM``), headless, with nothing talking to the outside world."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def new_context(browser, **options):
    """A browser context whose every wait is bounded by :data:`WAIT_MS`, not Playwright's 30 s.

    Playwright's default timeout is a budget per action; under load a page can take longer than
    that to reach a state it does reach. ``options`` go to ``browser.new_context``.
    """
    context = browser.new_context(**options)
    context.set_default_timeout(WAIT_MS)
    context.set_default_navigation_timeout(WAIT_MS)
    return context
