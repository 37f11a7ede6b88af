"""How a figure reaches a page: image files in the light and the dark palette's colours.

Figures are drawn with the package's placeholder ink (``backprop.plot.INK``) for text, axes and
grid; [`to_svg`][backprop.plot.to_svg] writes each palette's SVG with that ink turned into the
palette's text colour, and text drawn in a data colour gets the shade that reads on the palette
([`recolor_text`][]). [`figure_html`][] is what a page prints from a build-time code block: a
``<figure>`` of lazily loaded ``<img>`` elements, one per palette (the stylesheet shows the one
that matches the page, and the browser fetches only that one), with an optional narrow layout
for phones. The figure's words stay in the page, visually hidden, for search.

While the site is built, each image is written as a file of the site, named by its content
(``assets/figures/<sha1>.svg``: a build gives the same names every time, and an unchanged figure
keeps its cached copy). The build's hook says where, page by page, with [`write_files`][].
Outside a build (a test, a notebook) the images are ``data:`` URIs, so the markup works anywhere.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from dataclasses import dataclass
from pathlib import Path

from matplotlib.figure import Figure

from backprop.plot import COLORS, to_svg

LIGHT_INK = "#212121"
"""Text and axes on the light palette (mkdocs-material's text colour on white, 16:1)."""

DARK_INK = "#e2e4e9"
"""Text and axes on the dark (slate) palette (about 13:1 on its background)."""

NARROW_MEDIA = "(max-width: 599.98px)"
"""Screens that get a figure's narrow layout, when it has one."""

FOLDER = "assets/figures"
"""Where the build writes the figures' images, in the site."""

TEXT_COLORS = {
    "light": dict(zip(COLORS.values(), ("#1d4ed8", "#c2410c", "#047857", "#b91c1c", "#7e22ce",
                                        "#a16207", "#5f6670"), strict=True)),
    "dark": dict(zip(COLORS.values(), ("#93c5fd", "#fdba74", "#6ee7b7", "#fca5a5", "#d8b4fe",
                                       "#fcd34d", "#b8bcc4"), strict=True)),
}  # fmt: skip
"""Per palette, the shade in which text drawn in a data colour is shown.

No one colour has 4.5:1 contrast on both white and the dark slate (``#1e2129``): the mid-tones
of ``COLORS`` keep about 3:1 to 4:1 on each, enough for lines and markers but not for words.
Text drawn in a data colour is therefore shown darker on the light palette and lighter on the
dark one (at least 4.9:1 on each); [`recolor_text`][] does the swap in an SVG."""

# the fill of a <text> or <tspan>, or of the <g style="fill: ..."> that wraps a mathtext label
_TEXT_FILL = re.compile(r'(<(?:text|tspan)\b[^>]*?fill: ?|<g style="fill: ?)(#[0-9a-f]{6})', re.I)
_TEXT = re.compile(r"<text\b[^>]*>([^<]*)</text>")


@dataclass(frozen=True)
class _Target:
    site_dir: Path
    page_url: str


_target: _Target | None = None  # the page being built, when a build is running


def write_files(site_dir: str | Path | None, page_url: str = "") -> None:
    """Write the images of the figures made from now on into ``site_dir`` for the page at
    ``page_url`` (the build's hook calls this before each page); ``None`` goes back to
    ``data:`` URIs.

    Examples
    --------
    >>> import tempfile
    >>> from backprop.plot import new_figure
    >>> from book.figure import figure_html, write_files
    >>> site = tempfile.mkdtemp()
    >>> write_files(site, "chapter/")
    >>> out = figure_html(new_figure()[0], alt="Nothing yet")
    >>> write_files(None)
    >>> out.count('src="../assets/figures/')
    2
    """
    global _target
    _target = None if site_dir is None else _Target(Path(site_dir), page_url)


def recolor_text(svg: str, scheme: str) -> str:
    """Show the text of ``svg`` drawn in a data colour in its ``scheme`` shade (``TEXT_COLORS``).

    Only text changes (``<text>``, ``<tspan>`` and the groups that wrap labels with math);
    lines, markers and filled areas keep the data colours.

    Examples
    --------
    >>> from backprop.plot import COLORS
    >>> from book.figure import recolor_text
    >>> svg = f'<text style="font: 9px sans-serif; fill: {COLORS["blue"]}">a</text>'
    >>> recolor_text(svg, "light")
    '<text style="font: 9px sans-serif; fill: #1d4ed8">a</text>'
    """
    shades = TEXT_COLORS[scheme]
    return _TEXT_FILL.sub(lambda m: m[1] + shades.get(m[2].lower(), m[2]), svg)


def _url(svg: str) -> str:
    """Where the page finds the image ``svg``: a file of the site in a build, else a data URI."""
    if _target is None:
        return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")
    data = svg.encode()
    name = f"{FOLDER}/{hashlib.sha1(data).hexdigest()[:16]}.svg"
    path = _target.site_dir / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return "../" * _target.page_url.count("/") + name


def _size(svg: str) -> tuple[str, str]:
    return re.search(r'<svg[^>]*\swidth="(\d+)"\sheight="(\d+)"', svg).groups()


def _words(svg: str) -> str:
    """The figure's words (not its tick numbers), for the page's search."""
    seen: dict[str, None] = {}
    for text in _TEXT.findall(svg):
        text = html.unescape(text).strip()
        if re.search(r"[A-Za-z]{2}", text):
            seen.setdefault(text)
    return " ".join(seen)


def _picture(wide: str, narrow: str | None, alt: str, scheme: str) -> str:
    width, height = _size(wide)
    source = ""
    if narrow is not None:
        w, h = _size(narrow)
        source = f'<source media="{NARROW_MEDIA}" srcset="{_url(narrow)}" width="{w}" height="{h}">'
    return (
        f'<picture class="bp-figure__{scheme}">{source}'
        f'<img src="{_url(wide)}" alt="{html.escape(alt, quote=True)}" '
        f'width="{width}" height="{height}" loading="lazy" decoding="async"></picture>'
    )


def figure_html(
    fig: Figure, alt: str, caption: str | None = None, *, narrow: Figure | None = None
) -> str:
    """Return a ``<figure>`` showing ``fig`` in both palettes, with an optional caption.

    This is what a page prints from a build-time code block to show a figure. ``narrow``, a
    second Figure of the same content laid out for a phone (fewer columns, taller), is shown on
    screens narrower than 600 px instead of ``fig``. Both figures are closed.

    Examples
    --------
    >>> from backprop.plot import new_figure
    >>> from book.figure import figure_html
    >>> fig, ax = new_figure()
    >>> _ = ax.set_title("Loss")
    >>> out = figure_html(fig, alt="Nothing yet", caption="An empty plot.")
    >>> out.startswith('<figure class="bp-figure">') and "<figcaption>" in out
    True
    >>> out.count('alt="Nothing yet"'), out.count('loading="lazy"')
    (2, 2)
    """
    import matplotlib.pyplot as plt

    pictures, words = [], ""
    for ink, scheme in ((LIGHT_INK, "light"), (DARK_INK, "dark")):
        # text drawn in a data colour gets the shade that reads on this palette
        wide = recolor_text(to_svg(fig, alt, ink=ink), scheme)
        small = recolor_text(to_svg(narrow, alt, ink=ink), scheme) if narrow is not None else None
        pictures.append(_picture(wide, small, alt, scheme))
        words = words or _words(wide)
    for f in (fig, narrow):
        if f is not None:
            plt.close(f)
    text = f'<span class="bp-figure__text" aria-hidden="true">{words}</span>' if words else ""
    cap = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f'<figure class="bp-figure">{"".join(pictures)}{text}{cap}</figure>'
