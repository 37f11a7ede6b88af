"""The figures of the Training page, the models they train and the runs behind them.

Each figure takes ``narrow`` (the phone layout).
"""

from __future__ import annotations

from copy import deepcopy
from functools import lru_cache
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from backprop.data import teacher_student, two_moons
from backprop.nn import Linear, MSELoss, Sequential, Sigmoid, SoftmaxCrossEntropy, Tanh
from backprop.optim import SGD, Adam, Momentum
from backprop.plot import (
    COLORS,
    NARROW,
    WIDE,
    new_figure,
    plot_contours,
    plot_decision_boundary,
    plot_history,
    styled,
)
from backprop.train import History, fit, predict

# one colour per optimiser in every figure of the chapter
OPTIMISER_COLORS = {"SGD": "blue", "Momentum": "orange", "Adam": "green"}

__all__ = [
    "BOWL_BETAS",
    "BOWL_LRS",
    "BOWL_START",
    "BOWL_STEPS",
    "CURVE_LRS",
    "LR_GRID",
    "OPTIMIZERS",
    "best_lrs",
    "bowl",
    "bowl_best",
    "bowl_grad",
    "bowl_path",
    "bowl_paths",
    "bowl_search",
    "decayed_run",
    "early_stopping_curves",
    "guess_the_mean",
    "lr_curves",
    "lr_search",
    "moons_boundaries",
    "moons_model",
    "optimizer_curves",
    "optimizer_run",
    "overfit_run",
    "student",
    "teacher_student_curves",
]

TEACHER_SEED = 0
"""The seed of the chapter's teacher (the page's numbers and figures come from this one).

Its targets spread over the sigmoid's middle (mean 0.50, none below 0.2 or above 0.8): a
teacher whose targets bunch near 0 or 1 makes the output unit saturate and the optimiser race
a race about saturation."""
N_TRAIN, N_TEST = 400, 200
"""The teacher's rows the student trains on, and the rows held back as a test set."""
EPOCHS = 100
"""Epochs of the teacher-student and optimiser runs."""
BATCH_SIZE = 32
"""Mini-batch size of the teacher-student and two-moons runs."""
MOONS_SNAPSHOTS = (0, 5, 20, 100)
"""Epoch counts after which the two-moons figure draws the decision regions."""
MOONS_POINTS, MOONS_SHOWN = 200, 80
"""Two-moons points trained on, and how many of them each panel draws."""
PATIENCE = 25
"""The early-stopping figure's patience."""


_LEGEND_SIZE = {False: 9, True: 10}
"""Legend text size in points, by ``narrow``: 10 on a phone (about 10 px there), 9 on a desktop."""


def student(seed: int = 0) -> Sequential:
    """The student: ``3 -> 8 -> sigmoid -> 8 -> sigmoid -> 1 -> sigmoid``, unlike the teacher.

    Examples
    --------
    >>> from figures.training import student
    >>> student()
    Sequential(Linear(3, 8), Sigmoid(), Linear(8, 8), Sigmoid(), Linear(8, 1), Sigmoid())
    """
    rng = np.random.default_rng(seed)
    return Sequential(
        Linear(3, 8, rng=rng), Sigmoid(), Linear(8, 8, rng=rng), Sigmoid(), Linear(8, 1, rng=rng),
        Sigmoid(),
    )  # fmt: skip


def _teacher_data(n_train: int = N_TRAIN, n_test: int = N_TEST) -> tuple[np.ndarray, ...]:
    X, Y, _ = teacher_student(n_train + n_test, teacher_sizes=(3, 5, 1), rng=TEACHER_SEED)
    return X[:n_train], Y[:n_train], X[n_train:], Y[n_train:]


def guess_the_mean() -> tuple[float, float]:
    """The loss, on the training and on the test rows, of always predicting the training mean.

    The laziest model's scores: the yardsticks of the teacher-student figure.

    Examples
    --------
    >>> from figures.training import guess_the_mean
    >>> train, test = guess_the_mean()
    >>> bool(train < test < 0.1)
    True
    """
    _, Y, _, Y_test = _teacher_data()
    return float(np.var(Y)), float(np.mean((Y_test - Y.mean()) ** 2))


