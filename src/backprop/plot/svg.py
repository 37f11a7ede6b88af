"""How a figure reaches a page: SVG images in the light and the dark palette's colours.

Figures are drawn with a placeholder ink colour (``INK``) for text, axes and grid. [`to_svg`][]
writes a figure as SVG with that ink turned into the light or the dark palette's text colour;
data colours are mid-tones that read on both backgrounds.

[`figure_html`][] is what a page prints from a build-time code block: a ``<figure>`` of
lazily loaded ``<img>`` elements, one per palette (the stylesheet shows the one that matches
the page, and the browser fetches only that one), with an optional narrow layout for phones.
The images are ``data:`` URIs, so the markup works anywhere; the site's build
(``hooks/figure_files.py``) moves them into files. An image keeps the page's DOM small (an
inline SVG figure is hundreds of elements) and cannot clash with another figure's ids; the
figure's words stay in the page, visually hidden, for search.

[`show_figure`][] shows a figure where the code runs: in Jupyter as inline SVG in the page's
own text colour, as a script in a PNG file.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import itertools
import re
import sys
from pathlib import Path

from matplotlib.figure import Figure

from backprop.plot._style import INK, recolor_text, style

LIGHT_INK = "#212121"
"""Text and axes on the light palette (mkdocs-material's text colour on white, 16:1)."""

DARK_INK = "#e2e4e9"
"""Text and axes on the dark (slate) palette (about 13:1 on its background)."""

NARROW_MEDIA = "(max-width: 599.98px)"
"""Screens that get a figure's narrow layout, when it has one."""

# Geometry attributes whose numbers matplotlib writes with six decimals of a point.
_GEOMETRY = re.compile(r'(\s(?:d|x|y|x1|x2|y1|y2|cx|cy|r|width|height|transform|points)=")([^"]*)"')
_LONG_DECIMAL = re.compile(r"(\d\.\d\d)\d+")
_FONT_FAMILY = re.compile(r"font-family: '([^']+)'(?:, '[^']+')*, sans-serif")
_TEXT = re.compile(r"<text\b[^>]*>([^<]*)</text>")
_SHOWN = itertools.count()  # figures shown inline so far: each gets its own ids
_PT_SIZE = re.compile(r'\b(width|height)="([\d.]+)pt"')


def _slim(svg: str) -> str:
    """Drop what a page does not need from matplotlib's SVG, a third of its bytes.

    Coordinates keep two decimals of a point (a seventh of a pixel at most); the RDF metadata,
    the indentation and labels' turns by zero degrees go; the font list repeated on every label
    shrinks to the font and its fallback. Text the figure shows is left alone.
    """
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r' transform="rotate\(-0 [^"]*\)"', "", svg)  # a turn by zero degrees
    svg = _GEOMETRY.sub(lambda m: m[1] + _LONG_DECIMAL.sub(r"\1", m[2]) + '"', svg)
    svg = _FONT_FAMILY.sub(r"font-family: '\1', sans-serif", svg)
    return "\n".join(line.strip() for line in svg.splitlines() if line.strip())


def _prefix_ids(svg: str, salt: str) -> str:
    """Give every id of ``svg`` (and every reference to one) a prefix unique to it and ``salt``."""
    prefix = "f" + hashlib.sha1((salt + svg).encode()).hexdigest()[:8] + "-"
    svg = re.sub(r'id="([^"]+)"', rf'id="{prefix}\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}\1)", svg)
    return re.sub(r'xlink:href="#([^"]+)"', rf'xlink:href="#{prefix}\1"', svg)


def to_svg(fig: Figure, alt: str, *, ink: str = "currentColor", salt: str = "") -> str:
    """Return ``fig`` as a standalone SVG document whose ink is ``ink``.

    The SVG is sized in CSS pixels (an ``<img>`` of it shows its text at the drawn size) and
    carries ``alt`` as its title and accessible name. Its ids get a prefix made from the figure,
    the ink and ``salt``, so several figures can be inlined in one page (give a figure shown
    twice two salts). The default ink, ``currentColor``, makes an inline SVG take the text colour
    of the element around it; an image file needs a colour (``LIGHT_INK``, ``DARK_INK``).
    The figure stays open.

    Examples
    --------
    >>> from backprop.plot import new_figure, to_svg
    >>> fig, ax = new_figure()
    >>> _ = ax.plot([0, 1], [0, 1])
    >>> svg = to_svg(fig, alt="A rising line", ink="#ffffff")
    >>> svg.startswith("<svg") and "<title>A rising line</title>" in svg
    True
    >>> "#ffffff" in svg and "#010101" not in svg
    True
    """
    if not alt.strip():
        raise ValueError("alt must describe the figure, got an empty string")
    buffer = io.StringIO()
    with style():
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    svg = _prefix_ids(_slim(svg[svg.index("<svg") :].replace(INK, ink)), ink + salt)
    svg = _PT_SIZE.sub(lambda m: f'{m[1]}="{float(m[2]) * 4 / 3:.0f}"', svg, count=2)
    label = html.escape(alt, quote=True)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
    return svg.replace(">", f"><title>{label}</title>", 1)


def _size(svg: str) -> tuple[str, str]:
    return re.search(r'<svg[^>]*\swidth="(\d+)"\sheight="(\d+)"', svg).groups()


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


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
        source = (
            f'<source media="{NARROW_MEDIA}" srcset="{_data_uri(narrow)}" width="{w}" height="{h}">'
        )
    return (
        f'<picture class="bp-figure__{scheme}">{source}'
        f'<img src="{_data_uri(wide)}" alt="{html.escape(alt, quote=True)}" '
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
    >>> from backprop.plot import figure_html, new_figure
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


def show_figure(fig: Figure, alt: str, filename: str | Path) -> None:
    """Show ``fig`` where the code runs: inline SVG in Jupyter, a PNG file in a script.

    In a notebook (the labs, as the site renders them) the figure is inline SVG drawn in
    ``currentColor``, so it takes the light or dark text colour of the page around it; run as
    a plain script, the figure is written to ``filename`` and its name printed.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from backprop.plot import new_figure, show_figure
    >>> fig, ax = new_figure()
    >>> path = Path(tempfile.mkdtemp()) / "empty.png"
    >>> show_figure(fig, alt="Nothing yet", filename=path)  # doctest: +ELLIPSIS
    figure written to ...empty.png
    >>> path.stat().st_size > 0
    True
    """
    import matplotlib.pyplot as plt

    shell = sys.modules["IPython"].get_ipython() if "IPython" in sys.modules else None
    if shell is None:
        fig.savefig(filename, dpi=120)
        plt.close(fig)
        print(f"figure written to {filename}")
        return
    from IPython.display import HTML, display

    svg = to_svg(fig, alt, salt=str(next(_SHOWN)))
    plt.close(fig)
    svg = svg.replace("<svg ", '<svg style="max-width: 100%; height: auto" ', 1)
    display(HTML(f'<figure style="width: 100%" class="bp-figure">{svg}</figure>'))
