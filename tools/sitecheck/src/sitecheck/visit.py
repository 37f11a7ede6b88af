"""The page visit: one page loaded once in Chromium, everything the checks look at recorded.

:func:`start_visit` opens a page and starts loading it; :func:`finish_visit` waits for each
state a check reads (the page loaded, MathJax done, every image settled, the figures of the
phone layout chosen), records what the page shows in a :class:`PageRecord`, and closes it.
:func:`problems` turns a record into problems per check; :func:`check_page` runs every check on
one page, links included, and returns one flat list.

Every wait here is for a state, bounded by :data:`sitecheck.serve.WAIT_MS` so that a page that
never gets there is reported rather than waited for forever; none is a fixed pause.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from ._js import script
from .axe import axe_violations
from .colour import DESKTOP_MIN_PX, PHONE_MIN_PX, figure_problems
from .links import check_links
from .serve import WAIT_MS
from .text import raw_rst, raw_tex

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 800}
PHONE_WIDTH = PHONE["width"]


@dataclass
class PageRecord:
    """Everything seen on one page load."""

    page: str
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    requests: int = 0
    bytes: int = 0
    urls: list[str] = field(default_factory=list)  # every response received, in order
    mathjax: str = "missing"
    mathjax_ms: float | None = None
    merrors: int = 0
    undefined_macros: list[str] = field(default_factory=list)
    raw_tex: list[str] = field(default_factory=list)
    broken_images: list[str] = field(default_factory=list)
    empty_svgs: list[str] = field(default_factory=list)
    overflow: list[str] = field(default_factory=list)
    axe: list[str] = field(default_factory=list)
    figure_text: list[str] = field(default_factory=list)
    figure_contrast: list[str] = field(default_factory=list)
    equation_width: list[str] = field(default_factory=list)
    code_width: list[str] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)
    duplicate_ids: list[str] = field(default_factory=list)
    raw_rst: list[str] = field(default_factory=list)
    dom_elements: int = 0
    load_error: str | None = None


def _wait(page, predicate: str) -> bool:
    """Wait until ``js/<predicate>.js`` holds on ``page``; False if it did not within WAIT_MS."""
    try:
        page.wait_for_function(script(predicate), timeout=WAIT_MS)
    except Exception:  # Playwright's TimeoutError: the caller records the state it was left in
        return False
    return True


def _figures(page, rec: PageRecord, site_dir: Path | None, base: str, width: int) -> None:
    """Record the figures' text size (and, once per file, contrast) at the current width."""
    if site_dir is None:
        return
    # Each <picture> picks its source for the width asynchronously (after a resize, too): wait
    # until every figure image shows the file chosen for this width, loaded.
    if not _wait(page, "figures_current"):
        rec.broken_images.append(
            f"at {width} px, figure images not showing the file chosen for this width after "
            f"{WAIT_MS / 1000:.0f} s"
        )
    figures = page.evaluate(script("figures"))
    min_px = PHONE_MIN_PX if width <= PHONE_WIDTH else DESKTOP_MIN_PX
    sized = [dict(f, check_contrast=False) for f in figures if f["sized"]]
    rec.figure_text += figure_problems(sized, site_dir, base, width, min_px)
    seen = {p.split(" has contrast")[0] for p in rec.figure_contrast}
    for f in figures:
        found = figure_problems([f], site_dir, base, width, 0)
        found = [p for p in found if "has contrast" in p]
        rec.figure_contrast += [p for p in found if p.split(" has contrast")[0] not in seen]
        if f["kind"] == "img":
            seen.update(p.split(" has contrast")[0] for p in found)


def visit(
    context, base: str, page_path: str, *, axe: bool = True, site_dir: Path | None = None
) -> PageRecord:
    """Load one page in ``context`` and record what the tests check.

    Figures are measured only when ``site_dir`` is given (their SVG files are read from it)."""
    return finish_visit(start_visit(context, base, page_path), axe=axe, site_dir=site_dir)


@dataclass
class Visit:
    """A page whose loading has started (:func:`start_visit`), to be checked later."""

    page: object
    rec: PageRecord
    base: str
    error: str | None = None


