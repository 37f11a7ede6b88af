"""The checks of the digits lab: each fails on the starter and on a typical wrong answer, with a
message naming the mistake, and passes on the solution."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from test_exercises_autograd import fails_with

from backprop.exercises.digits import (
    check_accuracy,
    check_cross_entropy,
    check_cross_entropy_grad,
    check_early_stopping,
    check_raw_pixels,
    check_softmax,
    check_standardise,
    check_stop_then_retrain,
    check_train_epoch,
    check_with_adam,
)
from backprop.nn import Dropout, Linear, ReLU, Sequential, SoftmaxCrossEntropy
from backprop.optim import Adam, Momentum
from backprop.train import fit

# Pixels in [0, 1], some columns nearly blank, as the digits are (the data of check_raw_pixels)
DATA = SimpleNamespace(X_train=np.random.default_rng(7).uniform(size=(50, 64)) ** 3)

# ------------------------------------------------------------------- a learner's solution


def standardise(X_train, X_test):
    mu, sigma = X_train.mean(axis=0), X_train.std(axis=0)
    return (X_train - mu) / (sigma + 0.1), (X_test - mu) / (sigma + 0.1)


def softmax(Z):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def cross_entropy(Z, y):
    Z = Z - Z.max(axis=1, keepdims=True)
    log_p = Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))
    return float(-np.mean(log_p[np.arange(len(y)), y]))


def cross_entropy_grad(Z, y):
    G = softmax(Z)
    G[np.arange(len(y)), y] -= 1
    return G / len(y)


def train_epoch(model, loss, optimizer, X, y, batch_size, rng):
    order = rng.permutation(len(X))
    total = 0.0
    for start in range(0, len(X), batch_size):
        rows = order[start : start + batch_size]
        value = loss.forward(model.forward(X[rows]), y[rows])
        optimizer.zero_grad()
        model.backward(loss.backward())
        optimizer.step()
        total += value * len(rows)
    return total / len(X)


def accuracy(model, X, y):
    model.eval()
    try:
        predicted = model.forward(X).argmax(axis=1)
    finally:
        model.train()
    return float(np.mean(predicted == y))


def train_with_adam(model, X, y, rng):
    optimizer = Adam(model.parameters(), lr=1e-3)
    loss = SoftmaxCrossEntropy()
    return np.array([train_epoch(model, loss, optimizer, X, y, 32, rng) for _ in range(60)])


def fit_with_early_stopping(model, X, y, rng, patience=5, share=3 / 4):
    n = int(len(X) * share)
    opt = Momentum(model.parameters(), lr=0.03, beta=0.9)
    data = {"X_val": X[n:], "Y_val": y[n:], "patience": patience, "rng": rng}
    return fit(model, SoftmaxCrossEntropy(), X[:n], y[:n], opt, 200, 32, **data)


def losses_on(X):
    # stands for a run: higher losses on inputs far from centred, as raw pixels are
    return np.linspace(2.3, 0.1, 60) * (1 + np.abs(X.mean()))


def check_raw_pixels_on_data(losses_on):
    check_raw_pixels(losses_on, DATA)


def make_model(seed):
    return Sequential(Linear(4, 6, rng=seed), ReLU(), Linear(6, 3, rng=seed + 1))


def train(model, X, y, rng, epochs=60):
    optimizer = Momentum(model.parameters(), lr=0.03, beta=0.9)
    loss = SoftmaxCrossEntropy()
    return [train_epoch(model, loss, optimizer, X, y, 32, rng) for _ in range(epochs)]


def stop_then_retrain(seed, X, y, epochs="best_epoch", rows=None, rng_seed=None, shared=False):
    stop_rng = np.random.default_rng(seed)
    history = fit_with_early_stopping(make_model(seed), X, y, stop_rng)
    model = make_model(seed)
    rng = np.random.default_rng(seed if rng_seed is None else rng_seed)
    if shared:  # the generator early stopping drew from, used again
        rng = stop_rng
    train(model, X[:rows], y[:rows], rng, epochs=getattr(history, epochs))
    return model, history.best_epoch


_RNG = np.random.default_rng(11)
RETRAIN_X = _RNG.standard_normal((120, 4))
RETRAIN_Y = np.argmax(RETRAIN_X[:, :3] + 0.8 * _RNG.standard_normal((120, 3)), axis=1)


def check_stop_then_retrain_on_data(stop_then_retrain):
    check_stop_then_retrain(stop_then_retrain, make_model, RETRAIN_X, RETRAIN_Y)


def starter(*args):
    raise NotImplementedError()


CHECKS = [
    (check_standardise, standardise),
    (check_softmax, softmax),
    (check_cross_entropy, cross_entropy),
    (check_cross_entropy_grad, cross_entropy_grad),
    (check_train_epoch, train_epoch),
    (check_accuracy, accuracy),
    (check_raw_pixels_on_data, losses_on),
    (check_with_adam, train_with_adam),
    (check_early_stopping, fit_with_early_stopping),
    (check_stop_then_retrain_on_data, stop_then_retrain),
]
IDS = [check.__name__ for check, _ in CHECKS]


@pytest.mark.parametrize(("check", "solution"), CHECKS, ids=IDS)
def test_check_passes_on_the_solution(check, solution):
    check(solution)


@pytest.mark.parametrize(("check", "solution"), CHECKS, ids=IDS)
def test_check_says_a_starter_is_not_written_yet(check, solution):
    fails_with(lambda: check(starter), "is not written yet", "NotImplementedError")


@pytest.mark.parametrize(("check", "solution"), CHECKS, ids=IDS)
def test_check_given_a_value_instead_of_a_function_says_so(check, solution):
    fails_with(lambda: check(0.5), "should be the function you wrote", "0.5 of type float")


def test_standardise_check_names_the_test_set_scaled_by_its_own_statistics():
    def own(X_train, X_test):
        scale = lambda X: (X - X.mean(axis=0)) / (X.std(axis=0) + 0.1)  # noqa: E731
        return scale(X_train), scale(X_test)

    fails_with(lambda: check_standardise(own), "test set", "X_train for both")


def test_standardise_check_names_statistics_along_the_rows():
    def rows(X_train, X_test):
        mu, sigma = X_train.mean(axis=1, keepdims=True), X_train.std(axis=1, keepdims=True)
        return (X_train - mu) / (sigma + 0.1), (X_test - X_test.mean(axis=1, keepdims=True)) / (
            X_test.std(axis=1, keepdims=True) + 0.1
        )

    fails_with(lambda: check_standardise(rows), "training set", "axis=0")


def test_standardise_check_names_a_division_by_a_zero_sigma():
    def no_floor(X_train, X_test):
        mu, sigma = X_train.mean(axis=0), X_train.std(axis=0)
        return (X_train - mu) / sigma, (X_test - mu) / sigma

    fails_with(lambda: check_standardise(no_floor), "nan or inf", "sigma + 0.1")


def test_standardise_check_says_one_array_is_not_a_pair():
    fails_with(lambda: check_standardise(lambda a, b: a), "should return the pair")


def test_cross_entropy_check_names_an_overflow():
    def naive(Z, y):
        P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
        return float(-np.mean(np.log(P[np.arange(len(y)), y])))

    fails_with(lambda: check_cross_entropy(naive), "as large as 1000.0", "largest score")


def test_cross_entropy_check_names_a_sum_for_the_mean():
    fails_with(lambda: check_cross_entropy(lambda Z, y: cross_entropy(Z, y) * len(y)), "not a sum")


def test_cross_entropy_check_says_an_array_is_not_one_number():
    def per_row(Z, y):
        return -np.log(softmax(Z)[np.arange(len(y)), y])

    fails_with(lambda: check_cross_entropy(per_row), "should return one number")


@pytest.mark.parametrize(
    ("wrong", "fragment"),
    [
        (lambda Z, y: cross_entropy_grad(Z, y) * len(y), "divide by N"),
        (lambda Z, y: softmax(Z) / len(y), "one-hot"),
        (lambda Z, y: -cross_entropy_grad(Z, y), "sign is flipped"),
        (lambda Z, y: cross_entropy_grad(Z, y).T, "shape (3, 4)"),
    ],
    ids=["no-mean", "no-onehot", "sign", "transposed"],
)
def test_gradient_check_names_the_slip(wrong, fragment):
    fails_with(lambda: check_cross_entropy_grad(wrong), fragment)


def test_epoch_check_names_a_missing_shuffle():
    def unshuffled(model, loss, optimizer, X, y, batch_size, rng):
        return train_epoch(model, loss, optimizer, X, y, batch_size, _Ordered())

    fails_with(lambda: check_train_epoch(unshuffled), "stored order", "rng.permutation")


class _Ordered:
    def permutation(self, n):
        return np.arange(n)


def test_epoch_check_names_a_dropped_last_batch():
    def drop_last(model, loss, optimizer, X, y, batch_size, rng):
        n = len(X) // batch_size * batch_size
        return train_epoch(model, loss, optimizer, X[:n], y[:n], batch_size, rng)

    fails_with(lambda: check_train_epoch(drop_last), "20 rows", "exactly once")


def test_epoch_check_names_a_missing_update():
    def no_step(model, loss, optimizer, X, y, batch_size, rng):
        optimizer.step = lambda: None
        return train_epoch(model, loss, optimizer, X, y, batch_size, rng)

    fails_with(lambda: check_train_epoch(no_step), "not moved", "optimizer.step()")


def test_epoch_check_names_an_unweighted_mean():
    def unweighted(model, loss, optimizer, X, y, batch_size, rng):
        order, values = rng.permutation(len(X)), []
        for start in range(0, len(X), batch_size):
            rows = order[start : start + batch_size]
            values.append(loss.forward(model.forward(X[rows]), y[rows]))
            model.backward(loss.backward())
            optimizer.step()
        return float(np.mean(values))

    fails_with(lambda: check_train_epoch(unweighted), "weighted by their number of rows")


def test_accuracy_check_names_a_count():
    def count(model, X, y):
        return accuracy(model, X, y) * len(y)

    fails_with(lambda: check_accuracy(count), "for 40 rows", "divide the number right")


def test_accuracy_check_names_dropout_left_on():
    def dropout_on(model, X, y):
        return float(np.mean(model.forward(X).argmax(axis=1) == y))

    fails_with(lambda: check_accuracy(dropout_on), "model.eval()")


def test_accuracy_check_names_a_model_left_in_evaluation_mode():
    def stays_off(model, X, y):
        model.eval()
        return float(np.mean(model.forward(X).argmax(axis=1) == y))

    fails_with(lambda: check_accuracy(stays_off), "left the model in evaluation mode")


def test_adam_check_names_momentum_used_instead():
    def momentum(model, X, y, rng):
        optimizer = Momentum(model.parameters(), lr=0.03)
        loss = SoftmaxCrossEntropy()
        return np.array([train_epoch(model, loss, optimizer, X, y, 32, rng) for _ in range(60)])

    fails_with(lambda: check_with_adam(momentum), "momentum's", "Adam(")


def test_adam_check_names_the_wrong_number_of_epochs():
    fails_with(lambda: check_with_adam(lambda m, X, y, r: np.zeros(10)), "returned 10 numbers")


def test_early_stopping_check_names_other_patience():
    fails_with(
        lambda: check_early_stopping(lambda m, X, y, r: fit_with_early_stopping(m, X, y, r, 3)),
        "patience=5",
    )


def test_early_stopping_check_names_another_validation_split():
    fails_with(
        lambda: check_early_stopping(
            lambda m, X, y, r: fit_with_early_stopping(m, X, y, r, 5, 0.5)
        ),
        "three quarters",
    )


def test_early_stopping_check_names_the_rng_not_passed_on():
    def default_order(model, X, y, rng):  # fit's rng=0 for every seed
        return fit_with_early_stopping(model, X, y, 0)

    fails_with(lambda: check_early_stopping(default_order), "rng=0", "pass rng=rng to fit")


def test_early_stopping_check_names_a_function_without_the_rng():
    fails_with(
        lambda: check_early_stopping(lambda m, X, y: fit_with_early_stopping(m, X, y, 0)),
        "TypeError",
    )


def test_standardise_check_names_inputs_changed_in_place():
    def in_place(X_train, X_test):
        mu, sigma = X_train.mean(axis=0), X_train.std(axis=0)
        X_train -= mu
        X_train /= sigma + 0.1
        X_test -= mu
        X_test /= sigma + 0.1
        return X_train, X_test

    fails_with(lambda: check_standardise(in_place), "changed the X_train", "d.X_train")


def test_standardise_check_names_ddof_1():
    def ddof(X_train, X_test):
        mu, sigma = X_train.mean(axis=0), X_train.std(axis=0, ddof=1)
        return (X_train - mu) / (sigma + 0.1), (X_test - mu) / (sigma + 0.1)

    fails_with(lambda: check_standardise(ddof), "ddof=1")


def test_standardise_check_names_another_floor():
    def tiny(X_train, X_test):
        mu, sigma = X_train.mean(axis=0), X_train.std(axis=0)
        return (X_train - mu) / (sigma + 1e-8), (X_test - mu) / (sigma + 1e-8)

    fails_with(lambda: check_standardise(tiny), "sigma + 1e-08", "adds 0.1")


def test_cross_entropy_check_names_the_global_max():
    def global_max(Z, y):
        E = np.exp(Z - Z.max())
        P = E / E.sum(axis=1, keepdims=True)
        return float(-np.mean(np.log(P[np.arange(len(y)), y])))

    fails_with(lambda: check_cross_entropy(global_max), "[0, 1, -1]", "own largest score")


def test_gradient_check_names_the_global_max():
    def global_max(Z, y):
        E = np.exp(Z - Z.max())
        G = E / E.sum(axis=1, keepdims=True)
        G[np.arange(len(y)), y] -= 1
        return G / len(y)

    fails_with(lambda: check_cross_entropy_grad(global_max), "nan or inf", "own largest")


def with_epsilon(eps):
    def cross_entropy(Z, y):
        return float(-np.mean(np.log(softmax(Z)[np.arange(len(y)), y] + eps)))

    return cross_entropy


def test_cross_entropy_check_names_a_tiny_epsilon_that_caps_a_confident_mistake():
    # close enough on ordinary rows; on [1000, 0, 0] with label 1 it caps the row's loss
    for eps in (1e-12, 1e-9):
        message = fails_with(
            lambda eps=eps: check_cross_entropy(with_epsilon(eps)), "confident mistake", "caps"
        )
        assert "Z - log(sum(exp(Z)))" in message


def test_cross_entropy_check_names_the_log_of_a_probability_that_underflows():
    def log_of_softmax(Z, y):  # a stable softmax, then its log: log(0) on a sure mistake
        with np.errstate(divide="ignore"):
            return float(-np.mean(np.log(softmax(Z)[np.arange(len(y)), y])))

    message = fails_with(
        lambda: check_cross_entropy(log_of_softmax), "came out inf", "[1000, 0, 0] with label 1"
    )
    assert "rounds to 0" in message and "Z - log(sum(exp(Z)))" in message


def test_cross_entropy_check_names_a_larger_epsilon_with_digits_that_differ():
    message = fails_with(lambda: check_cross_entropy(with_epsilon(1e-6)), "inside the log")
    assert "not a sum" not in message
    shown = message.split(" came out ")[1].split("; it should be ")[0]
    right = message.split("; it should be ")[1].split(". ")[0]
    assert shown != right, message


def test_epoch_check_names_zero_grad_after_backward():
    def late_zero(model, loss, optimizer, X, y, batch_size, rng):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch_size):
            rows = order[start : start + batch_size]
            loss.forward(model.forward(X[rows]), y[rows])
            model.backward(loss.backward())
            optimizer.zero_grad()
            optimizer.step()
        return 1.0

    fails_with(lambda: check_train_epoch(late_zero), "wiped the gradients", "before model.backward")


def test_epoch_check_names_a_step_before_the_backward_pass():
    def early_step(model, loss, optimizer, X, y, batch_size, rng):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch_size):
            rows = order[start : start + batch_size]
            loss.forward(model.forward(X[rows]), y[rows])
            optimizer.zero_grad()
            optimizer.step()
            model.backward(loss.backward())
        return 1.0

    fails_with(lambda: check_train_epoch(early_step), "before the batch's backward pass")


def test_epoch_check_names_images_shuffled_but_not_their_labels():
    def parted(model, loss, optimizer, X, y, batch_size, rng):
        order, total = rng.permutation(len(X)), 0.0
        for start in range(0, len(X), batch_size):
            rows = order[start : start + batch_size]
            yb = y[start : start + batch_size]  # the labels left in their stored order
            total += loss.forward(model.forward(X[rows]), yb) * len(rows)
            optimizer.zero_grad()
            model.backward(loss.backward())
            optimizer.step()
        return total / len(X)

    fails_with(lambda: check_train_epoch(parted), "labels were not", "X[rows] and y[rows]")


def test_epoch_check_names_x_shuffled_in_place():
    def shuffle_x(model, loss, optimizer, X, y, batch_size, rng):
        rng.shuffle(X)
        return train_epoch(model, loss, optimizer, X, y, batch_size, _Ordered())

    fails_with(lambda: check_train_epoch(shuffle_x), "rng.shuffle(X)", "X[rows] and y[rows]")


def test_early_stopping_check_names_a_split_off_by_one_row():
    def off_by_one(model, X, y, rng):
        n = len(X) * 3 // 4 + 1
        opt = Momentum(model.parameters(), lr=0.03, beta=0.9)
        data = {"X_val": X[n:], "Y_val": y[n:], "patience": 5, "rng": rng}
        return fit(model, SoftmaxCrossEntropy(), X[:n], y[:n], opt, 200, 32, **data)

    message = fails_with(lambda: check_early_stopping(off_by_one), "first 60 of 80")
    numbers = message.split("(")[1].split(" after")[0], message.split("not ")[1].split(")")[0]
    assert numbers[0] != numbers[1], message


@pytest.mark.parametrize(
    ("wrong", "fragment"),
    [
        (lambda X: np.linspace(2.3, 0.1, 60), "same losses"),
        (lambda X: np.linspace(2.3, 0.1, 10), "returned 10 numbers"),
        (lambda X: np.linspace(2.3, 0.1, 60) / (1 + np.abs(X.mean())), "not above"),
        (lambda X: [X.__isub__(X.mean()), np.zeros(60)][1], "changed the X"),
    ],
    ids=["ignores-X", "too-few", "faster-raw", "in-place"],
)
def test_raw_pixels_check_names_the_slip(wrong, fragment):
    fails_with(lambda: check_raw_pixels(wrong, DATA), fragment)


def test_raw_pixels_check_names_a_new_seed_on_every_call():
    def unseeded(X):
        return losses_on(X) + np.random.default_rng().uniform(0, 0.01)

    fails_with(lambda: check_raw_pixels(unseeded, DATA), "second time", "SEED")


def test_raw_pixels_check_names_images_standardised_again_inside():
    def inside(X):
        return losses_on((X - X.mean(axis=0)) / (X.std(axis=0) + 0.1))

    fails_with(lambda: check_raw_pixels(inside, DATA), "same losses", "not standardised again")


def test_raw_pixels_check_names_images_centred_inside():
    def centred(X):  # a run that only sees X - X.mean(): the same for X + 0.5
        return np.linspace(2.3, 0.1, 60) * (1 + X.std())

    fails_with(lambda: check_raw_pixels(centred, DATA), "plus 0.5", "as it is")


def test_softmax_check_names_the_columns_summed():
    def columns(Z):
        E = np.exp(Z - Z.max(axis=1, keepdims=True))
        return E / E.sum(axis=0, keepdims=True)

    fails_with(lambda: check_softmax(columns), "do not sum to 1", "axis=1")


def test_softmax_check_names_an_overflow():
    fails_with(
        lambda: check_softmax(lambda Z: np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)),
        "nan or inf for scores as large as 1000.0",
        "overflows",
    )


def test_softmax_check_names_the_global_max():
    def global_max(Z):
        E = np.exp(Z - Z.max())
        return E / E.sum(axis=1, keepdims=True)

    fails_with(lambda: check_softmax(global_max), "[0, 1, -1]", "own largest score")


def test_softmax_check_names_a_transposed_result():
    fails_with(lambda: check_softmax(lambda Z: softmax(Z).T), "shape (3, 4)")


def test_softmax_check_says_a_difference_when_the_rows_sum_to_1():
    fails_with(lambda: check_softmax(lambda Z: softmax(2 * Z)), "differs from", "rows sum to 1")


def test_accuracy_check_names_the_error_rate():
    def error_rate(model, X, y):
        return 1 - accuracy(model, X, y)

    message = fails_with(lambda: check_accuracy(error_rate), "read wrong", "not !=")
    assert "dropout" not in message


def test_accuracy_check_blames_dropout_only_when_dropout_explains_the_number():
    def lowest(model, X, y):
        model.eval()
        try:
            return float(np.mean(model.forward(X).argmin(axis=1) == y))
        finally:
            model.train()

    message = fails_with(lambda: check_accuracy(lowest), "argmax(axis=1)")
    assert "ran with dropout on" not in message


def test_epoch_check_names_x_and_y_shuffled_together_in_place():
    def both(model, loss, optimizer, X, y, batch_size, rng):
        order = rng.permutation(len(X))
        X[:], y[:] = X[order], y[order]
        return train_epoch(model, loss, optimizer, X, y, batch_size, _Ordered())

    message = fails_with(lambda: check_train_epoch(both), "together", "leaving X and y")
    assert "no longer line up" not in message


def test_epoch_check_names_a_shuffle_not_drawn_from_the_rng_given():
    def global_rng(model, loss, optimizer, X, y, batch_size, rng):
        return train_epoch(model, loss, optimizer, X, y, batch_size, np.random.default_rng(123))

    fails_with(lambda: check_train_epoch(global_rng), "not by the rng", "rng.permutation")


def test_epoch_check_names_a_loop_that_draws_from_fits_default_seed():
    # default_rng(0) is fit's own default: the check must not hand the learner that seed
    def own_zero(model, loss, optimizer, X, y, batch_size, rng):
        return train_epoch(model, loss, optimizer, X, y, batch_size, np.random.default_rng(0))

    fails_with(lambda: check_train_epoch(own_zero), "not by the rng", "from the rng argument")


@pytest.mark.parametrize(
    ("wrong", "fragment"),
    [
        (lambda s, X, y: stop_then_retrain(s, X, y)[0], "the pair (model, epochs)"),
        (lambda s, X, y: (stop_then_retrain(s, X, y)[0], 60), "early stopping chose"),
        (lambda s, X, y: stop_then_retrain(s, X, y, rows=len(X) * 3 // 4), "three quarters"),
        (lambda s, X, y: stop_then_retrain(s, X, y, rng_seed=0), "default_rng(seed)"),
        (lambda s, X, y: stop_then_retrain(s, X, y, epochs="epochs_run"), "epochs_run ="),
        (lambda s, X, y: (make_model(s), stop_then_retrain(s, X, y)[1]), "fresh network"),
        (lambda s, X, y: stop_then_retrain(s, X, y)[::-1], "other way round"),
        (lambda s, X, y: stop_then_retrain(s, X, y, shared=True), "already drawn from"),
    ],
    ids=[
        "no-pair",
        "epochs",
        "three-quarters",
        "rng",
        "epochs-run",
        "untrained",
        "swapped",
        "shared-rng",
    ],
)
def test_retrain_check_names_the_slip(wrong, fragment):
    fails_with(lambda: check_stop_then_retrain_on_data(wrong), fragment)


def test_retrain_check_names_epochs_run_returned_for_best_epoch():
    def run_count(seed, X, y):
        history = fit_with_early_stopping(make_model(seed), X, y, np.random.default_rng(seed))
        model, _ = stop_then_retrain(seed, X, y)
        return model, history.epochs_run

    fails_with(lambda: check_stop_then_retrain_on_data(run_count), "that is epochs_run")


def test_raw_pixels_check_names_a_network_trained_before_and_reused():
    runs = iter(range(1, 100))

    def reused(X):  # each call goes on training the same network: lower every time
        return losses_on(X) / (10 * next(runs))

    fails_with(lambda: check_raw_pixels(reused, DATA), "trained before", "make_model(SEED)")


def test_retrain_check_names_early_stopping_in_fit_default_order():
    def default_order(seed, X, y):
        epochs = fit_with_early_stopping(make_model(seed), X, y, 0).best_epoch
        model = make_model(seed)
        train(model, X, y, np.random.default_rng(seed), epochs=epochs)
        return model, epochs

    fails_with(lambda: check_stop_then_retrain_on_data(default_order), "rng=0", "default_rng(seed)")


def test_retrain_check_says_a_swapped_pair_without_calling_the_network_epochs():
    message = fails_with(
        lambda: check_stop_then_retrain_on_data(lambda s, X, y: stop_then_retrain(s, X, y)[::-1]),
        "the network first",
    )
    assert "epochs; early stopping" not in message


def test_cross_entropy_check_names_a_mean_over_every_entry():
    def per_entry(Z, y):
        onehot = np.eye(Z.shape[1])[y]
        Z = Z - Z.max(axis=1, keepdims=True)
        log_p = Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))
        return float(-np.mean(onehot * log_p))

    fails_with(lambda: check_cross_entropy(per_entry), "3 times too small", "mean over the N rows")


def test_cross_entropy_check_names_every_row_against_every_label():
    def all_labels(Z, y):
        Z = Z - Z.max(axis=1, keepdims=True)
        log_p = Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))
        return float(-np.mean(log_p[:, y]))

    fails_with(lambda: check_cross_entropy(all_labels), "log_p[:, y]", "np.arange(len(y))")


def test_gradient_check_names_the_onehot_taken_off_whole_columns():
    def columns(Z, y):
        G = softmax(Z)
        G[:, y] -= 1  # the classic slip: every row, in every label's column
        return G / len(y)

    fails_with(lambda: check_cross_entropy_grad(columns), "G[:, y] -= 1", "G[np.arange(N), y]")


def test_gradient_check_names_a_mean_over_every_entry():
    def per_entry(Z, y):
        return cross_entropy_grad(Z, y) / Z.shape[1]

    fails_with(lambda: check_cross_entropy_grad(per_entry), "3 times too small", "divide by N")


# A run of the lab's kind on small data: the network and seed check_raw_pixels is told of
RAW = SimpleNamespace(X_train=DATA.X_train, y_train=np.random.default_rng(8).integers(0, 10, 50))


def raw_model(seed, dropout=True):
    layers = [Linear(64, 16, init="he", rng=seed), ReLU()]
    layers += [Dropout(0.2, rng=seed + 7)] if dropout else []
    return Sequential(*layers, Linear(16, 10, rng=seed + 1))


def raw_losses_on(X, dropout=True):
    model = raw_model(3, dropout)
    return np.array(train(model, X, RAW.y_train, np.random.default_rng(3)))


def check_raw_run(losses_on):
    check_raw_pixels(losses_on, RAW, make_model=raw_model, seed=3)


def test_raw_pixels_check_passes_on_the_run_described():
    check_raw_run(raw_losses_on)


def test_raw_pixels_check_names_a_network_without_dropout():
    fails_with(
        lambda: check_raw_run(lambda X: raw_losses_on(X, dropout=False)),
        "without its dropout layer",
        "make_model(SEED)",
    )


def test_raw_pixels_check_names_another_network():
    def other_seed(X):
        return np.array(train(raw_model(4), X, RAW.y_train, np.random.default_rng(4)))

    message = fails_with(lambda: check_raw_run(other_seed), "differ from the run above")
    assert "dropout" not in message.split(").")[1], message


def test_the_lab_says_how_many_points_its_checks_carry():
    """The page's "ten points" is the sum of its graded cells' points."""
    import re
    from pathlib import Path

    lab = (Path(__file__).parents[1] / "docs" / "labs" / "digits.py").read_text()
    points = [int(p) for p in re.findall(r'"points": (\d+)', lab)]
    words = {9: "nine", 10: "ten", 11: "eleven", 12: "twelve"}
    assert len(points) == 9 and f"{words[sum(points)]} points in all" in lab, points
