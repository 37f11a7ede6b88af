"""The house style of every figure, and the inline SVG the site embeds.

Importing [`backprop.plot`][] applies the style to matplotlib's global ``rcParams`` (as seaborn's
``set_theme`` does), because legends, annotations and colour bars read them when they are made,
not when the figure is created. Call ``matplotlib.rcdefaults()`` to undo it.

Figures are drawn with a placeholder ink colour for text, axes and grid. [`to_svg`][] turns that
placeholder into ``currentColor``, so a figure embedded in a page takes the page's text colour:
dark ink on the light palette, light ink on the dark one. Data colours are mid-tones that read
on both backgrounds.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
import sys
from contextlib import contextmanager
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

INK = "#010101"
"""Placeholder colour for text, axes and ticks; becomes ``currentColor`` in the SVG."""

COLORS = {
    "blue": "#3b82f6",
    "orange": "#f97316",
    "green": "#10b981",
    "red": "#ef4444",
    "purple": "#a855f7",
    "yellow": "#d4a017",
    "grey": "#8a8f98",
}
"""Named data colours that keep their contrast on white and on the dark slate palette."""

CYCLE = [COLORS[c] for c in ("blue", "orange", "green", "red", "purple", "yellow")]

STYLE = {
    "figure.figsize": (6.4, 3.6),
    "figure.dpi": 100,
    "figure.facecolor": "none",
    "axes.facecolor": "none",
    "savefig.facecolor": "none",
    "savefig.transparent": True,
    "axes.prop_cycle": matplotlib.cycler(color=CYCLE),
    "axes.edgecolor": INK,
    "axes.labelcolor": INK,
    "axes.titlecolor": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": INK,
    "grid.alpha": 0.12,
    "xtick.color": INK,
    "ytick.color": INK,
    "text.color": INK,
    "legend.frameon": False,
    "legend.labelcolor": INK,
    "font.size": 10,
    "font.family": "sans-serif",
    "mathtext.fontset": "dejavusans",
    "lines.linewidth": 2.0,
    "svg.fonttype": "none",
    "svg.hashsalt": "backprop-from-scratch",
}


matplotlib.rcParams.update(STYLE)


@contextmanager
def style():
    """Draw inside the house style.

    Examples
    --------
    >>> with style():
    ...     fig, ax = plt.subplots()
    >>> fig.get_facecolor()[3]
    0.0
    >>> plt.close(fig)
    """
    with plt.rc_context(STYLE):
        yield


def new_figure(ncols: int = 1, nrows: int = 1, **kwargs) -> tuple[Figure, object]:
    """Return ``(fig, axes)`` in the house style, like ``plt.subplots``, without pyplot state.

    Examples
    --------
    >>> fig, (left, right) = new_figure(ncols=2)
    >>> len(fig.axes)
    2
    """
    with style():
        fig = Figure(layout="constrained", figsize=kwargs.pop("figsize", STYLE["figure.figsize"]))
        axes = fig.subplots(nrows=nrows, ncols=ncols, **kwargs)
    return fig, axes


# Geometry attributes whose numbers matplotlib writes with six decimals of a point.
_GEOMETRY = re.compile(r'(\s(?:d|x|y|x1|x2|y1|y2|cx|cy|r|width|height|transform|points)=")([^"]*)"')
_LONG_DECIMAL = re.compile(r"(\d\.\d\d)\d+")
_FONT_FAMILY = re.compile(r"font-family: '([^']+)'(?:, '[^']+')*, sans-serif")


def _slim(svg: str) -> str:
    """Drop what a page does not need from matplotlib's SVG, a third of its bytes.

    Coordinates keep two decimals of a point (a seventh of a pixel at most); the RDF metadata,
    the indentation and labels' turns by zero degrees go; the font list repeated on every label
    shrinks to the font and its fallback. Text the figure shows is left alone.
    """
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r' transform="rotate\(-0 [^"]*\)"', "", svg)  # a turn by zero degrees
    svg = _GEOMETRY.sub(lambda m: m[1] + _LONG_DECIMAL.sub(r"\1", m[2]) + '"', svg)
    return _FONT_FAMILY.sub(r"font-family: '\1', sans-serif", svg)


def to_svg(fig: Figure, alt: str) -> str:
    """Return ``fig`` as an inline ``<svg>`` that follows the page's colours and width.

    The SVG scales to its column (``width="100%"``, never wider than drawn), carries ``alt`` as
    its accessible name, and its element ids get a prefix unique to the figure so that several
    figures can share a page.

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> _ = ax.plot([0, 1], [0, 1])
    >>> svg = to_svg(fig, alt="A rising line")
    >>> svg.startswith("<svg") and 'aria-label="A rising line"' in svg
    True
    >>> "currentColor" in svg and INK not in svg
    True
    """
    if not alt.strip():
        raise ValueError("alt must describe the figure, got an empty string")
    buffer = io.StringIO()
    with style():
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = svg.replace(INK, "currentColor")
    svg = _slim(svg)
    prefix = "f" + hashlib.sha1(svg.encode()).hexdigest()[:8] + "-"
    svg = re.sub(r'id="([^"]+)"', rf'id="{prefix}\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}\1)", svg)
    svg = re.sub(r'xlink:href="#([^"]+)"', rf'xlink:href="#{prefix}\1"', svg)
    width = float(re.search(r'<svg[^>]*\swidth="([\d.]+)pt"', svg).group(1))
    label = html.escape(alt, quote=True)
    svg = re.sub(
        r'<svg([^>]*?)\swidth="[\d.]+pt"\sheight="[\d.]+pt"',
        rf'<svg\1 width="100%" style="max-width:{width * 4 / 3:.0f}px" '
        rf'role="img" aria-label="{label}"',
        svg,
        count=1,
    )
    svg = svg.replace(">", f"><title>{label}</title>", 1)
    plt.close(fig)
    return "\n".join(line.strip() for line in svg.splitlines() if line.strip())


def figure_html(fig: Figure, alt: str, caption: str | None = None) -> str:
    """Return a ``<figure>`` holding ``fig`` as inline SVG, with an optional caption.

    This is what a page prints from a build-time code block to show a figure.

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> out = figure_html(fig, alt="Nothing yet", caption="An empty plot.")
    >>> out.startswith('<figure class="bp-figure">') and "<figcaption>" in out
    True
    """
    body = to_svg(fig, alt)
    cap = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f'<figure class="bp-figure">{body}{cap}</figure>'


def show_figure(fig: Figure, alt: str, filename: str | Path) -> None:
    """Show ``fig`` where the code runs: inline SVG in Jupyter, a PNG file in a script.

    In a notebook (the labs, as the site renders them) the figure is the same inline SVG a page
    gets from [`figure_html`][], in the page's light or dark colours; run as a plain script,
    the figure is written to ``filename`` and its name printed.

    Examples
    --------
    >>> import tempfile
    >>> fig, ax = new_figure()
    >>> path = Path(tempfile.mkdtemp()) / "empty.png"
    >>> show_figure(fig, alt="Nothing yet", filename=path)  # doctest: +ELLIPSIS
    figure written to ...empty.png
    >>> path.stat().st_size > 0
    True
    """
    shell = sys.modules["IPython"].get_ipython() if "IPython" in sys.modules else None
    if shell is None:
        fig.savefig(filename, dpi=120)
        print(f"figure written to {filename}")
        return
    from IPython.display import HTML, display

    html = figure_html(fig, alt=alt).replace("<figure ", '<figure style="width: 100%" ', 1)
    display(HTML(html))
