"""Command line: ``sitecheck SITE_DIR [PAGE ...]`` (or ``python -m sitecheck``).

Checks every page of a built site (or the pages named, e.g. ``derivatives/``) in Chromium and
prints each problem under its page; ``--no-browser`` checks links and anchors only, ``--blocks``
also runs every Python and console block as a reader would. Exits 1 if anything was found.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .blocks import python_blocks, run_block, starter_failed_as_it_should
from .links import check_links
from .serve import CHROMIUM, discover_pages, launch, new_context, serve
from .visit import check_page


def _browser_problems(site: Path, pages: list[str]) -> dict[str, list[str]]:
    from playwright.sync_api import sync_playwright

    server, base = serve(site)
    try:
        with sync_playwright() as pw:
            browser = launch(pw)
            context = new_context(browser)
            found = {page: check_page(context, base, site, page) for page in pages}
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return found


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="sitecheck", description=__doc__.splitlines()[0])
    ap.add_argument("site", type=Path, help="the built site (mkdocs build's --site-dir)")
    ap.add_argument("pages", nargs="*", help="pages below the site's root (default: all)")
    ap.add_argument("--no-browser", action="store_true", help="links and anchors only")
    ap.add_argument("--blocks", action="store_true", help="also run every code block")
    args = ap.parse_args(argv)
    site = args.site.resolve()
    if not (site / "index.html").is_file():
        ap.error(f"site must hold a built site (index.html), got {str(args.site)!r}")
    pages = args.pages or discover_pages(site)
    if args.no_browser:
        found = {page: [f"links: {p}" for p in check_links(site, page)] for page in pages}
    elif not os.access(CHROMIUM, os.X_OK):
        ap.error(f"no Chromium at {CHROMIUM} (set $CHROMIUM, or use --no-browser)")
    else:
        found = _browser_problems(site, pages)
    if args.blocks:
        for block in python_blocks(site):
            if not block.fragment and (not args.pages or block.page in pages):
                code, stderr = run_block(block)
                if block.starter:
                    if code == 0 or not starter_failed_as_it_should(stderr):
                        found.setdefault(block.page, []).append(
                            f"block {block.name}: a starter that does not fail its check"
                        )
                elif code:
                    last = stderr.strip().splitlines()[-1:] or [f"exit {code}"]
                    found.setdefault(block.page, []).append(f"block {block.name}: {last[0]}")
    total = 0
    for page, problems in found.items():
        for p in problems:
            print(f"/{page}: {p}")
        total += len(problems)
    print(f"{total} problem(s) on {len(found)} page(s)", file=sys.stderr)
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
