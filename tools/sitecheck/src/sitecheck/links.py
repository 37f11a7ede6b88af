"""Links and anchors: every same-site ``a[href]`` of a built page reaches a file, and its
``#fragment`` an id in that file. Read from the HTML files (no browser)."""

from __future__ import annotations

import functools
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from .serve import page_file


class _Index(HTMLParser):
    """Ids, links and images of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.images: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if a.get(key):
                self.ids.add(a[key])
        if tag == "a" and a.get("href") is not None:
            self.links.append(a["href"])
        if tag == "img" and a.get("src"):
            self.images.append(a["src"])


@functools.lru_cache(maxsize=256)
def _index(path: Path) -> _Index:
    parser = _Index()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _target_file(site_dir: Path, url_path: str) -> Path | None:
    """The file the local server would answer ``url_path`` with, or None."""
    rel = unquote(url_path).lstrip("/")
    candidate = site_dir / rel
    if rel == "" or rel.endswith("/"):
        candidate = candidate / "index.html"
    elif candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def check_links(site_dir: Path, page: str, base: str = "http://127.0.0.1/") -> list[str]:
    """Every same-site ``a[href]`` of ``page`` reaches a file, and its #fragment an id there.

    Links out of the site are left alone (the browser checks record requests to other hosts).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from sitecheck import check_links
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = Path(tmp, "index.html").write_text(
    ...         '<h2 id="top">T</h2><a href="#top">ok</a> <a href="#gone">x</a>'
    ...         ' <a href="nowhere/">y</a> <a href="https://example.org/">out</a>'
    ...     )
    ...     for problem in check_links(Path(tmp), ""):
    ...         print(problem)
    dead anchor '#gone': no id 'gone' on /
    dead link 'nowhere/': no /nowhere/ in the site
    """
    problems = []
    page_url = urljoin(base, page)
    origin = urlsplit(base).netloc
    for href in _index(page_file(site_dir, page)).links:
        if href == "" or href.startswith(("mailto:", "javascript:", "tel:", "data:")):
            continue
        url = urlsplit(urljoin(page_url, href))
        if url.scheme not in ("http", "https") or url.netloc != origin:
            continue  # links out of the site are the reader's choice; requests are checked apart
        target = _target_file(site_dir, url.path)
        if target is None:
            problems.append(f"dead link {href!r}: no {url.path} in the site")
            continue
        if url.fragment and target.suffix == ".html":
            frag = unquote(url.fragment)
            if frag not in _index(target).ids:
                problems.append(f"dead anchor {href!r}: no id {frag!r} on {url.path}")
    return problems
