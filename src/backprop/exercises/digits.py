"""Checks for the lab "Handwritten digits": one per piece the learner writes, and its extras.

| the learner writes | its check |
| --- | --- |
| `standardise(X_train, X_test)` | `check_standardise` |
| `softmax(Z)`, each row of scores made probabilities | `check_softmax` |
| `cross_entropy(Z, y)`, the loss | `check_cross_entropy` |
| `cross_entropy_grad(Z, y)`, its gradient | `check_cross_entropy_grad` |
| `train_epoch(model, loss, optimizer, X, y, batch_size, rng)` | `check_train_epoch` |
| `accuracy(model, X, y)` | `check_accuracy` |
| `losses_on(X)`, a run on given pixels (try next) | `check_raw_pixels` |
| `train_with_adam(model, X, y, rng)` (try next) | `check_with_adam` |
| `fit_with_early_stopping(model, X, y, rng)` (try next) | `check_early_stopping` |
| `stop_then_retrain(seed, X, y)` (try next) | `check_stop_then_retrain` |

Each check compares the learner's function with the package's own
([`SoftmaxCrossEntropy`][backprop.nn.SoftmaxCrossEntropy], [`fit`][backprop.train.fit],
[`accuracy`][backprop.train.accuracy]) on small made-up data, returns None when all is well
and raises [`ExerciseError`][backprop.exercises.ExerciseError] with one sentence (and the usual
slip, where it recognises one) when not. Nothing here needs scikit-learn.

Examples
--------
>>> import numpy as np
>>> from backprop.exercises.digits import check_cross_entropy
>>> def cross_entropy(Z, y):  # the textbook formula, no guard for overflow
...     P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
...     return float(-np.mean(np.log(P[np.arange(len(y)), y])))
>>> check_cross_entropy(cross_entropy)
Traceback (most recent call last):
...
backprop.exercises.ExerciseError: cross_entropy(Z, y) came out nan for scores as
large as 1000.0; it should be 0.0. exp(1000.0) overflows: subtract each row's
largest score first (it changes no probability).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from backprop.exercises import (
    ExerciseError,
    _call,
    _check_callable,
    _describe,
    _fmt,
    _short,
)
from backprop.nn import Dropout, Linear, ReLU, Sequential, SoftmaxCrossEntropy
from backprop.optim import SGD, Adam, Momentum
from backprop.train import History, fit
from backprop.train import accuracy as _accuracy

__all__ = [
    "check_accuracy",
    "check_cross_entropy",
    "check_cross_entropy_grad",
    "check_early_stopping",
    "check_raw_pixels",
    "check_softmax",
    "check_standardise",
    "check_stop_then_retrain",
    "check_train_epoch",
    "check_with_adam",
]


def check_standardise(standardise: Callable) -> None:
    """Check ``standardise(X_train, X_test)``: both scaled by the training pixels' statistics.

    Each column $j$ becomes $(x_j - \\mu_j) / (\\sigma_j + 0.1)$, with $\\mu_j$ and
    $\\sigma_j$ the mean and standard deviation of column $j$ of ``X_train`` only.

    Parameters
    ----------
    standardise : callable
        The learner's function, returning the pair ``(X_train_std, X_test_std)``.

    Raises
    ------
    ExerciseError
        If the pair is not two arrays of the inputs' shapes holding those numbers, naming the
        slip (statistics of the test set, or of the rows, or the $+0.1$ left out).

    Examples
    --------
    >>> from backprop.exercises.digits import check_standardise
    >>> def standardise(X_train, X_test):  # each set by its own statistics
    ...     scale = lambda X: (X - X.mean(axis=0)) / (X.std(axis=0) + 0.1)
    ...     return scale(X_train), scale(X_test)
    >>> check_standardise(standardise)
    Traceback (most recent call last):
    ...
    backprop.exercises.ExerciseError: standardise(X_train, X_test) gave a test set
    that differs from the right one (by up to 8.58). The test set was scaled by its
    own statistics: use the mean and standard deviation of X_train for both.
    """
    _check_callable("standardise", standardise)
    rng = np.random.default_rng(0)
    X_train = rng.uniform(0, 1, (40, 6)) * [1, 2, 0.5, 1, 3, 1]
    X_train[:, 3] = 0.0  # a pixel blank in every training image
    X_test = rng.uniform(0, 1, (9, 6))
    what = "standardise(X_train, X_test)"
    given = X_train.copy(), X_test.copy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a division by 0 is reported below
        got = _call(what, standardise, *given)
    for name, X, mine in zip(("X_train", "X_test"), (X_train, X_test), given, strict=True):
        if not np.array_equal(mine, X):
            raise ExerciseError(
                f"{what} changed the {name} it was given (an in-place `-=` or `/=`): the "
                f"caller's array, d.{name} in the lab, now holds other numbers. Compute new "
                f"arrays, ({name} - mu) / (sigma + 0.1), and leave the inputs as they are."
            )
    if not isinstance(got, tuple | list) or len(got) != 2:
        raise ExerciseError(
            f"{what} returned {_describe(got)}; it should return the pair (X_train_std, X_test_std)"
        )

    def scaled(mu: Any, sigma: Any, X: np.ndarray) -> np.ndarray:
        return (X - mu) / (sigma + 0.1)

    mu, sigma = X_train.mean(axis=0), X_train.std(axis=0)
    both = np.vstack([X_train, X_test])
    slips = {
        "The test set was scaled by its own statistics: use the mean and standard deviation "
        "of X_train for both.": [scaled(X_test.mean(axis=0), X_test.std(axis=0), X_test)],
        "The statistics came from both sets together: take them from X_train alone (the "
        "test images stand for data that comes later).": [
            scaled(both.mean(axis=0), both.std(axis=0), X) for X in (X_train, X_test)
        ],
        "The statistics were taken along the rows (axis=1): each pixel (column) gets its "
        "own, with axis=0.": [
            scaled(X.mean(axis=1, keepdims=True), X.std(axis=1, keepdims=True), X)
            for X in (X_train, X_test)
        ],
        "The standard deviation divides by N - 1 (ddof=1): this lab uses numpy's default, "
        "X_train.std(axis=0), which divides by N.": [
            scaled(mu, X_train.std(axis=0, ddof=1), X) for X in (X_train, X_test)
        ],
    }
    for name, X, result in zip(("training", "test"), (X_train, X_test), got, strict=True):
        result = _as_array(f"the {name} set {what} returned", result)
        if result.shape != X.shape:
            raise ExerciseError(
                f"{what} gave a {name} set of shape {result.shape}; it should keep the shape "
                f"{X.shape}"
            )
        want = scaled(mu, sigma, X)
        if not np.allclose(result, want, rtol=1e-9, atol=1e-12):
            hint = ""
            for text, wrong in slips.items():
                candidate = wrong[0] if len(wrong) == 1 else wrong[name == "test"]
                if candidate.shape == result.shape and np.allclose(
                    result, candidate, rtol=1e-9, atol=1e-12, equal_nan=True
                ):
                    hint = " " + text
                    break
            if not hint and not np.isfinite(result).all():
                hint = (
                    " It holds nan or inf: a pixel blank in every training image has sigma 0, so "
                    "divide by sigma + 0.1."
                )
            if not hint and (floor := _floor_used(X - mu, result, sigma)) is not None:
                hint = (
                    f" It divides by sigma + {floor:.3g}; the lab's formula adds 0.1."
                    if abs(floor) > 1e-12
                    else " It divides by sigma alone; the lab's formula adds 0.1 to it."
                )
            gap = np.nanmax(np.abs(np.where(np.isfinite(result), result - want, np.inf)))
            raise ExerciseError(
                f"{what} gave a {name} set that differs from the right one (by up to "
                f"{_fmt(round(float(gap), 2))}).{hint}"
            )


def check_softmax(softmax: Callable) -> None:
    """Check ``softmax(Z)``: each row of scores made probabilities, $e^{z_k} / \\sum_j e^{z_j}$.

    Parameters
    ----------
    softmax : callable
        The learner's function of the scores ``Z`` (shape ``(N, C)``), returning an array of
        the same shape whose rows are positive and sum to 1.

    Raises
    ------
    ExerciseError
        If the array differs from the softmax of each row, naming the slip (the columns
        normalised instead of the rows, an overflow for large scores, the largest score of the
        whole array subtracted instead of each row's).

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.exercises.digits import check_softmax
    >>> def softmax(Z):  # sums down the columns
    ...     E = np.exp(Z - Z.max(axis=1, keepdims=True))
    ...     return E / E.sum(axis=0, keepdims=True)
    >>> check_softmax(softmax)
    Traceback (most recent call last):
    ...
    backprop.exercises.ExerciseError: softmax(Z) gave rows that do not sum to 1 (the
    first sums to 0.42598). Each row's scores make one distribution: sum along
    axis=1, with keepdims=True.
    """
    _check_callable("softmax", softmax)
    what = "softmax(Z)"
    for Z, _, note, nan_hint in _loss_cases():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # an overflow is reported below
            got = _call(what, softmax, Z.copy())
        got = _as_array(f"{what} returned", got)
        if got.shape != Z.shape:
            raise ExerciseError(
                f"{what} returned an array of shape {got.shape}; it should have the shape of "
                f"Z, {Z.shape}: one probability per score"
            )
        E = np.exp(Z - Z.max(axis=1, keepdims=True))
        want = E / E.sum(axis=1, keepdims=True)
        if np.allclose(got, want, rtol=1e-9, atol=1e-12):
            continue
        if not np.isfinite(got).all():
            raise ExerciseError(f"{what} holds nan or inf{note}.{nan_hint}")
        sums = got.sum(axis=1)
        if not np.allclose(sums, 1):
            raise ExerciseError(
                f"{what} gave rows that do not sum to 1 (the first sums to "
                f"{_fmt(round(float(sums[0]), 6))}). Each row's scores make one distribution: "
                "sum along axis=1, with keepdims=True."
            )
        raise ExerciseError(
            f"{what} differs from each row's exp(z_k) / sum_j exp(z_j){note} (by up to "
            f"{float(np.max(np.abs(got - want))):.1e}), though its rows sum to 1."
        )


def check_cross_entropy(cross_entropy: Callable) -> None:
    """Check ``cross_entropy(Z, y)``: the mean over rows of $-\\log p_{i, y_i}$, softmax first.

    Parameters
    ----------
    cross_entropy : callable
        The learner's function of the scores ``Z`` (shape ``(N, C)``) and the integer labels
        ``y`` (shape ``(N,)``), returning one number.

    Raises
    ------
    ExerciseError
        If the number differs from [`SoftmaxCrossEntropy`][backprop.nn.SoftmaxCrossEntropy]'s,
        naming the slip (a sum for the mean, a softmax along the wrong axis, an overflow for
        large scores, the largest score of the whole array subtracted instead of each row's, a
        small number added inside the log, the log of a probability that underflows to 0 on a
        confident mistake). Differences below a millionth pass.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.exercises.digits import check_cross_entropy
    >>> def cross_entropy(Z, y):
    ...     Z = Z - Z.max(axis=1, keepdims=True)
    ...     log_p = Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))
    ...     return float(-np.mean(log_p[np.arange(len(y)), y]))
    >>> check_cross_entropy(cross_entropy)  # passes: nothing printed
    """
    _check_callable("cross_entropy", cross_entropy)
    for Z, y, note, nan_hint in _loss_cases():
        what = "cross_entropy(Z, y)"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # an overflow is reported below
            got = _call(what, cross_entropy, Z.copy(), y.copy())
        if isinstance(got, np.ndarray) and got.size == 1:
            got = got.item()
        if got is None or isinstance(got, np.ndarray) or not np.isscalar(got):
            raise ExerciseError(
                f"{what} returned {_describe(got)}; it should return one number, the mean loss "
                "over the rows"
            )
        want = SoftmaxCrossEntropy().forward(Z, y)
        got = float(got)
        if np.isclose(got, want, rtol=1e-6, atol=1e-8):
            continue
        hint = ""
        if not np.isfinite(got) or (nan_hint == _UNDERFLOW and got < want):
            hint = nan_hint
        elif abs(want) > 0.1 and np.isclose(got, want * len(y)):
            hint = f" That is {len(y)} times too large: take the mean over the rows, not a sum."
        elif np.isclose(got, _cross_entropy_along_columns(Z, y)):
            hint = (
                " The softmax ran down the columns (axis=0): each row's scores make one "
                "distribution, so normalise along axis=1."
            )
        elif abs(want) > 0.1 and np.isclose(got, want / Z.shape[1]):
            hint = (
                f" That is {Z.shape[1]} times too small, the number of classes: a mean over "
                "all N x C entries of onehot(y) * log P. Only the right class's entry of a row "
                "is not 0: take -log p[i, y_i] for each row, then the mean over the N rows."
            )
        elif np.isclose(got, _cross_entropy_all_labels(Z, y)):
            hint = (
                f" log_p[:, y] takes every row's entries in the columns of all {len(y)} labels "
                f"(an array of shape ({len(y)}, {len(y)})): take each row's own label, "
                "log_p[np.arange(len(y)), y]."
            )
        elif abs(got - want) < 1e-2 * max(1.0, abs(want)):
            hint = (
                f" Close, but off by {abs(got - want):.1e}, as a small number added inside the "
                "log (np.log(P + 1e-7), say) would make it. Leave it out and take the log of "
                "the softmax as Z - log(sum(exp(Z))), each row's largest score subtracted "
                "first: it needs no guard."
            )
        shown, right = _apart(got, want)
        raise ExerciseError(f"{what} came out {shown}{note}; it should be {right}.{hint}")


def check_cross_entropy_grad(cross_entropy_grad: Callable) -> None:
    """Check ``cross_entropy_grad(Z, y)``: $\\partial L / \\partial Z = (P - \\text{onehot}(y))/N$.

    Parameters
    ----------
    cross_entropy_grad : callable
        The learner's function of the scores ``Z`` (shape ``(N, C)``) and the labels ``y``,
        returning an array of the shape of ``Z``.

    Raises
    ------
    ExerciseError
        If the array differs from [`SoftmaxCrossEntropy`][backprop.nn.SoftmaxCrossEntropy]'s
        backward pass, naming the slip (the $1/N$ left out, the one-hot not subtracted, the
        sign flipped, an overflow).

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.exercises.digits import check_cross_entropy_grad
    >>> def cross_entropy_grad(Z, y):  # forgets the 1/N of the mean
    ...     P = np.exp(Z - Z.max(axis=1, keepdims=True))
    ...     P /= P.sum(axis=1, keepdims=True)
    ...     P[np.arange(len(y)), y] -= 1
    ...     return P
    >>> check_cross_entropy_grad(cross_entropy_grad)
    Traceback (most recent call last):
    ...
    backprop.exercises.ExerciseError: cross_entropy_grad(Z, y) differs from (P -
    onehot(y)) / N for N=4 rows. It is N times too large: the loss is a mean, so
    divide by N.
    """
    _check_callable("cross_entropy_grad", cross_entropy_grad)
    for Z, y, note, nan_hint in _loss_cases():
        what = "cross_entropy_grad(Z, y)"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # an overflow is reported below
            got = _call(what, cross_entropy_grad, Z.copy(), y.copy())
        got = _as_array(f"{what} returned", got)
        if got.shape != Z.shape:
            raise ExerciseError(
                f"{what} returned an array of shape {got.shape}; it should have the shape of "
                f"Z, {Z.shape}: one gradient per score"
            )
        loss = SoftmaxCrossEntropy()
        loss.forward(Z, y)
        want = loss.backward()
        if np.allclose(got, want, rtol=1e-7, atol=1e-12):
            continue
        N = len(y)
        P = want * N
        P[np.arange(N), y] += 1
        all_labels = P.copy()
        all_labels[:, y] -= 1  # every row loses 1 in every label's column
        slips = {
            "G[:, y] -= 1 takes 1 off every row in the columns of all the labels: take it "
            "off each row's own label only, G[np.arange(N), y] -= 1.": all_labels / N,
            f"It is {Z.shape[1]} times too small, the number of classes: the loss is a mean "
            "over the N rows, not over all N x C entries, so divide by N only.": want / Z.shape[1],
            "It is N times too large: the loss is a mean, so divide by N.": want * N,
            "The one-hot of the labels was not subtracted: from P, take 1 off each row's right "
            "class.": P / N,
            "Its sign is flipped: it is P minus the one-hot, not the other way round.": -want,
        }
        hint = next(
            (" " + t for t, w in slips.items() if np.allclose(got, w, rtol=1e-7, atol=1e-12)),
            "",
        )
        if not hint and not np.isfinite(got).all():
            hint = " It holds nan or inf." + nan_hint
        raise ExerciseError(f"{what} differs from (P - onehot(y)) / N for N={N} rows{note}.{hint}")


def check_train_epoch(train_epoch: Callable) -> None:
    """Check ``train_epoch(model, loss, optimizer, X, y, batch_size, rng)``: one pass of
    mini-batch gradient descent over the shuffled rows.

    The rows are shuffled with ``rng.permutation(N)``, cut into batches of ``batch_size`` (the
    last one may be smaller), and for each batch: a forward pass, the loss, the backward pass,
    an update; the function returns the mean loss of the epoch, each batch weighted by its
    rows. The result is compared with one epoch of [`fit`][backprop.train.fit] on a twin model.

    Parameters
    ----------
    train_epoch : callable
        The learner's function.

    Raises
    ------
    ExerciseError
        If rows are left out or seen twice, if the weights after the epoch differ from
        ``fit``'s (naming the slip: no shuffle, a shuffle not drawn from ``rng``, the images
        shuffled but not their labels, no update, the step before the backward pass,
        ``zero_grad`` between them), if the arrays given are reordered in place, or if the mean
        loss differs.

    Examples
    --------
    >>> from backprop.exercises.digits import check_train_epoch
    >>> def train_epoch(model, loss, optimizer, X, y, batch_size, rng):
    ...     # forgets the shuffle
    ...     total = 0.0
    ...     for start in range(0, len(X), batch_size):
    ...         rows = slice(start, start + batch_size)
    ...         Xb, yb = X[rows], y[rows]
    ...         total += loss.forward(model.forward(Xb), yb) * len(Xb)
    ...         optimizer.zero_grad()
    ...         model.backward(loss.backward())
    ...         optimizer.step()
    ...     return total / len(X)
    >>> check_train_epoch(train_epoch)
    Traceback (most recent call last):
    ...
    backprop.exercises.ExerciseError: after train_epoch the weights differ from one
    epoch of fit. The rows were taken in their stored order: shuffle them first,
    with order = rng.permutation(len(X)).
    """
    _check_callable("train_epoch", train_epoch)
    rng = np.random.default_rng(1)
    X = rng.standard_normal((23, 4))
    y = rng.integers(0, 3, 23)
    batch_size = 5

    # a seed of its own, not fit's default rng=0: a loop that draws from default_rng(0)
    # instead of the rng it is given must not pass
    seed = 5
    twin = _small_model()
    twin_opt = SGD(twin.parameters(), lr=0.1)
    want = fit(twin, SoftmaxCrossEntropy(), X, y, twin_opt, 1, batch_size, rng=seed)
    unshuffled = _small_model()
    fit(unshuffled, SoftmaxCrossEntropy(), X, y, SGD(unshuffled.parameters(), lr=0.1), 1, None)
    ordered, parted = _small_model(), _small_model()
    loss = SoftmaxCrossEntropy()
    order = np.random.default_rng(seed).permutation(len(X))  # what the learner's rng gives
    for net, rows_x in ((ordered, None), (parted, order)):
        opt = SGD(net.parameters(), lr=0.1)
        for start in range(0, len(X), batch_size):
            batch = slice(start, start + batch_size)
            xb = X[batch] if rows_x is None else X[rows_x[batch]]
            loss.forward(net.forward(xb), y[batch])  # the labels in their stored order
            net.backward(loss.backward())
            opt.step()

    learner = _Recorder(_small_model())
    optimizer = _Recorder(SGD(learner.parameters(), lr=0.1), learner.calls)
    what = f"train_epoch(model, loss, optimizer, X, y, batch_size={batch_size}, rng)"
    given = X.copy(), y.copy()
    got = _call(
        what,
        train_epoch,
        learner,
        SoftmaxCrossEntropy(),
        optimizer,
        *given,
        batch_size,
        np.random.default_rng(seed),
    )
    if not (np.array_equal(given[0], X) and np.array_equal(given[1], y)):
        if _same_pairs(given, (X, y)):
            raise ExerciseError(
                f"{what} reordered the X and y it was given, in place: together, so each image "
                "keeps its label, but the caller's arrays are shuffled now (the lab's X_train "
                "too). Take order = rng.permutation(len(X)) and index both, X[rows] and "
                "y[rows], leaving X and y as they are."
            )
        raise ExerciseError(
            f"{what} reordered or changed the X or y it was given (rng.shuffle(X) shuffles in "
            "place, and X alone: its rows no longer line up with their labels in y). Take "
            "order = rng.permutation(len(X)) and index both, X[rows] and y[rows]."
        )
    seen = np.concatenate(learner.rows) if learner.rows else np.empty((0, 4))
    if len(seen) != len(X) or not np.array_equal(np.sort(seen, axis=0), np.sort(X, axis=0)):
        raise ExerciseError(
            f"{what} ran the model forward on {len(seen)} rows in all; one epoch uses each of "
            f"the {len(X)} rows exactly once (the last batch holds the {len(X) % batch_size} "
            "left over)"
        )
    if any(len(rows) > batch_size for rows in learner.rows):
        raise ExerciseError(
            f"{what} ran batches of up to {max(len(r) for r in learner.rows)} rows; each "
            f"should hold at most batch_size = {batch_size}"
        )
    weights = _weights(learner.model)
    if not np.allclose(weights, _weights(twin), rtol=1e-9, atol=1e-12):
        calls = learner.calls
        steps = [i for i, call in enumerate(calls) if call == "step"]
        # what ran since the step before: a backward pass, then no zero_grad, is the right order
        since = [calls[a + 1 : b] for a, b in zip([-1, *steps], steps, strict=False)]
        if not steps:
            hint = " They have not moved: call optimizer.step() after each backward pass."
        elif "backward" not in calls:
            hint = " No backward pass ran: call model.backward(loss.backward()) before the step."
        elif any("backward" not in calls_before for calls_before in since):
            hint = (
                " optimizer.step() ran before the batch's backward pass, so each step moved "
                "the weights by the gradients of the batch before (or by none): call "
                "model.backward(loss.backward()) first, then optimizer.step()."
            )
        elif all("zero_grad" in c[len(c) - 1 - c[::-1].index("backward") :] for c in since):
            hint = (
                " optimizer.zero_grad() ran between the backward pass and the step, so it "
                "wiped the gradients the step needed: call it before model.backward."
            )
        elif np.allclose(weights, _weights(ordered), rtol=1e-9, atol=1e-12):
            hint = (
                " The rows were taken in their stored order: shuffle them first, with "
                "order = rng.permutation(len(X))."
            )
        elif np.allclose(weights, _weights(parted), rtol=1e-9, atol=1e-12):
            hint = (
                " The images were shuffled but the labels were not: each batch paired "
                "X[rows] with y in its stored order, so images met other digits' labels. "
                "Index both with the same rows, X[rows] and y[rows]."
            )
        elif np.allclose(weights, _weights(unshuffled), rtol=1e-9, atol=1e-12):
            hint = " It took one step on the whole set: cut the rows into batches."
        elif len(seen) == len(X) and not np.array_equal(seen, X[order]):
            hint = (
                " The rows were shuffled, but not by the rng it was given (np.random, or a "
                "generator of its own?), so a seed cannot repeat the run: take "
                "order = rng.permutation(len(X)) from the rng argument."
            )
        else:
            hint = ""
        raise ExerciseError(f"after train_epoch the weights differ from one epoch of fit.{hint}")
    got = _expect_float(f"the mean loss {what} returned", got)
    if not np.isclose(got, want.loss[0], rtol=1e-9):
        raise ExerciseError(
            f"{what} returned the mean loss {_fmt(got)}; it should be {_fmt(want.loss[0])}, "
            "the batches' losses weighted by their number of rows, over all rows"
        )


def check_accuracy(accuracy: Callable) -> None:
    """Check ``accuracy(model, X, y)``: the share of rows whose highest score is their label.

    The model holds a dropout layer: the accuracy must be measured in evaluation mode
    (dropout off), and the model put back in training mode afterwards.

    Parameters
    ----------
    accuracy : callable
        The learner's function, returning a float in $[0, 1]$.

    Raises
    ------
    ExerciseError
        If the number differs from [`backprop.train.accuracy`][backprop.train.accuracy]'s,
        naming the slip (a count for a share, the error rate, dropout left on), or if the model
        is left in evaluation mode.

    Examples
    --------
    >>> from backprop.exercises.digits import check_accuracy
    >>> def accuracy(model, X, y):  # counts instead of sharing out
    ...     model.eval()
    ...     right = int((model.forward(X).argmax(axis=1) == y).sum())
    ...     model.train()
    ...     return right
    >>> check_accuracy(accuracy)
    Traceback (most recent call last):
    ...
    backprop.exercises.ExerciseError: accuracy(model, X, y) came out 6.0 for 40
    rows; it should be 0.15, a share between 0 and 1: divide the number right by the
    number of rows.
    """
    _check_callable("accuracy", accuracy)
    rng = np.random.default_rng(2)
    X = rng.standard_normal((40, 5))
    y = rng.integers(0, 4, 40)
    model = _accuracy_model()
    want = _accuracy(model, X, y)
    what = "accuracy(model, X, y)"
    got = _call(what, accuracy, model, X, y)
    if not model.training:
        raise ExerciseError(
            f"{what} left the model in evaluation mode: call model.train() after measuring, "
            "or dropout stays off for the rest of training"
        )
    if isinstance(got, np.ndarray) and got.size == 1:
        got = got.item()
    got = _expect_float(f"{what}", got)
    if np.isclose(got, want, rtol=1e-12):
        return
    if np.isclose(got, want * len(y)):
        raise ExerciseError(
            f"{what} came out {_fmt(got)} for {len(y)} rows; it should be {_fmt(want)}, a share "
            "between 0 and 1: divide the number right by the number of rows."
        )
    if np.isclose(got, want * 100):
        raise ExerciseError(
            f"{what} came out {_fmt(got)}; it should be the share {_fmt(want)}, not a percentage"
        )
    if np.isclose(got, 1 - want, rtol=1e-12):
        raise ExerciseError(
            f"{what} came out {_fmt(got)}, the share of rows read wrong; it should be "
            f"{_fmt(want)}, the share read right (predicted == y, not !=)."
        )
    twin = _accuracy_model()  # the same dropout mask as the learner's first forward pass
    if np.isclose(got, float(np.mean(twin.forward(X).argmax(axis=1) == y)), rtol=1e-12):
        raise ExerciseError(
            f"{what} came out {_fmt(got)}; it should be {_fmt(want)}. The forward pass ran with "
            "dropout on: call model.eval() before it (and model.train() after), since dropout "
            "is for training only."
        )
    raise ExerciseError(
        f"{what} came out {_fmt(got)}; it should be {_fmt(want)}, the share of rows whose "
        "highest score, model.forward(X).argmax(axis=1), equals their label y, with the "
        "model in evaluation mode (dropout off)."
    )


def check_raw_pixels(
    losses_on: Callable,
    data: Any,
    epochs: int = 60,
    make_model: Callable | None = None,
    seed: int | None = None,
) -> None:
    """Check ``losses_on(X)``: the losses of a training run on the images ``X``, so that the run
    on raw pixels can be set beside the run on standardised ones.

    The check calls ``losses_on`` on the training images of ``data`` standardised as in the
    lab, on the raw ones (``data.X_train``), on the raw ones again and on the raw ones plus
    0.5. It expects ``epochs`` finite losses each time, the same for the same images (a
    seeded run), different for the others, the raw run's higher than the standardised one's
    after ten epochs. Given ``make_model`` and ``seed``, it also checks the first epochs of the
    standardised run against ``make_model(seed)`` trained with momentum (lr 0.03, beta 0.9),
    batches of 32 and ``np.random.default_rng(seed)`` on ``data.y_train``.

    Parameters
    ----------
    losses_on : callable
        The learner's function of the training images, returning one loss per epoch.
    data : Digits
        The lab's data set (anything with ``X_train``).
    epochs : int, optional
        How many losses a run returns; 60 in the lab.
    make_model : callable, optional
        The lab's ``make_model(seed)``, the network ``losses_on`` should build.
    seed : int, optional
        The seed of the lab, ``SEED``, for ``make_model`` and the rng.

    Raises
    ------
    ExerciseError
        If a run changes the images it is given, returns other than ``epochs`` finite losses,
        gives other losses when run again on the same images, the same losses for raw and
        standardised images or for images shifted by a constant (it standardises them itself),
        or is not slower on the raw pixels, or (given ``make_model``) trains another network
        than ``make_model(seed)``, naming one without its dropout.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> import numpy as np
    >>> from backprop.exercises.digits import check_raw_pixels
    >>> images = np.random.default_rng(0).uniform(size=(30, 64))
    >>> data = SimpleNamespace(X_train=images)
    >>> def losses_on(X):  # forgets X: trains on the same images every time
    ...     return np.linspace(2.3, 0.1, 60)
    >>> check_raw_pixels(losses_on, data)
    Traceback (most recent call last):
    ...
    backprop.exercises.ExerciseError: losses_on(X) gave the same losses for the raw
    and the standardised pixels: train on the X it is given, as it is (not on the
    lab's X_train, and not standardised again inside losses_on).
    """
    _check_callable("losses_on", losses_on)
    raw = np.array(data.X_train, dtype=np.float64)
    mu, sigma = raw.mean(axis=0), raw.std(axis=0)
    runs = []
    inputs = (
        ("standardised pixels", (raw - mu) / (sigma + 0.1)),
        ("raw pixels", raw),
        ("raw pixels, a second time", raw),
        ("raw pixels plus 0.5", raw + 0.5),
    )
    for name, X in inputs:
        what = f"losses_on(X) on the {name}"
        given = X.copy()
        got = _as_array(f"{what} returned", _call(what, losses_on, given))
        if not np.array_equal(given, X):
            raise ExerciseError(
                f"{what} changed the X it was given: train on it, leave its numbers as they are"
            )
        if got.shape != (epochs,):
            raise ExerciseError(
                f"{what} returned {got.size} numbers; it should return the loss of each of the "
                f"{epochs} epochs"
            )
        if not np.isfinite(got).all():
            raise ExerciseError(f"{what} returned losses holding nan or inf")
        runs.append(got)
    standardised, raw_losses, again, shifted = runs
    for name, run in (("standardised", standardised), ("raw", raw_losses)):
        if run[0] < 0.2:  # an untrained network starts near ln 10 = 2.3
            raise ExerciseError(
                f"the {name} run's first epoch already has the loss {_fmt(float(run[0]))}: "
                "the network had been trained before; build a fresh one with "
                "make_model(SEED) inside losses_on, so that both runs start from the same "
                "untrained weights"
            )
    if not np.allclose(raw_losses, again, rtol=1e-6, atol=0):
        raise ExerciseError(
            "losses_on(X) gave other losses when run a second time on the same raw pixels "
            f"({_fmt(float(raw_losses[0]))}, then {_fmt(float(again[0]))} for the first epoch): "
            "a comparison needs one seed for both runs. Seed the model and the rng with SEED "
            "inside losses_on, make_model(SEED) and np.random.default_rng(SEED), not once "
            "outside it."
        )
    if np.allclose(standardised, raw_losses):
        raise ExerciseError(
            "losses_on(X) gave the same losses for the raw and the standardised pixels: train "
            "on the X it is given, as it is (not on the lab's X_train, and not standardised "
            "again inside losses_on)."
        )
    if np.allclose(raw_losses, shifted, rtol=1e-3):
        raise ExerciseError(
            "losses_on(X) gave the same losses for the raw pixels and for the raw pixels plus "
            "0.5, as if it centred or standardised X itself: train on the X it is given, as it "
            "is, so that the raw run sees raw pixels."
        )
    if not raw_losses[9] > standardised[9]:
        raise ExerciseError(
            f"after ten epochs the run on raw pixels has the loss {_fmt(float(raw_losses[9]))}, "
            f"not above the standardised run's {_fmt(float(standardised[9]))}: train the same "
            "network from the same seed, with the same settings, on both"
        )
    if make_model is not None:
        _check_raw_run(standardised, make_model, seed, inputs[0][1], np.asarray(data.y_train))


def _check_raw_run(
    got: np.ndarray, make_model: Callable, seed: Any, X: np.ndarray, y: np.ndarray
) -> None:
    """The first epochs of the learner's run on X beside the run the lab describes."""
    first = 3  # a few epochs tell the networks apart, and cost little

    def run(model: Any) -> np.ndarray:
        optimizer = Momentum(model.parameters(), lr=0.03, beta=0.9)
        rng = np.random.default_rng(seed)
        return np.array(fit(model, SoftmaxCrossEntropy(), X, y, optimizer, first, 32, rng=rng).loss)

    want = run(make_model(seed))
    if np.allclose(got[:first], want, rtol=1e-6):
        return
    model = make_model(seed)
    kept = [layer for layer in getattr(model, "layers", []) if not isinstance(layer, Dropout)]
    hint = (
        " They match a network without its dropout layer: build it with make_model(SEED), "
        "dropout and all, so that it is the network trained above."
        if len(kept) < len(getattr(model, "layers", []))
        and np.allclose(got[:first], run(Sequential(*kept)), rtol=1e-6)
        else " Train make_model(SEED) with train and np.random.default_rng(SEED), as above."
    )
    shown, right = _apart(float(got[0]), float(want[0]))
    raise ExerciseError(
        "losses_on(X) on the standardised pixels gave losses that differ from the run above "
        f"({shown} for the first epoch, not {right}).{hint}"
    )


def check_with_adam(train_with_adam: Callable) -> None:
    """Check ``train_with_adam(model, X, y, rng)``: 60 epochs of ``train_epoch`` with
    [`Adam`][backprop.optim.Adam] at ``lr=1e-3`` and batches of 32, returning each epoch's loss.

    It runs on small made-up data beside [`fit`][backprop.train.fit] with the same settings.

    Parameters
    ----------
    train_with_adam : callable
        The learner's function; it trains ``model`` in place.

    Raises
    ------
    ExerciseError
        If it returns other than 60 losses, or the weights or losses differ from ``fit``'s.

    Examples
    --------
    >>> from backprop.exercises.digits import check_with_adam
    >>> from backprop.optim import Adam
    >>> from backprop.train import fit
    >>> from backprop.nn import SoftmaxCrossEntropy
    >>> def train_with_adam(model, X, y, rng):
    ...     optimizer = Adam(model.parameters(), lr=1e-3)
    ...     loss = SoftmaxCrossEntropy()
    ...     return fit(model, loss, X, y, optimizer, 60, 32, rng=rng).loss
    >>> check_with_adam(train_with_adam)  # passes: nothing printed
    """
    _check_callable("train_with_adam", train_with_adam)
    X, y = _made_up(70, seed=4)
    twin = _small_model()
    want = fit(twin, SoftmaxCrossEntropy(), X, y, Adam(twin.parameters(), lr=1e-3), 60, 32)
    model = _small_model()
    what = "train_with_adam(model, X, y, rng)"
    got = _call(what, train_with_adam, model, X, y, np.random.default_rng(0))
    got = _as_array(f"{what} returned", got)
    if got.shape != (60,):
        raise ExerciseError(
            f"{what} returned {got.size} numbers; it should return the loss of each of the 60 "
            "epochs"
        )
    if not np.allclose(_weights(model), _weights(twin), rtol=1e-6, atol=1e-9):
        slow = _small_model()
        fit(slow, SoftmaxCrossEntropy(), X, y, Momentum(slow.parameters(), lr=0.03), 60, 32)
        hint = (
            " They match momentum's: use Adam(model.parameters(), lr=1e-3)."
            if np.allclose(_weights(model), _weights(slow), rtol=1e-6, atol=1e-9)
            else " Use Adam(model.parameters(), lr=1e-3), train_epoch with batches of 32, and "
            "the rng you are given."
        )
        raise ExerciseError(f"after {what} the weights differ from fit's with Adam.{hint}")
    if not np.allclose(got, want.loss, rtol=1e-6, atol=1e-12):
        raise ExerciseError(
            f"{what} returned losses that differ from fit's ({_fmt(float(got[0]))} for the "
            f"first epoch, not {_fmt(float(want.loss[0]))}): return what train_epoch returns"
        )


def _early_stopping_run(model: Any, X: np.ndarray, y: np.ndarray, rng: Any) -> History:
    """Exercise 8's run: momentum 0.9 at lr 0.03, batches of 32, the last quarter of the rows
    held out, stopped 5 epochs after the best (at most 200)."""
    n = len(X) * 3 // 4
    return fit(
        model,
        SoftmaxCrossEntropy(),
        X[:n],
        y[:n],
        Momentum(model.parameters(), lr=0.03, beta=0.9),
        epochs=200,
        batch_size=32,
        X_val=X[n:],
        Y_val=y[n:],
        rng=rng,
        patience=5,
    )


def check_early_stopping(fit_with_early_stopping: Callable) -> None:
    """Check ``fit_with_early_stopping(model, X, y, rng)``: ``fit`` with the last quarter of the
    rows held out for validation, ``patience=5`` and ``rng=rng``, returning its
    [`History`][backprop.train.History].

    Parameters
    ----------
    fit_with_early_stopping : callable
        The learner's function; it trains ``model`` in place.

    Raises
    ------
    ExerciseError
        If it returns no ``History``, or one without a validation loss, or that did not stop
        five epochs after its best with the best weights put back, or that differs from the
        run described (naming ``fit``'s default order of batches used for the rng given).

    Examples
    --------
    >>> from backprop.exercises.digits import check_early_stopping
    >>> from backprop.train import fit
    >>> def fit_with_early_stopping(model, X, y, rng):  # no X_val
    ...     optimizer = SGD(model.parameters(), lr=0.03)
    ...     return fit(model, SoftmaxCrossEntropy(), X, y, optimizer, rng=rng)
    >>> from backprop.nn import SoftmaxCrossEntropy
    >>> from backprop.optim import SGD
    >>> check_early_stopping(fit_with_early_stopping)
    Traceback (most recent call last):
    ...
    backprop.exercises.ExerciseError: the History has no validation loss: pass X_val
    and Y_val (the rows held out) to fit
    """
    _check_callable("fit_with_early_stopping", fit_with_early_stopping)
    X, y = _made_up(80, seed=5)
    n = len(X) * 3 // 4

    def described_run(rng: Any) -> History:
        return _early_stopping_run(_small_model(), X, y, rng)

    want = described_run(np.random.default_rng(_RNG_SEED))
    model = _small_model()
    what = "fit_with_early_stopping(model, X, y, rng)"
    history = _call(what, fit_with_early_stopping, model, X, y, np.random.default_rng(_RNG_SEED))
    if not isinstance(history, History):
        raise ExerciseError(f"{what} returned {_describe(history)}; return the History fit returns")
    if history.val_loss is None:
        raise ExerciseError(
            "the History has no validation loss: pass X_val and Y_val (the rows held out) to fit"
        )
    if not history.stopped_early:
        raise ExerciseError(
            f"the run did not stop early ({history.epochs_run} epochs): pass patience=5 to fit "
            "and allow it epochs=200"
        )
    if history.epochs_run - history.best_epoch != 5 or not history.restored_best:
        raise ExerciseError(
            f"the run stopped at epoch {history.epochs_run}, its best being epoch "
            f"{history.best_epoch}; with patience=5 it stops five epochs after its best"
        )
    described = (
        f"train on the first three quarters of the rows (n = len(X) * 3 // 4: here the first "
        f"{n} of {len(X)}), validate on the rest, with Momentum(lr=0.03, beta=0.9) and "
        "batches of 32"
    )
    if _same_history(history, want):
        return
    if _same_history(history, described_run(0)):
        raise ExerciseError(
            f"{what} ran with fit's default order of batches, rng=0, not the rng it was given: "
            "pass rng=rng to fit, so that each seed of a comparison gets its own order (with "
            "one order for every seed, a comparison measures that order's luck too)"
        )
    if history.epochs_run != want.epochs_run:
        raise ExerciseError(
            f"the run took {history.epochs_run} epochs where the one described takes "
            f"{want.epochs_run}: {described}"
        )
    if not np.allclose(history.val_loss, want.val_loss, rtol=1e-6):
        shown, right = _apart(float(history.val_loss[0]), float(want.val_loss[0]))
        raise ExerciseError(
            f"the run's validation loss differs from the one described ({shown} after the "
            f"first epoch, not {right}): {described}"
        )


def check_stop_then_retrain(
    stop_then_retrain: Callable, make_model: Callable, X: Any, y: Any, rows: int = 400
) -> None:
    """Check ``stop_then_retrain(seed, X, y)``: choose the epochs by early stopping, then train a
    fresh network on all the rows for that many; return it and the number of epochs.

    The epochs are the ``best_epoch`` of ``fit_with_early_stopping`` run on a network from
    ``make_model(seed)`` with ``np.random.default_rng(seed)``; the fresh network, again from
    ``make_model(seed)``, trains on all of ``X, y`` with momentum (lr 0.03, beta 0.9), batches
    of 32 and a new ``np.random.default_rng(seed)``. The check runs it on the first ``rows``
    rows, beside the same steps done with [`fit`][backprop.train.fit].

    Parameters
    ----------
    stop_then_retrain : callable
        The learner's function of a seed and the rows, returning ``(model, epochs)``.
    make_model : callable
        The lab's ``make_model(seed)``, which builds the network to train.
    X, y : array_like
        The training rows and their labels (only the first ``rows`` are used).
    rows : int, optional
        How many rows the check trains on, to keep it quick.

    Raises
    ------
    ExerciseError
        If it returns no pair (or the pair the other way round), or another number of epochs
        (naming ``epochs_run`` for ``best_epoch``, and early stopping run with ``fit``'s
        default order of batches), or a network whose weights differ from the one described
        (naming the slip: trained on three quarters of the rows, with an rng not seeded by
        ``seed``, or with the generator early stopping had already drawn from).

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.exercises.digits import check_stop_then_retrain
    >>> from backprop.nn import Linear, ReLU, Sequential
    >>> def make_model(seed):
    ...     hidden = Linear(4, 6, rng=seed)
    ...     return Sequential(hidden, ReLU(), Linear(6, 3, rng=seed + 1))
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((80, 4))
    >>> y = np.argmax(X[:, :3] + rng.standard_normal((80, 3)), axis=1)
    >>> def stop_then_retrain(seed, X, y):  # forgets the early stopping
    ...     return make_model(seed), 60
    >>> check_stop_then_retrain(stop_then_retrain, make_model, X, y)
    Traceback (most recent call last):
    ...
    backprop.exercises.ExerciseError: stop_then_retrain(seed=1, X, y) returned 60
    epochs; early stopping chose 29: the best_epoch of the History that
    fit_with_early_stopping returns.
    """
    _check_callable("stop_then_retrain", stop_then_retrain)
    X, y = np.asarray(X)[:rows], np.asarray(y)[:rows]
    seed, n = 1, len(X) * 3 // 4

    def momentum(model: Any) -> Momentum:
        return Momentum(model.parameters(), lr=0.03, beta=0.9)

    def stopped_run(rng: Any) -> History:
        return _early_stopping_run(make_model(seed), X, y, rng)

    shared = np.random.default_rng(seed)  # drawn from by early stopping, then reused
    history = stopped_run(shared)

    def retrained(epochs: int, rng: Any, share: int | None = None) -> np.ndarray:
        model = make_model(seed)
        rows = slice(share)
        fit(model, SoftmaxCrossEntropy(), X[rows], y[rows], momentum(model), epochs, 32, rng=rng)
        return _weights(model)

    what = "stop_then_retrain(seed=1, X, y)"
    got = _call(what, stop_then_retrain, seed, X.copy(), y.copy())
    if not isinstance(got, tuple | list) or len(got) != 2:
        raise ExerciseError(
            f"{what} returned {_describe(got)}; it should return the pair (model, epochs)"
        )
    model, epochs = got
    if hasattr(epochs, "parameters") and not hasattr(model, "parameters"):
        raise ExerciseError(
            f"{what} returned the pair the other way round, ({_short(model)}, the network): "
            "return (model, epochs), the network first"
        )
    best = history.best_epoch
    if epochs != best:
        if epochs == history.epochs_run:
            hint = (
                f"; that is epochs_run, which counts the {history.epochs_run - best} epochs of "
                "patience after the best: take best_epoch, whose weights early stopping kept."
            )
        elif epochs == stopped_run(0).best_epoch:
            hint = (
                ": early stopping ran with fit's default order of batches, rng=0. Give "
                "fit_with_early_stopping np.random.default_rng(seed), and have it pass that "
                "rng on to fit."
            )
        else:
            hint = ": the best_epoch of the History that fit_with_early_stopping returns."
        raise ExerciseError(f"{what} returned {epochs!r} epochs; early stopping chose {best}{hint}")
    if not hasattr(model, "parameters"):
        raise ExerciseError(f"{what} returned {_describe(model)} for the model; return the network")
    weights = _weights(model)
    if weights.shape == (want := retrained(best, seed)).shape and np.allclose(
        weights, want, rtol=1e-6, atol=1e-9
    ):
        return
    slips = {
        "It trained on the first three quarters of the rows only: the fresh network trains "
        "on all of X and y.": retrained(best, seed, n),
        "Its batches came from another rng: seed it with the seed given, "
        "np.random.default_rng(seed).": retrained(best, 0),
        f"It trained for epochs_run = {history.epochs_run} epochs: train for the "
        f"{best} of best_epoch.": retrained(history.epochs_run, seed),
        "Its batches came from the generator early stopping had already drawn from: give "
        "the fresh network a new one, np.random.default_rng(seed), so that its batches are "
        "the full run's.": retrained(best, shared),
    }
    hint = next(
        (
            " " + text
            for text, wrong in slips.items()
            if wrong.shape == weights.shape and np.allclose(weights, wrong, rtol=1e-6, atol=1e-9)
        ),
        " Build a fresh network, make_model(seed), and train it with "
        "train(model, X, y, np.random.default_rng(seed), epochs=epochs).",
    )
    raise ExerciseError(f"the network {what} returned differs from the one described.{hint}")


# ---------------------------------------------------------------------------------- helpers


class _Recorder:
    """A model (or an optimiser) that passes everything through, remembering the rows of every
    forward pass and the order of the calls that matter to a training step."""

    def __init__(self, model: Any, calls: list[str] | None = None) -> None:
        self.model, self.rows = model, []
        self.calls = [] if calls is None else calls

    def forward(self, X: Any) -> np.ndarray:
        self.rows.append(np.array(X, copy=True))
        self.calls.append("forward")
        return self.model.forward(X)

    def backward(self, dY: Any) -> Any:
        self.calls.append("backward")
        return self.model.backward(dY)

    def zero_grad(self) -> None:
        self.calls.append("zero_grad")
        self.model.zero_grad()

    def step(self) -> None:
        self.calls.append("step")
        self.model.step()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.model, name)


