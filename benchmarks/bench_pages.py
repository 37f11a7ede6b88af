"""Page weight and time to typeset, per page of the built site, in headless Chromium.

    python benchmarks/bench_pages.py SITE_DIR [--visits N]       (make bench-browser)

Each page is loaded N times (default 5), each in a fresh browser context (cold cache), from a
local server on 127.0.0.1; the time is the median of the visits, with the slowest beside it.
Bytes are what crossed the wire, headers and bodies, uncompressed (Python's http.server does not
gzip; a second column estimates the gzipped weight a static host would send). MathJax time runs
from navigation start to the moment the page's MathJax config sets <body data-mathjax="done">.
Pages over 2 MB (as transferred here) or over 1.5 s (median) are flagged.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import os
import statistics
import sys
from pathlib import Path

import sitecheck  # tools/sitecheck: the same serving and page visit as the browser tests
from machine import describe, load_average  # benchmarks/machine.py

MAX_BYTES = 2_000_000
MAX_MS = 1500


@functools.cache
def gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6)) if path.is_file() else 0


def gzipped_total(site: Path, base: str, urls: list[str]) -> int:
    """What the same files weigh gzipped, as a static host such as GitHub Pages serves them
    (the local test server sends them uncompressed)."""
    total = 0
    for url in urls:
        if url.startswith(base):
            rel = url[len(base) :].split("#")[0].split("?")[0]
            path = site / rel
            total += gzipped(path / "index.html" if rel == "" or rel.endswith("/") else path)
    return total


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("site", nargs="?", default="site", type=Path)
    ap.add_argument("--visits", type=int, default=5, help="cold visits per page (default 5)")
    args = ap.parse_args()
    site = args.site.resolve()
    if not (site / "index.html").is_file():
        print(f"no index.html in {site}: run mkdocs build first (make build)", file=sys.stderr)
        return 1
    if not os.access(sitecheck.CHROMIUM, os.X_OK):
        print(f"no Chromium at {sitecheck.CHROMIUM} (make browser)", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    server, base = sitecheck.serve(site)
    rows, flagged = [], 0
    with sync_playwright() as pw:
        browser = sitecheck.launch(pw)
        version = browser.version
        for page in sitecheck.discover_pages(site):
            recs = []
            for _ in range(args.visits):
                context = browser.new_context()
                recs.append(sitecheck.visit(context, base, page, axe=False))
                context.close()
            rec, times = recs[0], [r.mathjax_ms for r in recs]
            flags = []
            if rec.bytes > MAX_BYTES:
                flags.append("over 2 MB")
            if None in times:
                flags.append(f"MathJax {next(r.mathjax for r in recs if r.mathjax_ms is None)}")
                median = slowest = "-"
            else:
                median, slowest = statistics.median(times), max(times)
                if median > MAX_MS:
                    flags.append("over 1.5 s")
                median, slowest = f"{median:.0f}", f"{slowest:.0f}"
            flagged += bool(flags)
            gz = gzipped_total(site, base, rec.urls)
            rows.append(
                f"| /{page} | {rec.bytes / 1000:,.0f} | {gz / 1000:,.0f} | {rec.requests} | "
                f"{median} | {slowest} | {', '.join(flags)} |"
            )
        browser.close()
    server.shutdown()

    print(f"Pages of {site} in headless Chromium {version}, served from 127.0.0.1,")
    print(f"{args.visits} cold visits per page\n")
    print(
        "| page | kB transferred | kB if gzipped | requests | MathJax done, median (ms) "
        "| slowest (ms) | flag |"
    )
    print("|---|---:|---:|---:|---:|---:|---|")
    print("\n".join(rows))
    print(f"\n{flagged} page(s) flagged (over 2 MB, or a median over 1.5 s)\n")
    print("\n".join(describe()))
    print(f"- load average at the end (1, 5, 15 min): {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
