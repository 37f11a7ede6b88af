"""A build that reused the block cache gives the same site as a build that ran every block.

Run it on two builds of the same tree (it is skipped without ``--clean-site-dir``)::

    BOOK_CACHE=off mkdocs build --strict --site-dir site-clean   # runs every block
    mkdocs build --strict --site-dir site                        # reuses the cache
    pytest tests/test_cached_build.py --site-dir site --clean-site-dir site-clean

``make test`` runs it on its two builds: ``make build`` (on CI's clean clone, with an empty
cache, it runs every block and fills the cache), then ``make build-properdocs``, which reuses
that cache; the engine's name in each page's generator tag is the one difference left out.

Every page, notebook and script, and the search index, must be byte for byte the same, except
on the pages that print measured times: a page with a block that reads the clock
(``book.execute.CLOCK``; those blocks and the rest of their session are never cached, and print
new times in every build) and the labs (mkdocs-jupyter runs them each build, and gives their
cells random ids), and the pages that hold them (the print page, the search index). Those are
compared by their words: markup, numbers, figures (names and notebook attachments) and cell ids
masked, spaces collapsed; two clean builds differ there too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from book.execute import CLOCK

ROOT = Path(__file__).resolve().parent.parent
_NUMBER = re.compile(r"\d[\d,.]*(?:e[-+]?\d+)?")  # 12, 1,024, 0.53, 1e-05
_FIGURE = re.compile(r"assets/figures/[0-9a-f]{16}\.svg")
_CELL_ID = re.compile(r'cell-id=[0-9a-f]+|"id": "[0-9a-f-]+"')  # a notebook's random cell ids
_ATTACHMENT = re.compile(r'"image/svg\+xml": (?:"[^"]*"|\[[^\]]*\])')  # a figure, base64
_TAG = re.compile(r"<[^>]+>|\\n")  # a kernel's output may come in one piece or two
_SPACES = re.compile(r"\s+")  # a table's columns move with its numbers' widths
_SUFFIXES = {".html", ".ipynb", ".py", ".json"}
# the engine that built the page (CI builds the cached site with ProperDocs, the clean with MkDocs)
_GENERATOR = re.compile(r'<meta name="generator" content="[^"]*"')


def timed_pages() -> set[str]:
    """The stems of the pages and labs whose code reads the clock."""
    sources = [*(ROOT / "docs").glob("*.md"), *(ROOT / "docs/labs").glob("*.py")]
    return {p.stem for p in sources if CLOCK.search(p.read_text(encoding="utf-8"))}


def masked(text: str) -> str:
    """The words of ``text``, its numbers, figures and cell ids masked."""
    text = _ATTACHMENT.sub("SVG", _CELL_ID.sub("ID", _FIGURE.sub("F", text)))
    return _SPACES.sub(" ", _TAG.sub(" ", _NUMBER.sub("N", text)))


@pytest.fixture(scope="module")
def sites(request) -> tuple[Path, Path]:
    clean = request.config.getoption("clean_site_dir")
    if not clean:
        pytest.skip("needs --clean-site-dir (a build with BOOK_CACHE=off) and --site-dir")
    return Path(request.config.getoption("site_dir")), Path(clean)


def test_a_cached_build_and_a_clean_build_give_the_same_pages(sites):
    cached, clean = sites
    timed = timed_pages() | {"print", "search_index"}
    files = sorted(
        p.relative_to(clean)
        for p in clean.rglob("*")
        if p.suffix in _SUFFIXES and "assets" not in p.parts
    )
    assert len(files) > 40  # the pages, notebooks and scripts of a whole build
    different, masked_equal = [], []
    for rel in files:
        a = _GENERATOR.sub("", (cached / rel).read_text(encoding="utf-8"))
        b = _GENERATOR.sub("", (clean / rel).read_text(encoding="utf-8"))
        if a == b:
            continue
        page = rel.parts[1] if rel.parts[0] == "labs" else rel.parent.name
        if rel.name != "index.html" and rel.parts[0] != "labs":
            page = rel.stem.removesuffix("-student")
        if page in timed and masked(a) == masked(b):
            masked_equal.append(str(rel))
        else:
            different.append(str(rel))
    assert not different, f"differ between the cached and the clean build: {different}"
    print(f"{len(files)} files compared; equal once numbers are masked: {masked_equal}")


def test_every_figure_a_cached_page_shows_is_in_the_site(sites):
    cached, _ = sites
    shown = {m for p in cached.rglob("*.html") for m in _FIGURE.findall(p.read_text("utf-8"))}
    assert shown  # the book has figures
    assert not [name for name in shown if not (cached / name).is_file()]