_RNG_SEED = 2  # the rng the early-stopping checks give: not fit's default, 0


def _same_history(a: History, b: History) -> bool:
    return a.epochs_run == b.epochs_run and np.allclose(a.val_loss, b.val_loss, rtol=1e-6)


def _accuracy_model() -> Sequential:
    return Sequential(Linear(5, 16, rng=0), ReLU(), Dropout(0.5, rng=1), Linear(16, 4, rng=2))


def _small_model() -> Sequential:
    return Sequential(Linear(4, 6, rng=0), ReLU(), Linear(6, 3, rng=1))


def _made_up(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows of 4 numbers and 3 classes that a small network can learn, with some noise."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, 4))
    y = np.argmax(X[:, :3] + 0.8 * rng.standard_normal((n, 3)), axis=1)
    return X, y


def _weights(model: Sequential) -> np.ndarray:
    return np.concatenate([np.ravel(p.value) for p in model.parameters()])


def _loss_cases() -> list[tuple[np.ndarray, np.ndarray, str, str]]:
    """Scores, labels, a note naming the case and the hint for a nan or inf in it."""
    rng = np.random.default_rng(3)
    Z = rng.standard_normal((4, 3)) * 2
    big = np.array([[1000.0, 0.0, -5.0], [3.0, 1000.0, 2.0]])
    apart = np.array([[1000.0, 998.0, 995.0], [0.0, 1.0, -1.0]])
    wrong = np.array([[1000.0, 0.0, 0.0], [1.0, 2.0, 3.0]])  # the first row sure, and wrong
    return [
        (Z, np.array([0, 2, 1, 2]), "", " Subtract each row's largest score before exp."),
        (
            big,
            np.array([0, 1]),
            f" for scores as large as {_fmt(1000.0)}",
            f" exp({_fmt(1000.0)}) overflows: subtract each row's largest score first (it "
            "changes no probability).",
        ),
        (
            apart,
            np.array([1, 0]),
            " for the rows [1000, 998, 995] and [0, 1, -1]",
            " Subtract each row's own largest score, Z.max(axis=1, keepdims=True), not the "
            "largest of the whole array: the second row becomes [-1000, -999, -1001], whose "
            "exp are all 0.",
        ),
        (
            wrong,
            np.array([1, 2]),
            " for the row [1000, 0, 0] with label 1, a confident mistake",
            _UNDERFLOW,
        ),
    ]


_UNDERFLOW = (
    " There the right class's probability, exp(-1000), rounds to 0, and log(0) is -inf "
    "(a guard such as np.log(P + 1e-12) caps that row's loss at 27.6 instead). Take the log of the "
    "softmax as Z - log(sum(exp(Z))), each row's largest score subtracted first: the "
    "row's log-probability is then -1000, finite."
)


def _apart(got: float, want: float) -> tuple[str, str]:
    """Two different numbers written with just enough digits to tell them apart."""
    shown, right = _fmt(got), _fmt(want)
    digits = 7
    while shown == right and digits <= 17:
        shown, right = f"{got:.{digits}g}", f"{want:.{digits}g}"
        digits += 1
    return shown, right


def _floor_used(centred: np.ndarray, result: np.ndarray, sigma: np.ndarray) -> float | None:
    """The constant c of a result (X - mu) / (sigma + c), if one c explains every entry."""
    with np.errstate(divide="ignore", invalid="ignore"):
        c = centred / result - sigma
    c = c[(np.abs(centred) > 1e-9) & np.isfinite(c)]
    if c.size == 0 or not np.allclose(c, np.median(c), rtol=1e-4, atol=1e-12):
        return None
    return float(np.median(c))


def _cross_entropy_all_labels(Z: np.ndarray, y: np.ndarray) -> float:
    """The loss with log_p[:, y] for log_p[rows, y]: every row against every label."""
    Z = Z - Z.max(axis=1, keepdims=True)
    log_p = Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))
    return float(-np.mean(log_p[:, y]))


