"""Fixtures of the browser tests: the built site served locally, one Chromium, one visit per page.

The site comes from ``--site-dir`` (registered in tests/conftest.py, default site/). Chromium is
Debian's (``$CHROMIUM`` or /usr/bin/chromium); Playwright never downloads one. Without it the
browser tests are skipped, except under CI (``$CI`` set), where they fail. Every browser context
of the tests comes from ``sitecheck.new_context``: each wait is for a state, bounded by
``sitecheck.WAIT_MS`` (not Playwright's 30 s) so that a loaded machine is slow, not red.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import sitecheck  # tools/sitecheck, installed by make install

BUILD_FIRST = "run mkdocs build first (make build)"
NO_SITE = "<no built site>"


def _site_dir(config) -> Path:
    return Path(config.getoption("site_dir")).resolve()


def _site_built(site_dir: Path) -> bool:
    return (site_dir / "index.html").is_file()


def pytest_generate_tests(metafunc):
    """Parametrise over the site's pages and Python blocks, read from the built HTML."""
    site_dir = _site_dir(metafunc.config)
    built = _site_built(site_dir)
    if "page_path" in metafunc.fixturenames:
        pages = sitecheck.discover_pages(site_dir) if built else [NO_SITE]
        metafunc.parametrize("page_path", pages, ids=[p or "home" for p in pages])
    if "block" in metafunc.fixturenames:
        blocks = [b for b in sitecheck.python_blocks(site_dir) if not b.fragment] if built else []
        metafunc.parametrize(
            "block", blocks or [None], ids=[b.name for b in blocks] if blocks else ["none"]
        )


@pytest.hookimpl(trylast=True)  # after -m and -k have deselected
def pytest_collection_modifyitems(session, config, items):
    """If the run includes the code-block tests, start the blocks now, beside the browser, and
    run those tests last: they wait for the blocks' results, which are ready by then, instead
    of holding the browser idle for a minute at the start of the run."""
    items.sort(key=lambda item: "block" in getattr(item, "fixturenames", ()))  # stable
    pages = [i.callspec.params["page_path"] for i in items if "page_path" in i.fixturenames]
    config._bp_pages = list(dict.fromkeys(pages))  # the order the records will be asked for
    site_dir = _site_dir(config)
    if _site_built(site_dir) and any(
        "block" in getattr(item, "fixturenames", ()) for item in items
    ):
        config._bp_block_futures = sitecheck.start_blocks(site_dir)


@pytest.fixture(scope="session")
def site_dir(request) -> Path:
    path = _site_dir(request.config)
    if not _site_built(path):
        pytest.fail(f"no index.html in {path}: {BUILD_FIRST}", pytrace=False)
    return path


@pytest.fixture(scope="session")
def base_url(site_dir) -> str:
    server, base = sitecheck.serve(site_dir)
    yield base
    server.shutdown()
    server.server_close()


def _no_browser(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so the browser tests must run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if not os.access(sitecheck.CHROMIUM, os.X_OK):
        _no_browser(
            f"no Chromium at {sitecheck.CHROMIUM} "
            "(apt-get install chromium, or set $CHROMIUM; make browser does it)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _no_browser("Playwright for Python is not installed (pip install -e '.[test]')")
    with sync_playwright() as pw:
        b = sitecheck.launch(pw)
        yield b
        b.close()


@pytest.fixture(scope="session")
def context(browser):
    ctx = sitecheck.new_context(browser, permissions=["clipboard-read", "clipboard-write"])
    yield ctx
    ctx.close()


@pytest.fixture(scope="session")
def records(request, context, base_url, site_dir):
    """Each page loaded once, the first time a test asks for it; while it is checked, the next
    page the run will ask for is already loading in another tab."""
    order = getattr(request.config, "_bp_pages", [])
    done: dict[str, sitecheck.PageRecord] = {}
    started: dict[str, sitecheck.Visit] = {}

    def get(page_path: str) -> sitecheck.PageRecord:
        if page_path not in done:
            if page_path not in started:
                started[page_path] = sitecheck.start_visit(context, base_url, page_path)
            later = order[order.index(page_path) + 1 :] if page_path in order else []
            upcoming = next((p for p in later if p not in done and p not in started), None)
            if upcoming is not None:
                started[upcoming] = sitecheck.start_visit(context, base_url, upcoming)
            done[page_path] = sitecheck.finish_visit(started.pop(page_path), site_dir=site_dir)
        return done[page_path]

    yield get
    for v in started.values():
        v.page.close()


@pytest.fixture
def record(records, page_path) -> sitecheck.PageRecord:
    return records(page_path)


_SUMMARY = pytest.StashKey[dict]()


@pytest.fixture(scope="session")
def summary(request) -> dict[str, object]:
    """Figures worth reading after the run (blocks run, buttons clicked, notebook times): what a
    test puts here is printed at the end of the session."""
    return request.config.stash.setdefault(_SUMMARY, {})


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    found = config.stash.get(_SUMMARY, {})
    if not found:
        return
    tr = terminalreporter
    tr.section("what a reader copies")
    for key, value in found.items():
        tr.write_line(f"{key}: {value}")
