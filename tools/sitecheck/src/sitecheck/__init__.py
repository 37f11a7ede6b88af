"""sitecheck: the built Backprop from Scratch site, checked as a reader meets it.

Static checks read the HTML files (no browser): links and anchors (:mod:`sitecheck.links`), the
code blocks a reader copies and their runs in a fresh interpreter (:mod:`sitecheck.blocks`,
:mod:`sitecheck.console`). Browser checks load each page once in Chromium and record what it
shows (:mod:`sitecheck.visit`): console errors, requests, MathJax, raw TeX and
reStructuredText (:mod:`sitecheck.text`), images, figure text size and contrast
(:mod:`sitecheck.colour`), overflow on a 375 px phone, duplicate ids, axe
(:mod:`sitecheck.axe`). Serving, page discovery and Chromium are in :mod:`sitecheck.serve`;
the JavaScript run in the pages is in ``sitecheck/js/``.

Examples
--------
>>> import sitecheck
>>> round(sitecheck.contrast("#767676", "#ffffff"), 2)
4.54
"""

from .axe import axe_violations, serious_violations
from .blocks import (
    BLOCK_TIMEOUT_S,
    CodeBlock,
    code_blocks,
    python_blocks,
    run_block,
    start_blocks,
    starter_failed_as_it_should,
)
from .colour import (
    DARK_BG,
    DESKTOP_MIN_PX,
    LIGHT_BG,
    MIN_CONTRAST,
    PHONE_MIN_PX,
    SvgText,
    contrast,
    figure_problems,
    parse_color,
    svg_texts,
)
from .console import early_exceptions, run_console
from .links import check_links
from .paste import paste_errors, spaced_by_the_formatter
from .serve import (
    CHROMIUM,
    CHROMIUM_ARGS,
    WAIT_MS,
    discover_pages,
    launch,
    new_context,
    page_file,
    serve,
)
from .text import RAW_RST, RAW_TEX, raw_rst, raw_tex
from .visit import (
    CHECKS,
    DESKTOP,
    PHONE,
    PHONE_WIDTH,
    PageRecord,
    Visit,
    check_page,
    finish_visit,
    overflow_at_load,
    problems,
    start_visit,
    visit,
)

__all__ = [
    "BLOCK_TIMEOUT_S",
    "CHECKS",
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "DARK_BG",
    "DESKTOP",
    "DESKTOP_MIN_PX",
    "LIGHT_BG",
    "MIN_CONTRAST",
    "PHONE",
    "PHONE_MIN_PX",
    "PHONE_WIDTH",
    "RAW_RST",
    "RAW_TEX",
    "WAIT_MS",
    "CodeBlock",
    "PageRecord",
    "SvgText",
    "Visit",
    "axe_violations",
    "check_links",
    "check_page",
    "code_blocks",
    "contrast",
    "discover_pages",
    "early_exceptions",
    "figure_problems",
    "finish_visit",
    "launch",
    "new_context",
    "overflow_at_load",
    "page_file",
    "parse_color",
    "paste_errors",
    "problems",
    "python_blocks",
    "raw_rst",
    "raw_tex",
    "run_block",
    "run_console",
    "serious_violations",
    "serve",
    "spaced_by_the_formatter",
    "start_blocks",
    "start_visit",
    "starter_failed_as_it_should",
    "svg_texts",
    "visit",
]
