"""The reusable plotting tools: each draws what it says, on a given axes or a new figure."""

import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from backprop.descent import gradient_descent
from backprop.nn import Linear, MSELoss, ReLU, Sequential, Tanh
from backprop.optim import SGD
from backprop.plot import (
    COLORS,
    STYLE,
    layer_statistics,
    new_figure,
    plot_contours,
    plot_decision_boundary,
    plot_descent,
    plot_history,
    plot_layer_statistics,
    plot_tangent,
)
from backprop.plot._style import CONTOUR_CMAP
from backprop.train import fit


def contrast(a, b) -> float:
    from matplotlib.colors import to_rgb

    def lum(c):
        lin = [u / 12.92 if u <= 0.04045 else ((u + 0.055) / 1.055) ** 2.4 for u in to_rgb(c)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_tangent_touches_the_curve_with_the_derivative_as_slope():
    fig = plot_tangent(lambda x: x**3, 1.0, xlim=(0, 2))
    _, tangent, point = fig.axes[0].get_lines()
    xs, ys = tangent.get_data()
    assert np.allclose(np.diff(ys) / np.diff(xs), 3.0, atol=1e-6)
    assert point.get_data()[1][0] == 1.0


def test_tools_draw_on_the_axes_they_are_given():
    fig, (left, right) = new_figure(ncols=2)
    run = gradient_descent(lambda x: (x + 2) ** 2, 0.0, lr=0.1, steps=5)
    assert plot_descent(run, ax=right) is fig
    assert plot_tangent(np.sin, 0.0, ax=left) is fig
    assert left.get_lines() and right.get_lines()


def test_descent_on_a_curve_puts_each_point_on_the_function():
    f = lambda x: (x + 2) ** 2  # noqa: E731
    run = gradient_descent(f, 0.0, lr=0.1, steps=8)
    fig = plot_descent(run, f)
    points = fig.axes[0].get_lines()[2]  # curve, joining line, points
    xs, ys = points.get_data()
    assert np.allclose(ys, [f(x) for x in xs])
    assert len(xs) == run.n_steps + 1


def test_descent_in_two_variables_is_drawn_on_contours_to_scale():
    f = lambda v: v[0] ** 2 + 10 * v[1] ** 2  # noqa: E731
    run = gradient_descent(f, [-4.0, 1.5], lr=0.05, steps=20)
    fig = plot_descent(run, f, levels=[1, 5, 20])
    ax = fig.axes[0]
    assert ax.get_aspect() == 1.0
    assert ax.collections  # the contour set


def test_descent_refuses_something_that_is_not_a_trajectory():
    with pytest.raises(TypeError, match="run must be a Trajectory, got list"):
        plot_descent([0.0, 1.0])


def test_contour_colours_read_on_white_and_on_the_dark_palette():
    for t in np.linspace(0, 1, 101):  # the scale's every step (the amber end is the lowest)
        colour = CONTOUR_CMAP(t)[:3]
        assert contrast(colour, "#ffffff") >= 3.0
        assert contrast(colour, "#1e2129") >= 3.0


def test_data_colours_contrast_as_their_docstring_says():
    """COLORS: all at least 4:1 on the dark slate; on white only some keep WCAG's 3:1."""
    on_white = {name: contrast(c, "#ffffff") for name, c in COLORS.items()}
    assert min(contrast(c, "#1e2129") for c in COLORS.values()) >= 4.0
    assert {n for n, r in on_white.items() if r >= 3.0} == {"blue", "red", "purple", "grey"}
    assert min(on_white, key=on_white.get) == "yellow"
    assert f"{on_white['yellow']:.1f}" == "2.4"


def test_style_is_what_its_docstring_says():
    cycle = [c.lower() for c in STYLE["axes.prop_cycle"].by_key()["color"]]
    assert cycle == [c for name, c in COLORS.items() if name != "grey"]
    assert STYLE["savefig.transparent"] and STYLE["figure.facecolor"] == "none"
    assert STYLE["font.size"] == 10 and STYLE["svg.fonttype"] == "none"
    assert not STYLE["axes.spines.top"] and not STYLE["axes.spines.right"]


def test_contour_labels_use_the_page_ink():
    cs = plot_contours(lambda v: v[0] ** 2 + v[1] ** 2, (-2, 2), (-2, 2), levels=[1, 2])
    labels = cs.labelTexts
    assert labels and all(to_hex(t.get_color()) == STYLE["text.color"] for t in labels)


def history_of(val: bool):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((40, 2))
    Y = X @ np.array([[1.0], [-2.0]])
    model = Linear(2, 1, rng=rng)
    kwargs = {"X_val": X[:10], "Y_val": Y[:10]} if val else {}
    return fit(model, MSELoss(), X, Y, SGD(model.parameters(), lr=0.05), epochs=6, **kwargs)


def test_history_draws_training_and_validation_loss_per_epoch():
    history = history_of(val=True)
    fig = plot_history(history, label="run A")
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert texts == ["run A: training loss", "run A: validation loss"]
    xs, ys = ax.get_lines()[0].get_data()
    assert list(xs) == list(history.epochs) and np.allclose(ys, history.loss)
    assert ax.get_yscale() == "log"


def _tick_texts(ax):
    ax.figure.canvas.draw()  # the labels are made when the figure is drawn
    ticks = ax.get_yticklabels() + ax.get_yticklabels(minor=True)
    return [t.get_text() for t in ticks if t.get_text()]


def test_log_axes_are_labelled_in_plain_numbers_not_superscripts():
    """A phone shows the superscript of 10^-1 at about 7 px: the log axes say 0.1 instead."""
    from backprop.plot._style import _plain_number

    assert [_plain_number(v) for v in (2e-5, 1e-3, 0.02, 0.1, 1.0, 30.0, 2000.0, 1e5)] == [
        "2e\u22125", "0.001", "0.02", "0.1", "1", "30", "2000", "1e5"
    ]  # fmt: skip
    texts = _tick_texts(plot_history(history_of(val=True)).axes[0])
    model = Sequential(Linear(4, 4, rng=0), Tanh(), Linear(4, 4, rng=1), Tanh())
    stats = layer_statistics(model, np.random.default_rng(0).standard_normal((32, 4)))
    texts += _tick_texts(plot_layer_statistics(stats).axes[0])
    assert texts and not [t for t in texts if "$" in t or "10^" in t or "times" in t], texts
    for t in texts:
        float(t.replace("\u2212", "-"))  # every label is a number as written


def test_descent_passes_its_contour_labels_on():
    run = gradient_descent(lambda v: v[0] ** 2 + 4 * v[1] ** 2, [-1.8, 0.9], lr=0.1, steps=5)
    bowl = lambda v: v[0] ** 2 + 4 * v[1] ** 2  # noqa: E731
    texts = {
        labels if isinstance(labels, bool) else "manual": [
            t.get_text() for t in plot_descent(run, bowl, levels=[1, 4], labels=labels)
            .axes[0].texts
        ]
        for labels in (True, False, [(0.0, -0.5)])
    }  # fmt: skip
    assert sorted(texts[True]) == ["1", "4"] and texts[False] == []
    assert texts["manual"] == ["1"]  # one label, of the line nearest the point


def test_history_refuses_a_list_of_losses():
    with pytest.raises(TypeError, match="history must be a History"):
        plot_history([1.0, 0.5])


def test_decision_boundary_shades_the_class_the_model_predicts():
    X = np.array([[-1.0, 0.0], [1.0, 0.0]])
    model = Linear(2, 2, rng=np.random.default_rng(0))
    model.W[...] = [[-1.0, 1.0], [0.0, 0.0]]  # class 1 where x > 0
    model.b[...] = 0.0
    fig = plot_decision_boundary(model, X, np.array([0, 1]), resolution=21)
    ax = fig.axes[0]
    filled = ax.collections[0]
    assert isinstance(fig, Figure) and filled is not None
    (blue, orange) = ax.get_lines()
    assert blue.get_data()[0][0] == -1.0 and orange.get_data()[0][0] == 1.0


def test_decision_boundary_needs_two_inputs():
    with pytest.raises(ValueError, match=r"X must have shape \(n, 2\), got \(3, 3\)"):
        plot_decision_boundary(Linear(3, 2), np.zeros((3, 3)), np.zeros(3, dtype=int))


def test_layer_statistics_match_a_hand_computed_pass():
    rng = np.random.default_rng(1)
    first, second = Linear(3, 3, rng=rng), Linear(3, 3, rng=rng)
    model = Sequential(first, Tanh(), second, ReLU())
    X, dY = rng.standard_normal((16, 3)), rng.standard_normal((16, 3))
    stats = layer_statistics(model, X, dY)
    Z1 = X @ first.W + first.b
    A1 = np.tanh(Z1)
    Z2 = A1 @ second.W + second.b
    dZ2 = dY * (Z2 > 0)
    dZ1 = (dZ2 @ second.W.T) * (1 - A1**2)
    assert np.allclose(stats["activation"], [A1.std(), np.maximum(Z2, 0).std()])
    assert np.allclose(stats["gradient"], [dZ1.std(), dZ2.std()])


def test_layer_statistics_plot_keeps_a_dead_layer_on_the_log_axes():
    fig = plot_layer_statistics({"activation": np.array([1.0, 0.0])}, label="dead")
    ys = fig.axes[0].get_lines()[0].get_data()[1]
    assert ys[1] == 1e-30


def test_layer_statistics_names_an_unknown_statistic():
    with pytest.raises(ValueError, match="which must be 'activation' or 'gradient', got 'mean'"):
        plot_layer_statistics({"activation": np.ones(2)}, "mean")
