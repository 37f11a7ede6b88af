"""While a page's code blocks run, the build's heap so far is frozen for the garbage collector.

markdown-exec runs every block in the build's own process, whose heap grows with each page
(parsed Markdown, rendered HTML, imported modules, figures' font caches). Every collection,
the automatic ones and a timing block's ``gc.collect()`` (docs/network.md calls it before each
timed call), walks all of it. :func:`gc.freeze` before a page is rendered keeps those objects
out of the collections its blocks cause; :func:`gc.unfreeze` once the page's HTML is made hands
them back, so nothing a page left behind escapes a later collection. Pages render the same.
"""

from __future__ import annotations

import gc


def on_page_markdown(markdown: str, page, config, files) -> str:
    gc.freeze()
    return markdown


def on_page_content(html: str, page, config, files) -> str:
    gc.unfreeze()
    return html