@lru_cache(maxsize=2)  # the wide and the phone figure share one run
def _teacher_student_run(epochs: int) -> tuple[Sequential, list[float], list[float]]:
    X, Y, X_test, Y_test = _teacher_data()
    model, loss = student(), MSELoss()
    opt = Adam(model.parameters(), lr=0.01)
    rng = np.random.default_rng(0)
    train_loss, test_loss = [], []
    for _ in range(epochs):  # one epoch at a time, to measure the test loss after each
        history = fit(model, loss, X, Y, opt, epochs=1, batch_size=BATCH_SIZE, rng=rng)
        train_loss.append(float(history.loss[0]))
        test_loss.append(loss.forward(predict(model, X_test), Y_test))
    return model, train_loss, test_loss


@styled
def teacher_student_curves(epochs: int = EPOCHS, narrow: bool = False) -> Figure:
    """Left: the student's training and test loss per epoch. Right: student against teacher.

    Examples
    --------
    >>> from figures.training import teacher_student_curves
    >>> fig = teacher_student_curves(epochs=3)
    >>> len(fig.axes)
    2
    """
    _, _, X_test, Y_test = _teacher_data()
    model, train_loss, test_loss = _teacher_student_run(epochs)
    lazy = guess_the_mean()[1]
    epoch = np.arange(1, epochs + 1)

    if narrow:  # the losses above, the scatter below
        fig, (left, right) = new_figure(nrows=2, figsize=(NARROW, 7.4))
    else:
        fig, (left, right) = new_figure(ncols=2, figsize=(WIDE, 3.4))
    left.semilogy(epoch, train_loss, color=COLORS["blue"], label="training loss")
    left.semilogy(epoch, test_loss, color=COLORS["orange"], label="test loss", alpha=0.9)
    left.axhline(lazy, color=COLORS["grey"], linestyle="--", linewidth=1)
    left.text(epochs, lazy * 1.15, "guess the mean (test)", ha="right", fontsize=9)
    left.set_xlabel("epoch")
    left.set_ylabel("mean squared error")
    left.legend(loc="lower left", fontsize=_LEGEND_SIZE[narrow])

    pred = predict(model, X_test)
    right.plot(Y_test[:, 0], pred[:, 0], "o", color=COLORS["blue"], markersize=3, alpha=0.6)
    # perfect imitation: dashed, drawn over the points and past both ends of their range
    lo, hi = float(Y_test.min()) - 0.08, float(Y_test.max()) + 0.08
    right.plot([lo, hi], [lo, hi], color=COLORS["orange"], linewidth=1.2, linestyle="--",
               zorder=3, label="perfect imitation")  # fmt: skip
    right.legend(loc="upper left", fontsize=_LEGEND_SIZE[narrow])
    right.set_xlabel("teacher's output")
    right.set_ylabel("student's output")
    right.set_aspect("equal")
    return fig


OPTIMIZERS = {
    "SGD": lambda params, lr: SGD(params, lr=lr),
    "Momentum": lambda params, lr: Momentum(params, lr=lr, beta=0.9),
    "Adam": lambda params, lr: Adam(params, lr=lr),
}
"""The three optimisers the chapter compares (momentum's ``beta`` and Adam's betas at their
defaults), each made for a learning rate ``lr``."""

LR_GRID = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)
"""The one grid of learning rates every optimiser is tried on, about half a decade apart."""


@lru_cache(maxsize=64)  # the search, the figure and the page share the runs
def optimizer_run(name: str, lr: float, epochs: int = EPOCHS) -> History:
    """The student trained on the teacher's data by optimiser ``name`` at ``lr``.

    Every run starts from the same weights and sees the same mini-batches.

    Examples
    --------
    >>> from figures.training import optimizer_run
    >>> optimizer_run("Adam", 0.01, epochs=2).epochs_run
    2
    """
    X, Y, _, _ = _teacher_data()
    model = student()
    opt = OPTIMIZERS[name](model.parameters(), lr)
    return fit(model, MSELoss(), X, Y, opt, epochs=epochs, rng=0)