def start_visit(context, base: str, page_path: str) -> Visit:
    """Open ``page_path`` in a new tab and start loading it, without waiting: the browser loads
    it while another page is being checked."""
    rec = PageRecord(page_path)
    origin = urlsplit(base).netloc
    page = context.new_page()
    page.set_viewport_size(DESKTOP)
    page.add_init_script(script("stamp"))

    def on_console(msg):
        if msg.type == "error":
            rec.console_errors.append(msg.text)

    def on_request(req):
        rec.requests += 1
        url = urlsplit(req.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.netloc != origin:
            rec.foreign_requests.append(req.url)

    def on_response(resp):
        if resp.status >= 400:
            rec.failed_requests.append(f"HTTP {resp.status} {resp.url}")

    def on_finished(req):
        try:
            sizes = req.sizes()
            rec.bytes += sizes["responseBodySize"] + sizes["responseHeadersSize"]
            rec.urls.append(req.url)
        except Exception:  # the page closed first
            pass

    page.on("console", on_console)
    page.on("pageerror", lambda err: rec.console_errors.append(f"uncaught: {err}"))
    page.on("request", on_request)
    page.on("response", on_response)
    page.on("requestfinished", on_finished)
    page.on(
        "requestfailed",
        lambda req: rec.failed_requests.append(f"{req.failure} {req.url}"),
    )
    try:
        page.goto(urljoin(base, page_path), wait_until="commit", timeout=WAIT_MS)
    except Exception as exc:
        return Visit(page, rec, base, f"{type(exc).__name__}: {exc}")
    return Visit(page, rec, base)


def finish_visit(v: Visit, *, axe: bool = True, site_dir: Path | None = None) -> PageRecord:
    """Wait for a started page to load and typeset, record every check, close it."""
    page, rec, base = v.page, v.rec, v.base
    try:
        if v.error:
            raise RuntimeError(v.error)
        page.wait_for_load_state("load", timeout=WAIT_MS)
        _wait(page, "mathjax_settled")  # if not, recorded below as the state it was left in
        rec.mathjax_ms = page.evaluate(script("mathjax_ms"))
        page.evaluate(script("prepare"))
        settled = _wait(page, "images_loaded")
        state = page.evaluate(script("page_state"))
        rec.mathjax = state["mathjax"]
        rec.merrors = state["merrors"]
        rec.undefined_macros = state["undefinedMacros"]
        rec.raw_tex = raw_tex(state["text"])
        rec.raw_rst = raw_rst(state["text"])
        rec.dom_elements = state["domElements"]
        rec.duplicate_ids = [f"duplicate id {d}" for d in page.evaluate(script("duplicate_ids"))]
        late = "" if settled else f" (still loading after {WAIT_MS / 1000:.0f} s)"
        rec.broken_images = [
            f"image did not load{late}: {i['src']}"
            for i in state["images"]
            if not i["complete"] or i["width"] == 0
        ]
        rec.empty_svgs = [
            f"figure svg #{s['index']} is {s['width']:.0f}x{s['height']:.0f}"
            for s in state["svgs"]
            if s["width"] <= 0 or s["height"] <= 0
        ]
        if axe:
            rec.axe = axe_violations(page)
        _figures(page, rec, site_dir, base, DESKTOP["width"])
        rec.code_width = [
            f"at {DESKTOP['width']} px, {b['kind']} {b['line']!r} is {b['over']} px wider than "
            "its box"
            for b in page.evaluate(script("code_width"))
        ]
        page.set_viewport_size(PHONE)
        _figures(page, rec, site_dir, base, PHONE_WIDTH)
        for eq in page.evaluate(script("equations")):  # a reader should not scroll a formula
            how = "and scrolls" if eq["scrolls"] else "and is cut off"
            rec.equation_width.append(
                f"at {PHONE_WIDTH} px, equation {eq['text']!r} is {eq['over']} px wider than its "
                f"column {how}: break it into lines (aligned or gathered)"
            )
        for t in page.evaluate(script("tables")):  # a wide table scrolls, says so, keeps col 1
            needs = {"scroll": "scrolls", "show a cue": "cue", "keep its first column": "sticky"}
            missing = [what for what, key in needs.items() if not t[key]]
            if missing:
                rec.tables.append(
                    f"at {PHONE_WIDTH} px, table {t['head']!r} is wider than its column and does "
                    f"not {', '.join(missing)}"
                )
        ov = page.evaluate(script("overflow"))
        if ov["scrollWidth"] > ov["innerWidth"] + 1:
            rec.overflow.append(
                f"page is {ov['scrollWidth']} px wide at {ov['innerWidth']} px: {ov['culprits']}"
            )
        rec.overflow.extend(ov["wide"])
    except Exception as exc:  # a page that cannot load is one problem, not a crash of the suite
        rec.load_error = f"{type(exc).__name__}: {exc}"
    finally:
        page.close()
    return rec


def overflow_at_load(context, base: str, page_path: str) -> list[str]:
    """What makes ``page_path`` wider than a 375 px phone the moment it has loaded.

    MathJax typesets a formula only as it nears the screen, so a page can be wider before the
    reader scrolls than after: a long raw formula further down, in a span that must not wrap,
    widens the whole page. :func:`visit` measures after everything is typeset; this measures
    first, in a tab of its own.
    """
    page = context.new_page()
    try:
        page.set_viewport_size(PHONE)
        page.goto(urljoin(base, page_path), wait_until="load", timeout=WAIT_MS)
        ov = page.evaluate(script("overflow"))
    finally:
        page.close()
    if ov["scrollWidth"] <= ov["innerWidth"] + 1:
        return []
    return [
        f"page is {ov['scrollWidth']} px wide at load at {ov['innerWidth']} px: {ov['culprits']}"
    ]


CHECKS = (
    "load",
    "mathjax",
    "raw_tex",
    "console",
    "requests",
    "offsite",
    "images",
    "overflow",
    "axe",
    "figure_text",
    "figure_contrast",
    "equation_width",
    "code_width",
    "tables",
    "ids",
    "raw_rst",
)


def problems(rec: PageRecord) -> dict[str, list[str]]:
    """The problems of one recorded page, per check."""
    out: dict[str, list[str]] = {c: [] for c in CHECKS}
    if rec.load_error:
        out["load"].append(rec.load_error)
    if rec.mathjax != "done":
        out["mathjax"].append(f'MathJax state is "{rec.mathjax}", not "done"')
    if rec.merrors:
        out["mathjax"].append(f"{rec.merrors} MathJax error box(es) (mjx-merror)")
    if rec.undefined_macros:
        out["mathjax"].append(f"undefined TeX macros shown in red: {rec.undefined_macros}")
    out["raw_tex"] = list(rec.raw_tex)
    out["console"] = [f"console error: {m}" for m in rec.console_errors]
    out["requests"] = list(rec.failed_requests)
    out["offsite"] = [f"request to another host: {u}" for u in rec.foreign_requests]
    out["images"] = rec.broken_images + rec.empty_svgs
    out["overflow"] = list(rec.overflow)
    out["axe"] = list(rec.axe)
    out["figure_text"] = list(rec.figure_text)
    out["figure_contrast"] = list(rec.figure_contrast)
    out["equation_width"] = list(rec.equation_width)
    out["code_width"] = list(rec.code_width)
    out["tables"] = list(rec.tables)
    out["ids"] = list(rec.duplicate_ids)
    out["raw_rst"] = list(rec.raw_rst)
    return out


def check_page(context, base: str, site_dir: Path, page_path: str) -> list[str]:
    """Every problem of one page: the browser checks, then links and anchors from its HTML.

    ``context`` is a Playwright browser context; ``base`` the URL ``site_dir`` is served at
    (:func:`sitecheck.serve`). Each problem starts with the name of its check.
    """
    rec = visit(context, base, page_path, site_dir=site_dir)
    found = [f"{check}: {p}" for check, ps in problems(rec).items() for p in ps]
    found += [f"links: {p}" for p in check_links(site_dir, page_path, base)]
    return found