def _cross_entropy_along_columns(Z: np.ndarray, y: np.ndarray) -> float:
    P = np.exp(Z - Z.max(axis=0, keepdims=True))
    P /= P.sum(axis=0, keepdims=True)
    with np.errstate(divide="ignore"):  # a probability of 0 gives inf, compared as such
        return float(-np.mean(np.log(P[np.arange(len(y)), y])))


def _same_pairs(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> bool:
    """Whether the rows of a and b, each row with its label, are the same pairs in some order."""
    rows = [np.column_stack([X, y]) for X, y in (a, b)]
    if rows[0].shape != rows[1].shape:
        return False
    ordered = [r[np.lexsort(r.T[::-1])] for r in rows]
    return bool(np.array_equal(*ordered))


def _as_array(what: str, got: Any) -> np.ndarray:
    if got is None:
        raise ExerciseError(f"{what} None; it should return an array (did you forget `return`?)")
    try:
        return np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        raise ExerciseError(f"{what} {_describe(got)}; it should return an array") from None


def _expect_float(what: str, got: Any) -> float:
    if isinstance(got, np.generic):
        got = got.item()
    if isinstance(got, bool) or not isinstance(got, int | float):
        raise ExerciseError(f"{what} is {_describe(got)}; it should be one number")
    return float(got)