def lr_search(epochs: int = EPOCHS) -> dict[str, list[float]]:
    """Each optimiser's final training loss at every learning rate of [`LR_GRID`][].

    Examples
    --------
    >>> from figures.training import LR_GRID, lr_search
    >>> losses = lr_search(epochs=1)
    >>> sorted(losses), len(losses["SGD"]) == len(LR_GRID)
    (['Adam', 'Momentum', 'SGD'], True)
    """
    return {
        name: [float(optimizer_run(name, lr, epochs).loss[-1]) for lr in LR_GRID]
        for name in OPTIMIZERS
    }


def best_lrs(epochs: int = EPOCHS) -> dict[str, float]:
    """Each optimiser's learning rate with the lowest final loss in [`lr_search`][].

    Examples
    --------
    >>> from figures.training import LR_GRID, best_lrs
    >>> set(best_lrs(epochs=1).values()) <= set(LR_GRID)
    True
    """
    return {name: LR_GRID[int(np.argmin(losses))] for name, losses in lr_search(epochs).items()}


@styled
def optimizer_curves(epochs: int = EPOCHS, narrow: bool = False) -> Figure:
    """Training loss per epoch of the same student, from the same start, with three optimisers,
    each at its best learning rate from [`lr_search`][].

    Examples
    --------
    >>> from figures.training import optimizer_curves
    >>> fig = optimizer_curves(epochs=2)
    >>> len(fig.axes[0].get_lines())
    4
    """
    _, Y, _, _ = _teacher_data()
    fig, ax = new_figure(figsize=(NARROW, 3.8) if narrow else (WIDE, 3.6))
    for name, lr in best_lrs(epochs).items():
        hist = optimizer_run(name, lr, epochs)
        color = COLORS[OPTIMISER_COLORS[name]]
        ax.semilogy(hist.epochs, hist.loss, color=color, label=f"{name} (lr {lr:g})")
    ax.axhline(float(np.var(Y)), color=COLORS["grey"], linestyle="--", linewidth=1)
    ax.text(epochs, float(np.var(Y)) * 1.15, "guess the mean", ha="right", fontsize=9)
    ax.set_xlabel("epoch")
    ax.set_ylabel("training loss (MSE)")
    ax.legend(loc="lower left", fontsize=_LEGEND_SIZE[narrow])
    return fig


CURVE_LRS = (0.01, 0.3, 10.0, 30.0, 100.0)
"""The rates of [`lr_curves`][]: too low, low, SGD's best, too high, far too high."""


@lru_cache(maxsize=4)
def decayed_run(lr: float, epochs: int = EPOCHS) -> History:
    """SGD from [`optimizer_run`][]'s start and batches, its rate falling linearly to 0.

    Epoch ``e`` (counting from 0) runs at ``lr * (1 - e / epochs)``.

    Examples
    --------
    >>> from figures.training import decayed_run
    >>> decayed_run(1.0, epochs=2).epochs_run
    2
    """
    X, Y, _, _ = _teacher_data()
    model = student()
    opt = SGD(model.parameters(), lr=lr)
    rng = np.random.default_rng(0)
    losses = []
    for epoch in range(epochs):
        opt.lr = lr * (1 - epoch / epochs)
        losses.append(float(fit(model, MSELoss(), X, Y, opt, epochs=1, rng=rng).loss[0]))
    return History(loss=np.array(losses), epochs_run=epochs)


