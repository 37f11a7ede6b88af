"""Where a page's main thread goes while it opens, on a phone with a 4x slower CPU.

    python benchmarks/main_thread.py SITE_DIR [--visits N] [--pages PAGE ...]   (make bench-browser)

Lighthouse gives one score; this says what is behind its blocking time. Each page is opened N
times (default 5) in headless Chromium at a phone's size, with the CPU slowed 4x as in
Lighthouse's mobile preset, served gzipped from 127.0.0.1, and traced until 5 s after load.
The table gives, as medians over the visits:

- blocking: the part of each main-thread task beyond 50 ms, summed (Lighthouse's total blocking
  time is this, estimated by its simulator);
- style and layout: the browser's style recalculations and layouts, in ms;
- full style passes: recalculations that went through at least half of the page's elements.
  The first one a page needs; every further one was caused by a change to something that many
  rules depend on (an attribute of ``<body>``, a stylesheet added, a meta tag's colour scheme).

Timings move a lot between visits on a shared machine (the slowest is shown beside the median);
the count of full style passes does not.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

import sitecheck  # tools/sitecheck: Chromium and the page list, as the browser tests use them
from lighthouse import serve_gzipped  # benchmarks/lighthouse.py: served as a static host would
from machine import describe, load_average  # benchmarks/machine.py

CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline"]
WAIT_AFTER_LOAD_MS = 5000
US_PER_MS = 1000  # trace events time in microseconds


def main_thread(events: list[dict]) -> list[dict]:
    """The page's main thread: the renderer thread named CrRendererMain with the most events."""

    def thread(e):
        return e["pid"], e["tid"]

    names = {thread(e) for e in events if e.get("args", {}).get("name") == "CrRendererMain"}
    main = max(names, key=lambda key: sum(thread(e) == key for e in events))
    return [e for e in events if thread(e) == main and e.get("dur")]


def measure(events: list[dict], elements: int) -> dict:
    """Blocking, style and layout time, and full style passes of one traced visit."""
    tasks = [e["dur"] / US_PER_MS for e in events if e["name"] == "RunTask"]
    style = [e for e in events if e["name"] == "UpdateLayoutTree"]
    layout = [e for e in events if e["name"] == "Layout"]
    full = [e for e in style if e.get("args", {}).get("elementCount", 0) >= elements / 2]
    return {
        "blocking": sum(t - 50 for t in tasks if t > 50),
        "style": sum(e["dur"] for e in style + layout) / US_PER_MS,
        "passes": len(full),
    }


def visit(browser, url: str) -> dict:
    context = browser.new_context(
        viewport={"width": 412, "height": 823}, device_scale_factor=1.75, is_mobile=True
    )
    page = context.new_page()
    context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
    browser.start_tracing(page=page, categories=CATEGORIES)
    page.goto(url, wait_until="load")
    page.wait_for_timeout(WAIT_AFTER_LOAD_MS)
    events = json.loads(browser.stop_tracing())["traceEvents"]
    elements = page.evaluate("document.getElementsByTagName('*').length")
    context.close()
    return {**measure(main_thread(events), elements), "elements": elements}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("site", nargs="?", default="site", type=Path)
    ap.add_argument("--visits", type=int, default=5, help="visits per page (default 5)")
    ap.add_argument("--pages", nargs="*", help="pages to open, e.g. network/ (default: all)")
    args = ap.parse_args()
    site = args.site.resolve()
    if not (site / "index.html").is_file():
        print(f"no index.html in {site}: run mkdocs build first (make build)", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    server, base = serve_gzipped(site)
    rows = []
    with sync_playwright() as pw:
        browser = sitecheck.launch(pw)
        for page in args.pages if args.pages is not None else sitecheck.discover_pages(site):
            runs = [visit(browser, base + page) for _ in range(args.visits)]
            med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            worst = max(r["blocking"] for r in runs)
            rows.append(
                f"| /{page} | {med['blocking']:,.0f} ({worst:,.0f}) | {med['style']:,.0f} "
                f"| {med['passes']:.0f} | {med['elements']:,.0f} |"
            )
            print(rows[-1], file=sys.stderr, flush=True)  # progress: a page takes a while
        browser.close()
    server.shutdown()

    print(f"Main thread at 4x CPU slowdown, 412 px phone, Chromium {sitecheck.CHROMIUM}, site")
    print(f"{site} served gzipped from 127.0.0.1; median of {args.visits} visits a page\n")
    print("| page | blocking ms (slowest) | style and layout ms | full style passes | elements |")
    print("|---|---:|---:|---:|---:|")
    print("\n".join(rows))
    print()
    print("\n".join(describe()))
    print(f"- load average at the end (1, 5, 15 min): {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
