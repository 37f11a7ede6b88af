"""Google Lighthouse's four scores for every page of the built site, with its weight and DOM.

    python benchmarks/lighthouse.py SITE_DIR [--runs N] [--pages PAGE ...]   (make bench-browser)

Lighthouse 12 (npm ``lighthouse@12.2.3``, installed into ``.tools/`` by ``make tools``; 13 needs
Node 22) runs on Debian's Chromium against a local server, with its default mobile settings (a
mid-range phone: slow 4G and a 4x slower CPU, simulated) or ``--preset desktop``. Scores move
10-15 points between runs on a loaded machine, so each page runs N times (default 3) and the
table shows the median of each score. Beside the scores: the DOM's element count and the bytes
transferred (both from Lighthouse), and the time from navigation start until MathJax has typeset
the first screen (``<body data-mathjax="done">``, median of N cold visits in Playwright).
Files are served gzipped, as GitHub Pages serves them. Pages under 90 in any score, or over 1 MB
transferred, are flagged.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import sitecheck  # tools/sitecheck: the same page visit as the browser tests
from machine import describe, load_average  # benchmarks/machine.py

ROOT = Path(__file__).resolve().parent.parent

LIGHTHOUSE = ROOT / ".tools" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
MIN_SCORE = 90
MAX_BYTES = 1_000_000


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Files gzipped when the browser accepts it, as GitHub Pages and most static hosts send them
    (Python's own server sends every file uncompressed)."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().do_GET()
        if path.name == "index.html" and not self.path.split("?")[0].endswith(("/", ".html")):
            return super().do_GET()  # the redirect from /page to /page/
        body = _gzipped(path)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@functools.cache
def _gzipped(path: Path) -> bytes:
    return gzip.compress(path.read_bytes(), 6)


def serve_gzipped(site: Path) -> tuple[http.server.HTTPServer, str]:
    handler = functools.partial(GzipHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def lighthouse(url: str, out: Path, preset: str) -> dict:
    """One Lighthouse run of ``url``: its scores (0-100), DOM size and bytes."""
    env = {**os.environ, "CHROME_PATH": sitecheck.CHROMIUM}
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            *(["--preset=desktop"] if preset == "desktop" else []),  # mobile is the default
            "--output=json",
            f"--output-path={out}",
            "--quiet",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ],
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    report = json.loads(out.read_text())
    scores = {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}
    audits = report["audits"]
    return {
        **scores,
        "dom": audits["dom-size"]["numericValue"],
        "bytes": audits["total-byte-weight"]["numericValue"],
        "tbt": audits["total-blocking-time"]["numericValue"],
    }


def typeset_ms(browser, base: str, page: str, runs: int) -> float | None:
    times = []
    for _ in range(runs):
        context = browser.new_context()
        times.append(sitecheck.visit(context, base, page, axe=False).mathjax_ms)
        context.close()
    return statistics.median(times) if None not in times else None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("site", nargs="?", default="site", type=Path)
    ap.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (default 3)")
    ap.add_argument("--pages", nargs="*", help="pages to run, e.g. network/ (default: all)")
    ap.add_argument(
        "--preset", choices=("mobile", "desktop"), default="mobile", help="(default mobile)"
    )
    args = ap.parse_args()
    site = args.site.resolve()
    if not (site / "index.html").is_file():
        print(f"no index.html in {site}: run mkdocs build first (make build)", file=sys.stderr)
        return 1
    if not LIGHTHOUSE.exists():
        print(f"no Lighthouse at {LIGHTHOUSE}: run make tools", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    server, base = serve_gzipped(site)
    pages = args.pages or sitecheck.discover_pages(site)
    rows, flagged = [], 0
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = sitecheck.launch(pw)
        for page in pages:
            runs = [
                lighthouse(base + page, Path(tmp) / "report.json", args.preset)
                for _ in range(args.runs)
            ]
            med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            ms = typeset_ms(browser, base, page, args.runs)
            low = [c for c in CATEGORIES if med[c] < MIN_SCORE]
            flags = [f"{', '.join(low)} under {MIN_SCORE}"] if low else []
            if med["bytes"] > MAX_BYTES:
                flags.append("over 1 MB")
            flagged += bool(flags)
            scores = " | ".join(f"{med[c]:.0f}" for c in CATEGORIES)
            typeset = f"{ms:.0f}" if ms is not None else "-"
            rows.append(
                f"| /{page} | {scores} | {med['tbt']:.0f} | {med['dom']:,.0f} "
                f"| {med['bytes'] / 1000:,.0f} | {typeset} | {'; '.join(flags)} |"
            )
            print(rows[-1], file=sys.stderr, flush=True)  # progress: a page takes a while
        browser.close()
    server.shutdown()

    print(f"Lighthouse 12.2.3 ({args.preset}) on {sitecheck.CHROMIUM}, site {site} served")
    print(
        f"gzipped from 127.0.0.1 (as a static host sends it); median of {args.runs} runs a page\n"
    )
    print(
        "| page | performance | accessibility | best practices | SEO | blocking (ms) | DOM "
        "elements | kB transferred | first screen typeset (ms) | flag |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    print("\n".join(rows))
    print(f"\n{flagged} page(s) flagged (a score under {MIN_SCORE}, or over 1 MB)\n")
    print("\n".join(describe()))
    print(f"- load average at the end (1, 5, 15 min): {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