@styled
def lr_curves(epochs: int = EPOCHS, narrow: bool = False) -> Figure:
    """How the learning rate shows on a loss curve: SGD at each rate of [`CURVE_LRS`][].

    Left (on a phone, above): the runs of [`optimizer_run`][]. Right (below): SGD at the
    too-high rate 30, constant and decayed by [`decayed_run`][].

    Examples
    --------
    >>> from figures.training import lr_curves
    >>> fig = lr_curves(epochs=2)
    >>> len(fig.axes), fig.axes[0].get_legend().get_texts()[0].get_text()
    (2, 'lr 0.01')
    """
    _, Y, _, _ = _teacher_data()
    if narrow:
        fig, (left, right) = new_figure(nrows=2, figsize=(NARROW, 7.0), sharey=True)
    else:
        fig, (left, right) = new_figure(ncols=2, figsize=(WIDE, 3.6), sharey=True)
    colors = (COLORS["purple"], COLORS["blue"], COLORS["green"], COLORS["orange"], COLORS["red"])
    for lr, color in zip(CURVE_LRS, colors, strict=True):
        hist = optimizer_run("SGD", lr, epochs)
        left.semilogy(hist.epochs, hist.loss, color=color, linewidth=1.5, label=f"lr {lr:g}")
    high = CURVE_LRS[3]
    constant, decayed = optimizer_run("SGD", high, epochs), decayed_run(high, epochs)
    right.semilogy(constant.epochs, constant.loss, color=COLORS["orange"], linewidth=1.5,
                   label=f"lr {high:g}, constant")  # fmt: skip
    # yellow: a colour the left panel does not use, so no colour means two things
    right.semilogy(decayed.epochs, decayed.loss, color=COLORS["yellow"], linewidth=1.8,
                   label=f"lr {high:g} falling to 0")  # fmt: skip
    best = optimizer_run("SGD", CURVE_LRS[2], epochs)
    right.semilogy(best.epochs, best.loss, color=COLORS["green"], linewidth=1.5,
                   label=f"lr {CURVE_LRS[2]:g}, constant")  # fmt: skip
    titles = {left: "SGD, each rate constant", right: "SGD, a rate that falls"}
    for ax, title in titles.items():
        ax.axhline(float(np.var(Y)), color=COLORS["grey"], linestyle="--", linewidth=1)
        ax.set_xlabel("epoch")
        size = _LEGEND_SIZE[narrow]
        ax.legend(title=title, loc="lower center", bbox_to_anchor=(0.5, 1.0), fontsize=size,
                  title_fontsize=size, ncols=3 if ax is left else 1)  # fmt: skip
    left.text(epochs, float(np.var(Y)) * 1.25, "guess the mean", ha="right", fontsize=9)
    left.set_ylabel("training loss (MSE)")
    if narrow:
        right.set_ylabel("training loss (MSE)")
    return fig


BOWL_START = (-4.0, 1.5)
"""Where every run on chapter 2's bowl starts (that chapter's start)."""
BOWL_STEPS = 30
"""The budget of every run on the bowl: that chapter's 30 steps."""
BOWL_LRS = tuple(round(10 ** (k / 10), 6) for k in range(-30, 11))
"""The learning rates tried on the bowl: 0.001 to 10, ten to a decade."""
BOWL_BETAS = (0.0, 0.3, 0.5, 0.7, 0.9)
"""Momentum's ``beta`` and Adam's ``beta1`` tried on the bowl (Adam's ``beta2`` stays 0.999)."""


def bowl(v: np.ndarray) -> float:
    """Chapter 2's long, narrow bowl ``f(x, y) = x**2 + 10 y**2``.

    Examples
    --------
    >>> from figures.training import bowl
    >>> bowl([1.0, 1.0])
    11.0
    """
    return float(v[0] ** 2 + 10 * v[1] ** 2)


def bowl_grad(v: np.ndarray) -> np.ndarray:
    """The gradient of [`bowl`][], ``(2x, 20y)``.

    Examples
    --------
    >>> from figures.training import bowl_grad
    >>> bowl_grad([1.0, 1.0]).tolist()
    [2.0, 20.0]
    """
    return np.array([2 * v[0], 20 * v[1]])


