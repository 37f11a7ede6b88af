"""Plotting tools for a reader's own experiments, in the house style of the book's figures.

Most tools draw on the matplotlib ``Axes`` they are given (``ax=``) or on a new figure, and
return the ``matplotlib.figure.Figure`` (``plot_contours`` returns its contour set, and
``draw_graph`` always makes a figure of its own); the reader decides how to show it
(``fig.savefig``, [`show_figure`][] in a notebook, [`to_svg`][] for SVG text). Importing this
package changes nothing in the session: no backend is chosen and ``rcParams`` are left alone;
the style applies inside [`style`][] only, which every tool uses while it draws.

| tool | draws |
| --- | --- |
| [`plot_tangent`][] | a function and its tangent at a point |
| [`plot_contours`][] | the contour lines of a function of two variables |
| [`plot_descent`][] | a descent run's path on its curve or on its contours |
| [`plot_history`][] | the training and validation loss of a training run |
| [`plot_decision_boundary`][] | the class regions of a two-input classifier, with its data |
| [`layer_statistics`][], [`plot_layer_statistics`][] | activation and gradient spread per layer |
| [`draw_graph`][], [`layered_layout`][] | the computational graph of a `Value` |
"""

from backprop.plot._style import (
    COLORS,
    INK,
    NARROW,
    STYLE,
    WIDE,
    axes_or_new,
    new_figure,
    style,
    styled,
)
from backprop.plot.curves import plot_contours, plot_descent, plot_tangent
from backprop.plot.graphs import GraphLayout, draw_graph, layered_layout
from backprop.plot.layers import layer_statistics, plot_layer_statistics
from backprop.plot.svg import show_figure, to_svg
from backprop.plot.training import plot_decision_boundary, plot_history

__all__ = [
    "COLORS",
    "INK",
    "NARROW",
    "STYLE",
    "WIDE",
    "GraphLayout",
    "axes_or_new",
    "draw_graph",
    "layer_statistics",
    "layered_layout",
    "new_figure",
    "plot_contours",
    "plot_decision_boundary",
    "plot_descent",
    "plot_history",
    "plot_layer_statistics",
    "plot_tangent",
    "show_figure",
    "style",
    "styled",
    "to_svg",
]
