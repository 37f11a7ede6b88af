"""The figures of chapter 7 (Training a network): they run, stay small, and show what the page
says they show."""

import numpy as np
import pytest
from figures.training import (
    BOWL_LRS,
    BOWL_STEPS,
    LR_GRID,
    OPTIMIZERS,
    _teacher_data,
    best_lrs,
    bowl,
    bowl_best,
    bowl_path,
    bowl_paths,
    bowl_search,
    decayed_run,
    early_stopping_curves,
    guess_the_mean,
    lr_curves,
    lr_search,
    moons_boundaries,
    moons_model,
    optimizer_curves,
    overfit_run,
    student,
    teacher_student_curves,
)

from backprop.data import two_moons
from backprop.nn import MSELoss
from backprop.plot import to_svg
from backprop.train import fit, predict


def test_student_has_a_different_shape_from_the_teacher():
    X, Y, _, _ = _teacher_data()
    model = student()
    assert model.forward(X).shape == Y.shape
    teacher_widths = [3, 5, 1]
    student_widths = [layer.n_in for layer in model.layers[::2]] + [1]
    assert student_widths != teacher_widths


def test_student_learns_the_teacher_far_below_guessing_the_mean():
    X, Y, X_test, Y_test = _teacher_data()
    model = student()
    make = OPTIMIZERS["Adam"]
    fit(model, MSELoss(), X, Y, make(model.parameters(), 0.01), epochs=100, rng=0)
    test_loss = MSELoss().forward(predict(model, X_test), Y_test)
    assert test_loss < 3e-3 * np.var(Y_test)


def test_optimizer_curves_draw_each_optimiser_at_its_best_rate_plus_the_baseline():
    fig = optimizer_curves(epochs=3)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels == [f"{name} (lr {lr:g})" for name, lr in best_lrs(epochs=3).items()]
    assert len(fig.axes[0].get_lines()) == len(OPTIMIZERS) + 1


def test_best_rate_is_the_lowest_final_loss_of_the_one_grid():
    losses = lr_search(epochs=3)
    for name, lr in best_lrs(epochs=3).items():
        assert losses[name][LR_GRID.index(lr)] == min(losses[name])


def test_moons_boundaries_has_one_panel_per_snapshot_and_ends_accurate():
    fig = moons_boundaries((0, 5, 20, 100))
    titles = [ax.get_title() for ax in fig.axes if ax.get_visible()]
    assert [t.split(":")[0] for t in titles] == ["epoch 0", "epoch 5", "epoch 20", "epoch 100"]
    assert titles[-1].endswith("100% right")


def test_moons_boundaries_hides_the_spare_panel_for_an_odd_count():
    fig = moons_boundaries((0, 1, 2))
    assert sum(ax.get_visible() for ax in fig.axes) == 3


def test_moons_model_outputs_two_scores():
    X, _ = two_moons(10)
    assert moons_model().forward(X).shape == (10, 2)


def test_overfit_run_validation_loss_turns_up_and_early_stopping_stops():
    history, _ = overfit_run(None, epochs=300)
    assert history.val_loss[-1] > 2 * history.val_loss.min()
    assert history.loss[-1] < history.loss[0]
    stopped, _ = overfit_run(25, epochs=300)
    assert stopped.stopped_early and stopped.restored_best
    assert stopped.epochs_run == stopped.best_epoch + 25


def test_teacher_figure_draws_the_yardstick_the_page_quotes():
    _, Y, _, Y_test = _teacher_data()
    train, test = guess_the_mean()
    assert train == pytest.approx(np.var(Y)) and test > np.var(Y_test)  # the training mean
    dashed = teacher_student_curves(epochs=2).axes[0].get_lines()[-1]
    assert dashed.get_linestyle() == "--" and dashed.get_ydata()[0] == test


def test_bowl_path_stops_where_a_run_runs_away():
    assert len(bowl_path("SGD", 0.05)) == BOWL_STEPS + 1
    assert len(bowl_path("SGD", 0.2)) < BOWL_STEPS + 1  # 1 - 20 lr = -3: y runs away
    assert bowl_search()["SGD"][0.199526, 0.0] == np.inf


def test_bowl_path_refuses_a_beta_for_sgd():
    with pytest.raises(ValueError, match=r"beta must be 0 for SGD, got 0\.9"):
        bowl_path("SGD", 0.01, beta=0.9)


def test_bowl_best_is_the_lowest_f_of_the_one_search_and_beats_plain_descent():
    search, best = bowl_search(), bowl_best()
    for name, setting in best.items():
        assert search[name][setting] == min(search[name].values())
        assert setting[0] in BOWL_LRS and setting[0] not in (BOWL_LRS[0], BOWL_LRS[-1])
    sgd = bowl(bowl_path("SGD", *best["SGD"])[-1])
    assert bowl(bowl_path("Momentum", *best["Momentum"])[-1]) < 1e-6 * sgd
    assert bowl(bowl_path("Adam", *best["Adam"])[-1]) < 1e-6 * sgd


def test_bowl_paths_draws_each_optimiser_at_its_best_setting():
    legend = bowl_paths().axes[0].get_legend().get_texts()
    (lr_s, _), (lr_m, beta_m), (lr_a, beta_a) = bowl_best().values()
    assert [t.get_text() for t in legend] == [
        f"SGD, lr {lr_s:.2g}",
        f"Momentum, lr {lr_m:.2g}, β {beta_m:g}",
        f"Adam, lr {lr_a:.2g}, β₁ {beta_a:g}",
    ]


def test_teacher_targets_sit_in_the_sigmoids_middle():
    _, Y, _, _ = _teacher_data()
    assert 0.4 < Y.mean() < 0.6 and 0.1 < Y.min() and Y.max() < 0.9


def test_decayed_run_ends_its_rate_near_zero_and_lr_curves_draws_it():
    history = decayed_run(1.0, epochs=3)
    assert history.epochs_run == 3 and history.loss.shape == (3,)
    fig = lr_curves(epochs=3)
    assert len(fig.axes) == 2
    labels = [t.get_text() for t in fig.axes[1].get_legend().get_texts()]
    assert labels[1] == "lr 30 falling to 0"


@pytest.mark.parametrize(
    "make",
    [
        lambda: teacher_student_curves(epochs=100),
        lambda: optimizer_curves(epochs=100),
        lambda: moons_boundaries(),
        lambda: early_stopping_curves(),
        lambda: bowl_paths(),
        lambda: bowl_paths(narrow=True),
        lambda: lr_curves(),
    ],
    ids=[
        "teacher_student",
        "optimizers",
        "moons",
        "early_stopping",
        "bowl",
        "bowl_narrow",
        "lr_curves",
    ],
)
def test_figures_embed_as_small_svg(make):
    svg = to_svg(make(), alt="a figure")
    assert svg.startswith("<svg")
    assert len(svg) < 150_000