class _Point:
    """One parameter, a point of the plane, with its gradient: what an optimiser steps."""

    def __init__(self, start: tuple[float, float]) -> None:
        self.value = np.array(start, dtype=float)
        self.grad = np.zeros(2)


_BOWL_OPTIMIZERS = {
    "SGD": lambda params, lr, beta: SGD(params, lr=lr),
    "Momentum": lambda params, lr, beta: Momentum(params, lr=lr, beta=beta),
    "Adam": lambda params, lr, beta: Adam(params, lr=lr, beta1=beta),
}


def bowl_path(name: str, lr: float, beta: float = 0.0, steps: int = BOWL_STEPS) -> np.ndarray:
    """The points optimiser ``name`` visits on [`bowl`][] from [`BOWL_START`][], one row a step.

    ``beta`` is momentum's ``beta`` or Adam's ``beta1`` (SGD has none). A run that runs away
    (a coordinate past 1e6) stops there, so its last row is not the minimum.

    Examples
    --------
    >>> from figures.training import bowl_path
    >>> bowl_path("SGD", 0.02, steps=2).round(4).tolist()
    [[-4.0, 1.5], [-3.84, 0.9], [-3.6864, 0.54]]
    """
    if name == "SGD" and beta != 0:
        raise ValueError(f"beta must be 0 for SGD, got {beta!r}")
    point = _Point(BOWL_START)
    opt = _BOWL_OPTIMIZERS[name]([point], lr, beta)
    path = [point.value.copy()]
    for _ in range(steps):
        point.grad[...] = bowl_grad(point.value)
        opt.step()
        path.append(point.value.copy())
        if np.abs(point.value).max() > 1e6:
            break
    return np.array(path)


@lru_cache(maxsize=1)
def bowl_search() -> dict[str, dict[tuple[float, float], float]]:
    """``f`` after [`BOWL_STEPS`][] steps for every ``(lr, beta)`` of the one grid.

    SGD is tried at every rate of [`BOWL_LRS`][], momentum and Adam at every rate and every
    beta of [`BOWL_BETAS`][]. A run that ran away scores ``inf``.

    Examples
    --------
    >>> from figures.training import BOWL_LRS, bowl_search
    >>> search = bowl_search()
    >>> len(search["SGD"]) == len(BOWL_LRS), float(search["SGD"][1.0, 0.0])
    (True, inf)
    """
    search: dict[str, dict[tuple[float, float], float]] = {}
    for name in _BOWL_OPTIMIZERS:
        betas = (0.0,) if name == "SGD" else BOWL_BETAS
        search[name] = {}
        for lr in BOWL_LRS:
            for beta in betas:
                path = bowl_path(name, lr, beta)
                done = len(path) == BOWL_STEPS + 1
                search[name][lr, beta] = bowl(path[-1]) if done else float("inf")
    return search


def bowl_best() -> dict[str, tuple[float, float]]:
    """Each optimiser's ``(lr, beta)`` with the lowest ``f`` in [`bowl_search`][].

    Examples
    --------
    >>> from figures.training import bowl_best
    >>> bowl_best()["SGD"]
    (0.079433, 0.0)
    """
    return {name: min(runs, key=runs.__getitem__) for name, runs in bowl_search().items()}


