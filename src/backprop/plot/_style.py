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

from contextlib import contextmanager

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
