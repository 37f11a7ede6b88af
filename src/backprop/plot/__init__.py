"""Every figure the site shows, one module per chapter.

Each figure function returns a matplotlib ``matplotlib.figure.Figure``; the page decides
how to show it (the site embeds it with [`figure_html`][], a lab shows it with
[`show_figure`][], a reader can call ``fig.savefig``).
"""

from backprop.plot._style import COLORS, new_figure, style
from backprop.plot.svg import figure_html, show_figure, to_svg

__all__ = ["COLORS", "figure_html", "new_figure", "show_figure", "style", "to_svg"]
