"""The house style of every figure: colours, sizes, and the context that applies them.

Importing [`backprop.plot`][] changes nothing in the reader's session: no backend is chosen and
matplotlib's global ``rcParams`` stay as they were. The style applies inside [`style`][] (a
``matplotlib.rc_context``); legends, annotations and colour bars read ``rcParams`` when they are
made, so the plotting tools draw everything inside it, and so should code that adds to their
figures in the house style.

Figures are drawn with a placeholder ink colour ([`INK`][]) for text, axes and grid, which
[`to_svg`][] turns into the page's text colour: dark ink on the light palette, light ink on the
dark one. Data colours ([`COLORS`][]) are mid-tones for lines and marks on both backgrounds.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any, TypeVar

import matplotlib
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.ticker import LogFormatter

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
"""Named data colours, mid-tones chosen to read on both of the site's palettes.

On the dark slate background (``#1e2129``) every one keeps at least 4:1 contrast. On white,
blue, red, purple and grey keep WCAG's 3:1 for graphics, but orange, green and yellow fall
below it (yellow lowest, near 2.4:1): draw those as lines and filled marks rather than fine
detail, and never as text (the book shows text drawn in a data colour in a darker shade on the
light palette and a lighter one on the dark)."""

CYCLE = [COLORS[c] for c in ("blue", "orange", "green", "red", "purple", "yellow")]

CONTOUR_CMAP = LinearSegmentedColormap.from_list(
    "backprop-contours", ["#3b82f6", "#8b5cf6", "#c2569a", "#d97706"]
)
"""Colour scale for contour lines: blue (low) to amber (high), every colour a mid-tone.

Unlike viridis, whose low end is near-black and vanishes on a dark page, each colour of this
scale keeps at least 3:1 contrast on white and on the dark slate palette (``#1e2129``)."""

WIDE = 6.4
"""Width in inches of a figure drawn for a desktop column.

An SVG is sized in points (72 per inch, whatever the dpi) and a browser shows 4/3 CSS px per
point, so it is ``6.4 * 72 * 4/3 = 614`` CSS px wide, shown at full size in the column, and
9-point text stays 12 px tall."""

NARROW = 4.7
"""Width in inches of a figure's phone layout (the book draws each figure again at this width).

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
"""The matplotlib ``rcParams`` that [`style`][] applies.

A transparent background; [`INK`][] for text, axes, ticks and a faint grid; the data colours
of [`COLORS`][], all but grey, as the colour cycle; no top or right spine; 10-point sans-serif text,
kept as text in an SVG (``svg.fonttype: none``) and with a fixed hash salt, so the same figure
gives the same SVG on every run."""


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


def plain_log_labels(axis: Any) -> None:
    """Label a log ``axis`` (``ax.yaxis``) in plain numbers: ``0.01``, ``0.1``; ``2e−5``.

    The ticks labelled are those matplotlib labels; only the text changes, from powers of ten
    whose superscripts a phone shrinks below 8 px to numbers at the labels' full size.
    """
    axis.set_major_formatter(_PlainLogFormatter())
    axis.set_minor_formatter(_PlainLogFormatter(labelOnlyBase=False))


class _PlainLogFormatter(LogFormatter):
    """Labels the ticks matplotlib's log formatter labels, as ``0.01`` or ``2e−5``."""

    def __call__(self, x: float, pos: int | None = None) -> str:
        return _plain_number(x) if super().__call__(x, pos) else ""


def _plain_number(x: float) -> str:
    """``0.002``, ``0.1``, ``30``, ``2000`` as they are; ``2e−5`` and ``1e5`` outside."""
    if 1e-3 <= x < 1e4:
        return f"{x:g}"
    mantissa, exponent = f"{x:.0e}".split("e")
    return f"{mantissa}e{int(exponent)}".replace("-", "\u2212")
