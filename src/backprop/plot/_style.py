"""The house style of every figure, and the inline SVG the site embeds.

Importing [`backprop.plot`][] changes nothing in the reader's session: no backend is chosen and
matplotlib's global ``rcParams`` stay as they were. The style applies inside [`style`][] (a
``matplotlib.rc_context``); legends, annotations and colour bars read ``rcParams`` when they are
made, so the plotting tools draw everything inside it, and so should code that adds to their
figures in the house style.

Figures are drawn with a placeholder ink colour for text, axes and grid. [`to_svg`][] turns that
placeholder into ``currentColor``, so a figure embedded in a page takes the page's text colour:
dark ink on the light palette, light ink on the dark one. Data colours are mid-tones that read
on both backgrounds.
"""

from __future__ import annotations

import functools
import hashlib
import html
import io
import re
import sys
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import matplotlib
import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap
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

CONTOUR_CMAP = LinearSegmentedColormap.from_list(
    "backprop-contours", ["#3b82f6", "#8b5cf6", "#c2569a", "#d97706"]
)
"""Colour scale for contour lines: blue (low) to amber (high), every colour a mid-tone.

Unlike viridis, whose low end is near-black and vanishes on a dark page, each colour of this
scale keeps at least 3:1 contrast on white and on the dark slate palette (``#1e2129``)."""

WIDE = 6.4
"""Width in inches of a figure drawn for a desktop column.

At 100 dpi and the SVG's 4/3 px per point it is 614 CSS px wide, shown at full size in the
column, so 9-point text stays 12 px tall."""

NARROW = 4.7
"""Width in inches of a figure's phone layout (``narrow=True``).

Shown at 343 CSS px (a 375 px screen less the margins), text is scaled by
``343 / (4.7 * 72 * 4/3) = 0.76``: 9-point text renders at 9.1 px, the smallest the book uses."""

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


@contextmanager
def style():
    """Draw inside the house style.

    Everything made inside the block (figures, legends, annotations, colour bars) takes the
    house style; outside it, matplotlib's settings are the reader's own.

    Examples
    --------
    >>> import matplotlib
    >>> from backprop.plot import new_figure, style
    >>> with style():
    ...     fig, ax = new_figure()
    ...     _ = ax.plot([0, 1], [0, 1], label="a line")
    ...     legend = ax.legend()
    >>> legend.get_frame_on(), matplotlib.rcParams["legend.frameon"]
    (False, True)
    """
    with matplotlib.rc_context(STYLE):
        yield


def new_figure(ncols: int = 1, nrows: int = 1, **kwargs) -> tuple[Figure, object]:
    """Return ``(fig, axes)`` in the house style, like ``plt.subplots``, without pyplot state.

    The figure is not registered with pyplot (no backend is needed, nothing to close). Keyword
    arguments go to ``Figure.subplots`` (``sharex``, ``squeeze``, ...), except ``figsize``.
    Draw legends and annotations inside [`style`][] too, or they take matplotlib's defaults.

    Examples
    --------
    >>> from backprop.plot import new_figure
    >>> fig, (left, right) = new_figure(ncols=2)
    >>> len(fig.axes)
    2
    """
    with style():
        fig = Figure(layout="constrained", figsize=kwargs.pop("figsize", STYLE["figure.figsize"]))
        axes = fig.subplots(nrows=nrows, ncols=ncols, **kwargs)
    return fig, axes


F = TypeVar("F", bound=Callable[..., Any])


def styled(func: F) -> F:
    """Run ``func`` inside [`style`][], so all it draws (legends too) takes the house style.

    Examples
    --------
    >>> from backprop.plot import new_figure, styled
    >>> @styled
    ... def empty_legend():
    ...     fig, ax = new_figure()
    ...     return ax.legend(handles=[])
    >>> empty_legend().get_frame_on()
    False
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with style():
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def axes_or_new(ax: Axes | None, **kwargs: Any) -> tuple[Figure, Axes]:
    """``(ax.figure, ax)`` for a given axes, else a new house-style figure and its one axes.

    Examples
    --------
    >>> from backprop.plot import axes_or_new
    >>> fig, ax = axes_or_new(None)
    >>> axes_or_new(ax) == (fig, ax)
    True
    """
    if ax is None:
        return new_figure(**kwargs)
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    return ax.figure, ax


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
