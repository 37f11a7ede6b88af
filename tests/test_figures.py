"""The book's own figures (docs_src/figures/): each builds in its desktop and its phone layout,
at the width it promises, with no text smaller than 9 points, and its examples run.

A figure drawn ``WIDE`` inches wide is shown at most at its own size on a desktop column, so 9-pt
text is 12 CSS px; drawn ``NARROW`` inches wide and shown at 343 px on a 375 px phone, 9-pt text
is 9.1 px (see [`backprop.plot.NARROW`][]).
"""

import doctest
import importlib
import inspect

import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.text import Text

from backprop.plot import COLORS, INK, NARROW, WIDE, style, to_svg

MODULES = ["derivatives", "descent", "one_weight", "graphs", "network", "modes", "gradcheck",
           "training", "beyond"]  # fmt: skip

# Smaller runs of the slow experiments: the layout is the same, the test takes seconds.
FAST = {
    "shortcut_figure": {"epochs": 30},
    "early_stopping_curves": {"epochs": 30, "patience": 5},
    "teacher_student_curves": {"epochs": 3},
    "optimizer_curves": {"epochs": 3},
    "moons_boundaries": {"snapshots": (0, 1, 2, 3)},
    "init_figure": {"depth": 4, "width": 20},
    # figures of data the page measures: a small stand-in of the same form
    "gradient_cost_figure": {
        "rows": [
            {"P": p, "numeric": p * 1e-5, "forward": 1e-5, "backward": 2e-5} for p in (31, 310)
        ],
        "big": {"P": 10**6, "forward": 1e-2, "backward": 2e-2},
    },
    "delta_nudge_figure": {
        "loss": lambda Z: float((Z**2).sum()),
        "Z": [[1.0, -0.5]],
        "slopes": [2.0, -1.0],
    },
}


def figure_functions():
    for name in MODULES:
        module = importlib.import_module(f"figures.{name}")
        for fname, func in inspect.getmembers(module, inspect.isfunction):
            if (
                func.__module__ == module.__name__
                and "narrow" in inspect.signature(func).parameters
            ):
                yield pytest.param(func, id=f"{name}.{fname}")


def texts(fig: Figure) -> list[Text]:
    with style():
        fig.draw_without_rendering()  # makes the tick labels
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


@pytest.mark.parametrize("module", MODULES)
def test_examples_in_the_figure_modules_run(module):
    result = doctest.testmod(
        importlib.import_module(f"figures.{module}"),
        optionflags=doctest.NORMALIZE_WHITESPACE,
    )
    assert result.failed == 0


@pytest.mark.slow
@pytest.mark.parametrize("func", list(figure_functions()))
@pytest.mark.parametrize("narrow", [False, True], ids=["desktop", "phone"])
def test_figure_fits_its_screen_with_readable_text(func, narrow):
    fig = func(narrow=narrow, **FAST.get(func.__name__, {}))
    assert isinstance(fig, Figure)
    width = fig.get_figwidth()
    assert width <= (NARROW if narrow else WIDE) + 1e-9, f"{width} in wide"
    small = sorted({(t.get_fontsize(), t.get_text()[:20]) for t in texts(fig)})
    assert small[0][0] >= 9, f"text under 9 pt: {[s for s in small if s[0] < 9]}"
    svg = to_svg(fig, alt=func.__name__)
    assert "currentColor" in svg


@pytest.mark.parametrize("func", list(figure_functions()))
def test_phone_layout_keeps_every_panel(func):
    kwargs = FAST.get(func.__name__, {})
    wide, narrow = func(**kwargs), func(narrow=True, **kwargs)
    assert len(narrow.axes) == len(wide.axes)
    assert narrow.get_figwidth() < wide.get_figwidth() or wide.get_figwidth() <= NARROW


def test_multi_panel_figures_stack_their_panels_on_a_phone():
    from figures.descent import blindfolded_walk
    from figures.one_weight import mse_fit

    for make in (blindfolded_walk, mse_fit):
        fig = make(narrow=True)
        (top, bottom) = fig.axes
        assert top.get_position().y0 > bottom.get_position().y1  # one above the other


def _cost_figure():
    from figures.network import gradient_cost_figure

    rows = [{"P": p, "numeric": p * 1e-5, "forward": 1e-5, "backward": 2e-5} for p in (31, 310)]
    return gradient_cost_figure(rows)


UNSIZED = [
    pytest.param(_cost_figure, id="network.gradient_cost_figure"),
]


def _default_layout(param):
    func = param.values[0]
    return pytest.param(lambda: func(**FAST.get(func.__name__, {})), id=param.id)


@pytest.mark.parametrize("make", UNSIZED + [_default_layout(p) for p in figure_functions()])
def test_figure_text_is_in_the_ink_or_a_data_colour(make):
    """Text drawn outside the house style is black: unreadable on the dark palette, where
    ``to_svg`` turns only the ink (``INK``) into the page's light text colour."""
    allowed = {INK, *COLORS.values()}
    stray = {(to_hex(t.get_color()), t.get_text()[:20]) for t in texts(make())}
    stray = sorted(s for s in stray if s[0] not in allowed)
    assert not stray, f"text in neither the ink nor a data colour: {stray}"


def test_gate_figure_multiplies_upstream_by_local_gradients():
    from figures.graphs import gate_figure

    fig = gate_figure(2.0, -3.0, upstream=-4.0)
    found = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert "dL/dx = 12" in found and "dL/dy = \u22128" in found and "q = \u22126" in found
    assert "= (\u22124) · (\u22123)" in found  # upstream times local, negatives in brackets


def test_init_study_shows_xavier_level_and_tiny_weights_vanishing():
    from figures.beyond import init_study

    from backprop.nn import Tanh

    xavier = init_study(Tanh, "xavier")["activation"]
    tiny = init_study(Tanh, "normal", scale=0.01)["activation"]
    assert xavier[-1] / xavier[0] > 0.3  # roughly level over ten layers
    assert tiny[-1] / tiny[0] < 1e-6  # shrinks by orders of magnitude


def test_bug_fingerprints_spoil_only_the_arrays_before_the_bug():
    import numpy as np
    from figures.gradcheck import _bug_model

    from backprop.gradcheck import DEFAULT_TOL, check_model
    from backprop.nn import MSELoss

    rng = np.random.default_rng(1)
    X, Y = rng.standard_normal((6, 3)), rng.standard_normal((6, 2))
    tol = DEFAULT_TOL[np.dtype(np.float64)]
    clean = check_model(_bug_model("none"), MSELoss(), X, Y)
    assert max(clean.per_parameter.values()) < tol
    bias = check_model(_bug_model("bias sign"), MSELoss(), X, Y).per_parameter
    assert bias["4.b"] > 0.1 and bias["4.W"] < tol


def test_bug_fingerprints_series_differ_in_greyscale_too():
    """Each series of bars has a hatching of its own, in the ink (a greyscale print made the
    four colours four identical greys); the legend shows it."""
    from figures.gradcheck import BUGS, bug_fingerprints

    ax = bug_fingerprints().axes[0]
    bars = list(ax.containers)
    hatches = [{p.get_hatch() or "" for p in c.patches} for c in bars]
    assert len(bars) == len(BUGS) and all(len(h) == 1 for h in hatches)
    assert len({h.pop() for h in hatches}) == len(BUGS)
    shown = [h.get_hatch() or "" for h in ax.get_legend().legend_handles]
    assert len(set(shown)) == len(BUGS)
    assert {to_hex(p.get_edgecolor()) for c in bars for p in c.patches} == {INK}
