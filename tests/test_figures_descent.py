"""Tests for the book's figures of the Gradient descent and One weight pages
(docs_src/figures/) and for the numbers those pages state in words.

The pages print their numbers from code at build time; these tests pin the ones the prose
relies on (thresholds, step counts, where a run ends), so a change in the engine that would make
the text wrong fails here.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from figures import descent as gd_plots
from figures import one_weight as ow_plots
from figures.descent import hill, parabola, parabola_grad, two_starts_quartic
from figures.one_weight import steps_to_read, weights
from matplotlib.figure import Figure

from backprop.data import line, one_weight_example
from backprop.descent import DivergenceError, gradient_ascent, gradient_descent
from backprop.plot import to_svg

SEED_TABLE = [0.8, 0.59, 0.4745, 0.410975, 0.37603625, 0.3568199375]


def legend_texts(ax) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


def all_texts(fig: Figure) -> str:
    return " ".join(t.get_text() for ax in fig.axes for t in ax.texts)


# ------------------------------------------------------------------------- figure elements


@pytest.mark.parametrize(
    ("module", "name"),
    [
        (gd_plots, "descent_on_parabola"),
        (gd_plots, "learning_rates"),
        (gd_plots, "blindfolded_walk"),
        (gd_plots, "local_minima"),
        (gd_plots, "zigzag_bowl"),
        (gd_plots, "distance_per_step"),
        (ow_plots, "weights_as_lines"),
        (ow_plots, "loss_parabola"),
        (ow_plots, "error_shrinks"),
        (ow_plots, "mse_fit"),
    ],
)
def test_every_figure_is_a_small_transparent_svg(module, name):
    fig = getattr(module, name)()
    assert isinstance(fig, Figure)
    assert fig.get_facecolor()[3] == 0.0
    svg = to_svg(fig, alt=name)
    assert "currentColor" in svg
    assert len(svg) < 150_000


def test_descent_on_parabola_shows_both_starts_with_their_slopes():
    fig = gd_plots.descent_on_parabola()
    assert legend_texts(fig.axes[0])[1:] == ["from $x = 0$ (slope 4)", "from $x = -4$ (slope -4)"]
    assert "step left" in all_texts(fig) and "step right" in all_texts(fig)


def test_learning_rates_has_one_panel_per_rate_and_the_factor_panel():
    fig = gd_plots.learning_rates()
    assert len(fig.axes) == len(gd_plots.LEARNING_RATES) + 1
    titles = [ax.get_title() for ax in fig.axes]
    for (lr, verdict), title in zip(gd_plots.LEARNING_RATES, titles, strict=False):
        assert title == f"lr = {lr:g}: {verdict}"
    assert "1 − 2·lr" in titles[-1]


def test_learning_rates_shades_only_the_rates_that_converge():
    factor_panel = gd_plots.learning_rates().axes[-1]
    (band,) = factor_panel.patches
    x0, x1 = band.get_bbox().x0, band.get_bbox().x1  # in lr, the x axis's data
    assert (x0, x1) == (0, 1)  # 0 < lr < 1, not the whole lr axis


def test_learning_rates_panels_report_where_each_run_is_after_ten_steps():
    fig = gd_plots.learning_rates()
    texts = [" ".join(t.get_text() for t in ax.texts) for ax in fig.axes[:5]]
    assert "$x$ = -2" in texts[1]  # lr = 0.3 has arrived
    assert "$x$ = 0" in texts[3]  # lr = 1 is back where it started after an even count


def test_blindfolded_walk_has_an_ascent_and_a_descent_panel():
    fig = gd_plots.blindfolded_walk(lr=0.1)
    assert [ax.get_title() for ax in fig.axes] == [
        "gradient ascent: step up the slope",
        "gradient descent: step down the slope",
    ]
    up_texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert "-1.83" in up_texts and "1.23" in up_texts


def test_local_minima_legend_names_two_different_answers():
    fig = gd_plots.local_minima()
    assert legend_texts(fig.axes[0])[1:] == [
        "start 0 → ends at -1.301",
        "start 0.5 → ends at 1.131",
    ]


def test_local_minima_strip_shows_the_outer_starts_jumping_the_hump():
    fig = gd_plots.local_minima(scan_rates=(0.05, 0.02))
    strip = fig.axes[1]
    assert [t.get_text() for t in strip.get_yticklabels()] == ["lr = 0.05", "lr = 0.02"]
    blue, orange = gd_plots.COLORS["blue"], gd_plots.COLORS["orange"]
    rows = {}
    for marks in strip.lines:
        xs, ys = marks.get_data()
        if len(xs) and marks.get_marker() == "s":
            for x, y in zip(xs, ys, strict=True):
                rows.setdefault(y, {})[round(float(x), 1)] = marks.get_color()
    assert sorted(len(row) for row in rows.values()) == [65, 65]
    fast, slow = rows[0], rows[-1]
    assert fast[-3.0] == orange and fast[-2.6] == blue and fast[2.5] == blue
    assert all((x < 0.17) == (color == blue) for x, color in slow.items())
    assert gd_plots.ends_deep(2.5) and not gd_plots.ends_deep(-3.0)
    assert gd_plots.ends_deep(-3.0, lr=0.02) and not gd_plots.ends_deep(2.5, lr=0.02)


def test_distance_per_step_draws_straight_lines_on_a_log_scale():
    fig = gd_plots.distance_per_step()
    ax = fig.axes[0]
    assert ax.get_yscale() == "log"
    dots = [run for run in ax.lines if run.get_marker() == "o"]
    for run, lr in zip(dots, (0.05, 0.3, 0.8, 1.05), strict=True):
        k, d = run.get_data()
        slope = np.polyfit(k, np.log(d), 1)[0]
        assert slope == pytest.approx(math.log(abs(1 - 2 * lr)), abs=1e-6)


def test_zigzag_bowl_is_drawn_to_scale_with_both_rates():
    fig = gd_plots.zigzag_bowl()
    ax = fig.axes[0]
    assert ax.get_aspect() == 1.0
    assert legend_texts(ax) == ["lr = 0.02", "lr = 0.09"]


def test_zigzag_bowl_labels_stay_off_the_paths_and_read_on_a_phone():
    ax = gd_plots.zigzag_bowl(narrow=True).axes[0]
    labels = [t for t in ax.texts if t.get_text()]
    assert "0.5" not in [t.get_text() for t in labels]  # the one under the paths' end
    assert all(t.get_position()[0] > 0.5 for t in labels)  # the paths keep to x < 0
    assert all(t.get_fontsize() >= 11 for t in labels)


def test_weights_as_lines_answers_the_question_for_each_weight():
    fig = ow_plots.weights_as_lines()
    assert legend_texts(fig.axes[0]) == ["the table", "$w = 0.5$", "$w = 1$", "$w = 2$"]
    answers = [t.get_text() for t in fig.axes[0].texts]
    assert {"3", "6", "12"} <= set(answers)


def test_loss_parabola_labels_the_seed_steps_slope_and_first_step():
    fig = ow_plots.loss_parabola()
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "$w_0$ = 0.8" in texts and "$w_1$ = 0.59" in texts and "$w_2$ = 0.4745" in texts
    assert "step 1: lr × slope = 0.1 × 2.1 = 0.21" in texts
    assert legend_texts(fig.axes[0])[1] == "tangent at $w_0$, slope 2.10"
    # one arrow per step, from w_k to w_k+1 along the w axis
    arrows = [t for t in fig.axes[0].texts if t.get_text() == ""]
    ws = weights(0.8, 0.1, steps=len(arrows))
    assert [(a.xyann[0], a.xy[0]) for a in arrows] == [
        (ws[k], ws[k + 1]) for k in range(len(arrows))
    ]


def test_error_shrinks_marks_one_digit_every_3_85_steps():
    fig = ow_plots.error_shrinks()
    assert fig.axes[0].get_yscale() == "log"
    assert legend_texts(fig.axes[0])[0] == "prediction $(w_0 - w^*)\\,0.55^k$"
    assert [t.get_text() for t in fig.axes[0].texts] == ["3.85 steps", "÷ 10"]
    assert math.log(10) / math.log(1 / 0.55) == pytest.approx(3.85, abs=0.005)


def test_mse_fit_learns_about_two():
    fig = ow_plots.mse_fit()
    label = next(t for t in legend_texts(fig.axes[0]) if t.startswith("learned $w$ = "))
    assert abs(float(label.split("= ")[-1]) - 2) < 0.05


# ------------------------------------------------------------ numbers chapter 2 relies on


def test_parabola_slopes_at_the_two_seed_starts():
    assert parabola_grad(0.0) == 4.0 and parabola_grad(-4.0) == -4.0
    assert gradient_descent(parabola, 0.0, lr=0.1, steps=0).grads[0] == pytest.approx(4.0)
    assert gradient_descent(parabola, -4.0, lr=0.1, steps=0).grads[0] == pytest.approx(-4.0)


@pytest.mark.parametrize("lr", [0.05, 0.3, 0.45, 0.55, 0.8, 0.95, 1.0, 1.05])
def test_distance_to_minimum_shrinks_by_one_minus_two_lr(lr):
    run = gradient_descent(parabola, 0.0, lr=lr, grad=parabola_grad, steps=8, tol=0)
    dist = run.xs + 2
    np.testing.assert_allclose(dist[1:], (1 - 2 * lr) * dist[:-1], rtol=1e-12, atol=1e-12)


def test_learning_rate_regimes_match_the_table():
    def run(lr, steps=500):
        return gradient_descent(
            parabola, 0.0, lr=lr, grad=parabola_grad, steps=steps, on_divergence="flag"
        )

    creeping = run(0.3)
    assert creeping.converged and np.all(np.diff(creeping.xs) < 0)  # never crosses -2
    one_step = run(0.5)
    assert one_step.n_steps == 1 and one_step.x == -2.0
    zigzag = run(0.8)
    assert zigzag.converged and np.any(zigzag.xs[1:] < -2) and np.any(zigzag.xs[1:] > -2)
    bounce = run(1.0)
    assert not bounce.converged and not bounce.diverged and bounce.n_steps == 500
    assert set(bounce.xs.tolist()) == {0.0, -4.0}
    assert run(1.1).diverged


def test_small_rate_needs_about_eight_times_the_steps_to_the_same_distance():
    def steps_within(lr, distance=1e-6):
        run = gradient_descent(parabola, 0.0, lr=lr, grad=parabola_grad, steps=500, tol=0)
        return next(k for k, x in enumerate(run.xs) if abs(x + 2) < distance)

    assert (steps_within(0.05), steps_within(0.3)) == (138, 16)
    # the default stop (a step under tol) leaves the slow run further from -2
    slow = gradient_descent(parabola, 0.0, lr=0.05, grad=parabola_grad)
    fast = gradient_descent(parabola, 0.0, lr=0.3, grad=parabola_grad)
    assert abs(slow.x + 2) > abs(fast.x + 2)


def test_divergence_message_and_step_for_lr_1_1():
    with pytest.raises(DivergenceError) as info:
        gradient_descent(parabola, 0.0, lr=1.1)
    err = info.value
    assert err.step == 148 and err.lr == 1.1
    assert str(err).startswith("gradient descent diverged at step 148 with lr=1.1")
    assert "try a smaller lr" in str(err)
    # "about 150 steps": 2 * 1.2**k passes 1e12
    assert math.ceil(math.log(1e12 / 2) / math.log(1.2)) == 148


def test_blindfolded_walker_stops_on_the_lower_top_or_the_summit():
    low = gradient_ascent(hill, -3.2, lr=0.1)
    high = gradient_ascent(hill, 0.3, lr=0.1)
    assert low.x == pytest.approx(-1.83, abs=0.01) and low.f == pytest.approx(2.40, abs=0.01)
    assert high.x == pytest.approx(1.23, abs=0.01) and high.f == pytest.approx(3.49, abs=0.01)
    assert gradient_descent(hill, 0.3, lr=0.1).x == pytest.approx(-0.52, abs=0.01)
    assert gradient_descent(hill, -3.2, lr=0.1).x == pytest.approx(-3.29, abs=0.01)
    # short strokes: no step of the climb from 0.3 is longer than 0.3
    assert np.abs(np.diff(high.xs)).max() < 0.3


def test_quartic_starts_decide_the_minimum():
    df = lambda x: 4 * x**3 - 6 * x + 1  # noqa: E731
    left = gradient_descent(two_starts_quartic, 0.0, lr=0.05, grad=df)
    right = gradient_descent(two_starts_quartic, 0.5, lr=0.05, grad=df)
    assert left.x == pytest.approx(-1.3008, abs=1e-4) and left.f == pytest.approx(-3.5139, abs=1e-4)
    assert right.x == pytest.approx(1.1309, abs=1e-4)
    assert right.f == pytest.approx(-1.0702, abs=1e-4)
    hump = [r.real for r in np.roots([4, 0, -6, 1]) if 0 < r.real < 1]
    assert hump == [pytest.approx(0.16993844, abs=1e-8)]


def test_bowl_threshold_is_lr_0_1_in_the_steep_direction():
    def bowl(v):
        return v[0] ** 2 + 10 * v[1] ** 2

    def grad(v):
        return np.array([2 * v[0], 20 * v[1]])

    edge = gradient_descent(bowl, [-4.0, 1.5], lr=0.1, grad=grad, steps=30)
    assert np.allclose(np.abs(edge.xs[:, 1]), 1.5)  # y bounces forever
    zig = gradient_descent(bowl, [-4.0, 1.5], lr=0.09, grad=grad, steps=30)
    assert np.all(np.sign(zig.xs[1:9, 1]) == -np.sign(zig.xs[:8, 1]))
    smooth = gradient_descent(bowl, [-4.0, 1.5], lr=0.02, grad=grad, steps=30)
    assert np.all(smooth.xs[:, 1] > 0) and smooth.x[0] < -1  # still far from the bottom
    with pytest.raises(DivergenceError):
        gradient_descent(bowl, [-4.0, 1.5], lr=0.11, grad=grad)


# ------------------------------------------------------------ numbers chapter 3 relies on


def test_worked_example_slope_is_4_5_w_minus_1_5():
    ex = one_weight_example()
    for w in (-1.0, 0.0, 0.8, 1 / 3, 2.5):
        assert ex.grad(w) == pytest.approx(4.5 * w - 1.5, abs=1e-12)
    assert ex.grad(0.8) == pytest.approx(2.1)
    assert ex.loss(0.8) == pytest.approx(0.49)


def test_first_five_steps_match_the_seed_table():
    ws = weights(0.8, 0.1, steps=6)
    np.testing.assert_allclose(ws[:6], SEED_TABLE, rtol=0, atol=1e-12)
    assert round(float(ws[6]), 12) == 0.346250965625  # the real step 6, not 0.333333


def test_weight_reads_one_third_after_25_steps_as_predicted():
    ex = one_weight_example()
    factor = 1 - ex.lr * 2 * ex.x**2
    assert factor == pytest.approx(0.55)
    bound = math.log((0.3333335 - ex.w_star) / (ex.w0 - ex.w_star)) / math.log(factor)
    assert math.ceil(bound) == steps_to_read(ex.w0, ex.lr) == 25
    ws = weights(ex.w0, ex.lr, steps=25)
    assert round(float(ws[24]), 6) != 0.333333 and round(float(ws[25]), 6) == 0.333333


def test_error_shrinks_by_the_factor_every_step():
    ex = one_weight_example()
    err = weights(ex.w0, ex.lr, steps=30) - ex.w_star
    np.testing.assert_allclose(err[1:] / err[:-1], 0.55, rtol=1e-6)
    assert np.all(err > 0)  # approaches from above, never crosses


def test_safe_learning_rate_for_the_example_is_below_one_over_x_squared():
    assert steps_to_read(0.8, 0.44) > 0
    assert steps_to_read(0.8, 0.45, max_steps=10_000) is None
    assert np.isnan(weights(0.8, 0.45, steps=30_000)[-1])  # it overflows


def test_weights_are_gradient_descent_on_the_worked_example():
    ex = one_weight_example()
    run = gradient_descent(ex.loss, ex.w0, ex.lr, steps=30, grad=ex.grad, tol=0)
    np.testing.assert_array_equal(weights(ex.w0, ex.lr, steps=30), run.xs)
    assert steps_to_read(1 / 3, 0.1) == 0


def test_noisy_line_fit_matches_the_closed_form():
    X, Y = line(30, slope=2.0, noise=0.3, rng=0)
    assert X.shape == (30, 1) and Y.shape == (30, 1)
    run = gradient_descent(
        lambda w: float(np.mean((X * w - Y) ** 2)),
        0.0,
        lr=0.5,
        grad=lambda w: float(np.mean(2 * X * (X * w - Y))),
    )
    best = float((X * Y).sum() / (X * X).sum())
    assert run.converged and run.x == pytest.approx(best, abs=1e-8)
    assert run.x == pytest.approx(2.01, abs=0.005)
    assert run.f < float(
        np.mean((X * 2.0 - Y) ** 2)
    )  # the fit beats the true slope on these samples
