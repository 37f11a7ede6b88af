"""A figure as SVG text, and shown where the code runs.

Figures are drawn with a placeholder ink colour (``INK``) for text, axes and grid. [`to_svg`][]
writes a figure as SVG with that ink turned into a colour of your choice (``currentColor`` by
default, the text colour around an inline SVG); data colours are mid-tones that read on light
and dark backgrounds alike.

[`show_figure`][] shows a figure where the code runs: in Jupyter as inline SVG in the page's
own text colour, anywhere else (a script, terminal IPython) in a PNG file on white.
"""

from __future__ import annotations

import hashlib
import html
import io
import itertools
import re
import sys
from pathlib import Path

from matplotlib.figure import Figure

from backprop.plot._style import INK, style

# Geometry attributes whose numbers matplotlib writes with six decimals of a point.
_GEOMETRY = re.compile(r'(\s(?:d|x|y|x1|x2|y1|y2|cx|cy|r|width|height|transform|points)=")([^"]*)"')
_LONG_DECIMAL = re.compile(r"(\d\.\d\d)\d+")
_FONT_FAMILY = re.compile(r"font-family: '([^']+)'(?:, '[^']+')*, sans-serif")
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
    of the element around it; an image file needs a colour.
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


def _in_a_kernel() -> bool:
    """Whether the code runs in a notebook kernel, whose front end renders HTML output.

    Terminal IPython has a shell too, but it prints an HTML object as its repr: it gets the PNG.
    """
    shell = sys.modules["IPython"].get_ipython() if "IPython" in sys.modules else None
    return getattr(shell, "kernel", None) is not None


def show_figure(fig: Figure, alt: str, filename: str | Path) -> None:
    """Show ``fig`` where the code runs: inline SVG in Jupyter, a PNG file anywhere else.

    In a notebook kernel (Jupyter, Colab, the labs as the site renders them) the figure is
    inline SVG drawn in ``currentColor``, so it takes the light or dark text colour of the page
    around it. Anywhere else (a plain script, terminal IPython) the figure is written to
    ``filename`` as a PNG on an opaque white background, readable in a dark image viewer too,
    and its name printed.

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

    if not _in_a_kernel():
        fig.savefig(filename, dpi=120, facecolor="white", transparent=False)
        plt.close(fig)
        print(f"figure written to {filename}")
        return
    from IPython.display import HTML, display

    svg = to_svg(fig, alt, salt=str(next(_SHOWN)))
    plt.close(fig)
    svg = svg.replace("<svg ", '<svg style="max-width: 100%; height: auto" ', 1)
    display(HTML(f'<figure style="width: 100%" class="bp-figure">{svg}</figure>'))