@styled
def bowl_paths(narrow: bool = False) -> Figure:
    """SGD, momentum and Adam on [`bowl`][], each at its best setting from [`bowl_search`][].

    Above, the paths over the contours; below, ``f`` against the step on a log scale, where
    the final gaps (invisible in the plane) show.

    Examples
    --------
    >>> from figures.training import bowl_paths
    >>> fig = bowl_paths()
    >>> [t.get_text().split(",")[0] for t in fig.axes[0].get_legend().get_texts()]
    ['SGD', 'Momentum', 'Adam']
    >>> fig.axes[1].get_yscale()
    'log'
    """
    fig, (ax, values) = new_figure(
        nrows=2,
        figsize=(NARROW, 6.0) if narrow else (WIDE, 6.0),
        gridspec_kw={"height_ratios": [1.3, 1]},
    )
    levels = [0.5, 2, 5, 10, 18, 28, 40]
    # labels on the right half, below the axis, away from the paths; the contours faded,
    # so that the paths, in the same family of hues, stand out
    spots = [(np.sqrt(v / 2), -np.sqrt(v / 20)) for v in levels]
    # a phone shows the left part of the bowl, where the paths run, larger; its labels go
    # below the star, one per level that crosses x = 0.6
    xlim, ylim = ((-4.6, 1.4), (-1.9, 1.9)) if narrow else ((-5, 5), (-2, 2))
    if narrow:
        spots = [(0.6, -np.sqrt((v - 0.36) / 10)) for v in levels if v < 35]
    contours = plot_contours(bowl, xlim, ylim, levels=levels, ax=ax, n=161, labels=spots)
    contours.set_alpha(0.45)
    for name, (lr, beta) in bowl_best().items():
        path = bowl_path(name, lr, beta)
        color = COLORS[OPTIMISER_COLORS[name]]
        beta_name = {"SGD": "", "Momentum": "β", "Adam": "β₁"}[name]
        label = f"{name}, lr {lr:.2g}" + (f", {beta_name} {beta:g}" if beta_name else "")
        ax.plot(path[:, 0], path[:, 1], "-", color=color, linewidth=1.6)
        ax.plot(path[:, 0], path[:, 1], "o", color=color, markersize=4, label=label)
        values.semilogy([bowl(p) for p in path], "o-", color=color, markersize=3, linewidth=1.2)
    ax.plot(*BOWL_START, "o", color=COLORS["grey"], markersize=9, markerfacecolor="none")
    ax.plot([0], [0], "*", color=COLORS["red"], markersize=11)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ncols = 1 if narrow else 3
    ax.legend(
        loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=ncols, fontsize=_LEGEND_SIZE[narrow]
    )
    values.set_xlabel("step")
    values.set_ylabel("$f(x, y)$, log scale")
    return fig


def moons_model(seed: int = 0) -> Sequential:
    """The two-moons classifier: ``2 -> 16 -> tanh -> 16 -> tanh -> 2`` class scores.

    Examples
    --------
    >>> from figures.training import moons_model
    >>> moons_model()
    Sequential(Linear(2, 16), Tanh(), Linear(16, 16), Tanh(), Linear(16, 2))
    """
    rng = np.random.default_rng(seed)
    return Sequential(
        Linear(2, 16, rng=rng), Tanh(), Linear(16, 16, rng=rng), Tanh(), Linear(16, 2, rng=rng)
    )


@lru_cache(maxsize=2)  # the wide and the phone figure share one run
def _moons_snapshots(snapshots: tuple[int, ...], n: int) -> list[Sequential]:
    """Copies of the two-moons classifier after each epoch count in ``snapshots``."""
    X, y = two_moons(n, noise=0.15, rng=0)
    model = moons_model()
    opt = Adam(model.parameters(), lr=0.01)
    rng = np.random.default_rng(0)
    done, models = 0, []
    for epoch in snapshots:
        if epoch > done:
            fit(model, SoftmaxCrossEntropy(), X, y, opt, epochs=epoch - done, batch_size=BATCH_SIZE,
                rng=rng)  # fmt: skip
            done = epoch
        models.append(deepcopy(model))
    return models


