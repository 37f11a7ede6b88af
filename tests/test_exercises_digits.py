"""The checks of the digits lab: each fails on the starter and on a typical wrong answer, with a
message naming the mistake, and passes on the solution."""

from __future__ import annotations

import numpy as np
import pytest
from test_exercises_autograd import fails_with

from backprop.exercises.digits import (
    check_accuracy,
    check_cross_entropy,
    check_cross_entropy_grad,
    check_early_stopping,
    check_standardise,
    check_train_epoch,
    check_with_adam,
)
from backprop.nn import SoftmaxCrossEntropy
from backprop.optim import Adam, Momentum
from backprop.train import fit

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


def fit_with_early_stopping(model, X, y, patience=5, share=3 / 4):
    n = int(len(X) * share)
    opt = Momentum(model.parameters(), lr=0.03, beta=0.9)
    data = {"X_val": X[n:], "Y_val": y[n:], "patience": patience}
    return fit(model, SoftmaxCrossEntropy(), X[:n], y[:n], opt, 200, 32, **data)


def starter(*args):
    raise NotImplementedError()


CHECKS = [
    (check_standardise, standardise),
    (check_cross_entropy, cross_entropy),
    (check_cross_entropy_grad, cross_entropy_grad),
    (check_train_epoch, train_epoch),
    (check_accuracy, accuracy),
    (check_with_adam, train_with_adam),
    (check_early_stopping, fit_with_early_stopping),
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
        lambda: check_early_stopping(lambda m, X, y: fit_with_early_stopping(m, X, y, 3)),
        "patience=5",
    )


def test_early_stopping_check_names_another_validation_split():
    fails_with(
        lambda: check_early_stopping(lambda m, X, y: fit_with_early_stopping(m, X, y, 5, 0.5)),
        "three quarters",
    )
