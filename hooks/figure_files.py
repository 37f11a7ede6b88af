"""Move the figures' images out of the pages into files of the site.

[`backprop.plot.figure_html`][] writes each figure as ``data:`` URIs, so its markup works
anywhere. In the built site a separate file is better: the page stays small, the browser fetches
only the image it shows (the palette's, the screen width's) and only when it scrolls near, and it
caches a figure once for every visit. Files are named by their content, so a build gives the same
names every time and an unchanged figure keeps its cached copy.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from mkdocs.utils import get_relative_url

DEST = "assets/figures"
DATA_URI = re.compile(r'(src|srcset)="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"')


def on_page_content(html: str, page, config, files) -> str:
    if "data:image/svg+xml;base64," not in html:
        return html
    folder = Path(config["site_dir"]) / DEST
    folder.mkdir(parents=True, exist_ok=True)

    def to_file(match: re.Match) -> str:
        svg = base64.b64decode(match[2])
        name = f"{DEST}/{hashlib.sha1(svg).hexdigest()[:16]}.svg"
        path = Path(config["site_dir"]) / name
        if not path.exists():
            path.write_bytes(svg)
        return f'{match[1]}="{get_relative_url(name, page.url)}"'

    return DATA_URI.sub(to_file, html)