@styled
def moons_boundaries(
    snapshots: tuple[int, ...] = MOONS_SNAPSHOTS, n: int = MOONS_POINTS, narrow: bool = False
) -> Figure:
    """The classifier's decision regions on two moons after each epoch count in ``snapshots``.

    Trained with Adam (lr 0.01) in mini-batches of ``BATCH_SIZE``; each panel shows the region
    the network gives to class 1 (probability above one half) and a subsample of the points.

    Examples
    --------
    >>> from figures.training import moons_boundaries
    >>> fig = moons_boundaries((0, 1))
    >>> [ax.get_title().split(":")[0] for ax in fig.axes]
    ['epoch 0', 'epoch 1']
    """
    X, y = two_moons(n, noise=0.15, rng=0)
    show = np.random.default_rng(1).permutation(n)[:MOONS_SHOWN]
    ncols = 2 if len(snapshots) > 2 else len(snapshots)
    nrows = -(-len(snapshots) // ncols)
    fig, axes = new_figure(
        ncols=ncols, nrows=nrows, figsize=(NARROW if narrow else WIDE, 2.5 * nrows),
        squeeze=False, sharex=True, sharey=True,
    )  # fmt: skip
    models = _moons_snapshots(tuple(snapshots), n)
    for ax, epoch, model in zip(axes.ravel(), snapshots, models, strict=False):
        plot_decision_boundary(model, X[show], y[show], ax=ax, resolution=150)
        right = np.mean(np.argmax(predict(model, X), axis=1) == y)
        ax.set_title(f"epoch {epoch}: {right:.0%} right", fontsize=9)
    for ax in axes[-1]:
        ax.set_xlabel("$x_1$")
    for ax in axes[:, 0]:
        ax.set_ylabel("$x_2$")
    for ax in axes.ravel()[len(snapshots) :]:
        ax.set_visible(False)
    return fig


def overfit_run(patience: int | None = None, epochs: int = 300) -> tuple[History, Any]:
    """Train a too-large network on 40 noisy two-moons points, validating on 400 others.

    Returns the History and the trained model (with ``patience``, the best epoch's weights).

    Examples
    --------
    >>> from figures.training import overfit_run
    >>> history, model = overfit_run(epochs=2)
    >>> history.epochs_run, history.val_loss.shape
    (2, (2,))
    """
    X, y = two_moons(40, noise=0.35, rng=1)
    X_val, y_val = two_moons(400, noise=0.35, rng=2)
    rng = np.random.default_rng(0)
    model = Sequential(
        Linear(2, 32, rng=rng), Tanh(), Linear(32, 32, rng=rng), Tanh(), Linear(32, 2, rng=rng)
    )
    history = fit(
        model, SoftmaxCrossEntropy(), X, y, Adam(model.parameters(), lr=0.01), epochs=epochs,
        batch_size=None, X_val=X_val, Y_val=y_val, patience=patience,
    )  # fmt: skip
    return history, model


_overfit_run_cached = lru_cache(maxsize=4)(overfit_run)  # shared by the wide and phone figure


@styled
def early_stopping_curves(
    epochs: int = 300, patience: int = PATIENCE, narrow: bool = False
) -> Figure:
    """Training and validation loss of [`overfit_run`][], with the best epoch and the stop.

    Examples
    --------
    >>> from figures.training import early_stopping_curves
    >>> fig = early_stopping_curves(epochs=5, patience=2)
    >>> fig.axes[0].get_ylabel()
    'cross-entropy loss'
    """
    history, _ = _overfit_run_cached(None, epochs)
    stopped, _ = _overfit_run_cached(patience, epochs)
    fig, ax = new_figure(figsize=(NARROW, 3.8) if narrow else (WIDE, 3.6))
    plot_history(history, ax=ax)
    best = stopped.best_epoch
    ax.axvline(best, color=COLORS["green"], linestyle="--", linewidth=1)
    ax.annotate(
        f"best epoch {best}",
        (best, float(history.val_loss[best - 1])),
        textcoords="offset points",
        xytext=(6, -18),
        color=COLORS["green"],
        fontsize=9,
    )
    if stopped.stopped_early:
        ax.axvline(stopped.epochs_run, color=COLORS["grey"], linestyle=":", linewidth=1)
        ax.text(
            stopped.epochs_run + 4,
            0.97,
            f"stop at {stopped.epochs_run} (patience {patience})",
            transform=ax.get_xaxis_transform(),
            va="top",
            fontsize=9,
        )
    ax.set_ylabel("cross-entropy loss")
    ax.legend(loc="lower left", fontsize=_LEGEND_SIZE[narrow])
    return fig
