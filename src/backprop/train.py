"""The training loop: mini-batches, a history of the loss, early stopping.

One epoch is one pass over the training set in mini-batches. For each batch [`fit`][] runs

1. ``pred = model.forward(X_batch)`` and ``loss.forward(pred, Y_batch)`` (the forward pass),
2. ``optimizer.zero_grad()``, then ``model.backward(loss.backward())`` (the backward pass),
3. ``optimizer.step()`` (the update).

Anything with those methods works: the layers in [`backprop.nn`][] and the optimisers in
[`backprop.optim`][] are the ones the book builds.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from typing import Any, TextIO

import numpy as np

from backprop._checks import check_finite, check_int, check_methods, check_rng, short_repr
from backprop.descent import DivergenceError

__all__ = ["History", "TrainingDivergedError", "accuracy", "fit", "predict"]


class TrainingDivergedError(DivergenceError):
    """Raised by [`fit`][] when the loss, a weight or a value inside the model stops being finite.

    A [`DivergenceError`][backprop.descent.DivergenceError], so one ``except`` catches a run
    of gradient descent and a training run that blew up. Made by ``fit``, not by you: the
    message says where it happened and suggests a smaller learning rate.

    Attributes
    ----------
    step : int
        The epoch in which it happened (counted from 1).
    lr : float or None
        The optimiser's ``lr``, if it has one.
    value : float
        The value that stopped being finite (the loss, the first bad weight, or ``inf`` for an
        overflow inside the model while every weight was still finite).
    trajectory : None
        Always None here (gradient descent fills it with its path).

    Examples
    --------
    >>> from backprop.descent import DivergenceError
    >>> from backprop.train import TrainingDivergedError
    >>> issubclass(TrainingDivergedError, DivergenceError)
    True
    """


@dataclass(frozen=True, eq=False, repr=False)
class History:
    """What happened during [`fit`][], one entry per epoch.

    Epochs are counted from 1, as a progress bar counts them. [`fit`][] makes it; build one
    yourself only to plot a run of your own (give ``loss`` and ``epochs_run``; the other fields
    have defaults).

    Attributes
    ----------
    loss : numpy.ndarray
        The training loss of each epoch (the mean over its mini-batches, weighted by batch
        size), shape ``(epochs_run,)``. Each batch's loss is taken *during* the epoch, before
        that batch's step, so the weights change along the way (and dropout is on); early in
        training it is not like for like with ``val_loss``.
    val_loss : numpy.ndarray or None
        The loss on ``(X_val, Y_val)`` after each epoch, or None without validation data.
    best_epoch : int
        The epoch with the lowest validation loss (training loss without validation data);
        0 if no epoch ran.
    stopped_early : bool
        True if early stopping ended training before ``epochs``.
    epochs_run : int
        How many epochs ran.
    restored_best : bool
        True if the weights of ``best_epoch`` were put back at the end.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.train import History
    >>> h = History(loss=np.array([0.9, 0.5, 0.4]),
    ...             val_loss=np.array([1.0, 0.6, 0.7]),
    ...             best_epoch=2, epochs_run=3)
    >>> h
    History(epochs_run=3, loss=0.4, val_loss=0.7, best_epoch=2, stopped_early=False)
    >>> h.epochs.tolist(), h.best_loss, h.best_val_loss
    ([1, 2, 3], 0.5, 0.6)
    """

    loss: np.ndarray
    val_loss: np.ndarray | None = None
    best_epoch: int = 0
    stopped_early: bool = False
    epochs_run: int = 0
    restored_best: bool = False

    @property
    def epochs(self) -> np.ndarray:
        """The epoch numbers ``1 .. epochs_run`` (the x-axis of a loss curve)."""
        return np.arange(1, self.epochs_run + 1)

    @property
    def best_loss(self) -> float:
        """The training loss at ``best_epoch``."""
        return float(self.loss[self.best_epoch - 1]) if self.epochs_run else math.nan

    @property
    def best_val_loss(self) -> float | None:
        """The validation loss at ``best_epoch`` (None without validation data)."""
        if self.val_loss is None:
            return None
        return float(self.val_loss[self.best_epoch - 1]) if self.epochs_run else math.nan

    def __repr__(self) -> str:
        last = f"{float(self.loss[-1]):.4g}" if self.epochs_run else "-"
        text = f"History(epochs_run={self.epochs_run}, loss={last}"
        if self.val_loss is not None and self.epochs_run:
            text += f", val_loss={float(self.val_loss[-1]):.4g}"
        return text + f", best_epoch={self.best_epoch}, stopped_early={self.stopped_early})"


def fit(
    model: Any,
    loss: Any,
    X: Any,
    Y: Any,
    optimizer: Any,
    epochs: int = 100,
    batch_size: int | None = 32,
    X_val: Any = None,
    Y_val: Any = None,
    rng: int | np.random.Generator | None = 0,
    patience: int | None = None,
    progress: bool = False,
) -> History:
    """Train ``model`` on ``(X, Y)`` with mini-batch gradient descent.

    Parameters
    ----------
    model : object
        Has ``forward(X)``, ``backward(dY)`` and ``parameters()``, like
        [`backprop.nn.Sequential`][].
    loss : object
        Has ``forward(pred, target) -> float`` and ``backward() -> dL/dpred``, like
        [`backprop.nn.MSELoss`][].
    X : array_like
        Inputs, shape ``(N, n_features)``.
    Y : array_like
        Targets, ``N`` rows (shape ``(N, n_outputs)``, or ``(N,)`` class labels if the loss
        takes them).
    optimizer : object
        Has ``zero_grad()`` and ``step()`` and updates the model's parameters, like
        [`backprop.optim.SGD`][].
    epochs : int
        The most passes over the training set.
    batch_size : int or None
        Rows per update; ``None`` (or anything >= N) uses the whole set each step.
    X_val : array_like, optional
        Validation inputs, evaluated after every epoch (give both ``X_val`` and ``Y_val`` or
        neither).
    Y_val : array_like, optional
        Validation targets, rows matching ``X_val``.
    rng : int, numpy.random.Generator or None
        The randomness of the shuffle at the start of every epoch.
    patience : int, optional
        Early stopping: stop once the validation loss has not improved for this many epochs
        in a row. With ``patience`` set, the weights of the best epoch (lowest validation
        loss) are put back at the end, whether or not training stopped early. Needs
        validation data. (Only parameters are restored, not buffers such as batch
        normalisation's running statistics.)
    progress : bool
        Draw a one-line progress bar on stderr, only if stderr is a terminal (so it stays
        quiet in docs builds, tests and logs).

    Notes
    -----
    The model is put in training mode for the updates and in evaluation mode for the
    validation loss (if it has ``train()``/``eval()``), and is left in the mode it was in.

    The last mini-batch of an epoch holds what is left, ``N % batch_size`` rows (if not 0),
    and every row is used in every epoch. With a [`BatchNorm1d`][backprop.nn.BatchNorm1d]
    layer that remainder must not be 1: a single row has no variance, and its ``forward``
    raises ``ValueError`` in the first epoch (65 rows with the default ``batch_size=32``
    leave 32, 32 and 1). Pick another ``batch_size`` (33 here) or ``None``.

    Returns
    -------
    History
        The loss (and validation loss) of each epoch, the best epoch, and how training ended.

    Raises
    ------
    TrainingDivergedError
        If the loss, a weight or a value the model computes becomes ``nan`` or infinite
        (usually a learning rate too large).
    ValueError, TypeError
        For bad arguments, including ``X`` and ``Y`` with different numbers of rows, and
        whatever the model or the loss raises on a batch (a wrong shape, or a batch norm
        layer given a last mini-batch of one row; see the notes).

    Examples
    --------
    Learn the weight of ``y = 2x`` with one linear unit:

    >>> from backprop.data import line
    >>> from backprop.nn import Linear, MSELoss, Sequential
    >>> from backprop.optim import SGD
    >>> from backprop.train import fit
    >>> X, Y = line(64, slope=2.0, rng=0)
    >>> model = Sequential(Linear(1, 1, bias=False, rng=0))
    >>> optimizer = SGD(model.parameters(), lr=0.5)
    >>> history = fit(model, MSELoss(), X, Y, optimizer, epochs=40)
    >>> history.epochs_run, bool(history.loss[-1] < 1e-6 * history.loss[0])
    (40, True)
    >>> round(float(model.layers[0].W[0, 0]), 4)
    2.0

    With noisy validation data and early stopping: the validation loss is lowest at epoch 6,
    five epochs without improvement follow, and the weight of epoch 6 is put back:

    >>> from backprop.data import line
    >>> from backprop.nn import Linear, MSELoss, Sequential
    >>> from backprop.optim import SGD
    >>> from backprop.train import fit
    >>> X, Y = line(64, slope=2.0, rng=0)
    >>> X_val, Y_val = line(32, slope=2.0, noise=0.1, rng=1)
    >>> model = Sequential(Linear(1, 1, bias=False, rng=0))
    >>> optimizer = SGD(model.parameters(), lr=0.5)
    >>> history = fit(model, MSELoss(), X, Y, optimizer, epochs=200,
    ...               X_val=X_val, Y_val=Y_val, patience=5)
    >>> history
    History(epochs_run=11, loss=2.18e-08, val_loss=0.006481, best_epoch=6,
    stopped_early=True)
    >>> history.restored_best, round(history.best_val_loss, 6)
    (True, 0.006464)
    """
    _check_methods(model, loss, optimizer)
    X, Y = _check_pair("X", X, "Y", Y)
    validation = _check_validation(X_val, Y_val, patience)
    epochs = check_int("epochs", epochs)
    batch_size = (
        X.shape[0] if batch_size is None else check_int("batch_size", batch_size, minimum=1)
    )
    rng = check_rng(rng)
    best = _Best(model, keep_weights=patience is not None)
    bar = _ProgressBar(epochs, sys.stderr) if progress and _is_tty(sys.stderr) else None
    losses: list[float] = []
    val_losses: list[float] = []
    was_training = getattr(model, "training", True)
    try:
        for epoch in range(1, epochs + 1):
            order = rng.permutation(X.shape[0])  # a new shuffle every epoch
            losses.append(
                _train_epoch(model, loss, optimizer, X[order], Y[order], batch_size, epoch)
            )
            score = losses[-1]
            if validation is not None:
                score = _validation_loss(model, loss, validation, optimizer, epoch)
                val_losses.append(score)
            best.update(epoch, score)
            if bar is not None:
                bar.update(epoch, losses[-1], val_losses[-1] if val_losses else None)
            if patience is not None and epoch - best.epoch >= patience:
                break
    finally:
        _set_mode(model, training=bool(was_training))
        if bar is not None:
            bar.close()
    return History(
        loss=np.array(losses, dtype=np.float64),
        val_loss=np.array(val_losses, dtype=np.float64) if validation is not None else None,
        best_epoch=best.epoch,
        stopped_early=len(losses) < epochs,
        epochs_run=len(losses),
        restored_best=best.restore(last_epoch=len(losses)),
    )


def _train_epoch(
    model: Any, loss: Any, optimizer: Any, X: np.ndarray, Y: np.ndarray, batch_size: int, epoch: int
) -> float:
    """One pass over ``(X, Y)`` in mini-batches, in order; the mean loss, weighted by batch size."""
    _set_mode(model, training=True)
    total = 0.0
    for batch, start in enumerate(range(0, X.shape[0], batch_size), start=1):
        X_batch, Y_batch = X[start : start + batch_size], Y[start : start + batch_size]
        value = _loss_value(model, loss, X_batch, Y_batch, optimizer, epoch, batch)
        optimizer.zero_grad()
        model.backward(loss.backward())
        optimizer.step()
        total += value * X_batch.shape[0]
    _check_weights(model, optimizer, epoch)
    return total / X.shape[0]


def _validation_loss(
    model: Any, loss: Any, validation: tuple[np.ndarray, np.ndarray], optimizer: Any, epoch: int
) -> float:
    """The loss on the validation data, with the model in evaluation mode."""
    _set_mode(model, training=False)
    return _loss_value(model, loss, *validation, optimizer, epoch)


class _Best:
    """The epoch with the lowest score so far and, for early stopping, a copy of its weights."""

    def __init__(self, model: Any, keep_weights: bool) -> None:
        self.arrays = [p.value for p in model.parameters()] if keep_weights else None
        self.epoch, self.score, self.weights = 0, math.inf, None

    def update(self, epoch: int, score: float) -> None:
        if score < self.score:
            self.epoch, self.score = epoch, score
            if self.arrays is not None:
                self.weights = [a.copy() for a in self.arrays]

    def restore(self, last_epoch: int) -> bool:
        """Put the best epoch's weights back (if kept and not the last); True if it did."""
        if self.weights is None or self.epoch == last_epoch:
            return False
        for array, saved in zip(self.arrays, self.weights, strict=True):
            array[...] = saved
        return True


def predict(model: Any, X: Any) -> np.ndarray:
    """The model's output for ``X``, computed in evaluation mode if the model has one.

    Layers such as dropout and batch normalisation behave differently while training; the
    model is switched to evaluation mode for the prediction and then back.

    Examples
    --------
    >>> from backprop.nn import Linear, Sequential
    >>> from backprop.train import predict
    >>> model = Sequential(Linear(2, 1, bias=False, rng=0))
    >>> model.layers[0].W[...] = [[1.0], [-1.0]]
    >>> predict(model, [[3.0, 1.0], [0.0, 2.0]]).ravel().tolist()
    [2.0, -2.0]
    """
    check_methods("model", model, "forward")
    X = check_finite("X", X)
    if X.ndim != 2:
        raise ValueError(f"X must have shape (N, n_features), got {X.shape}")
    was_training = getattr(model, "training", True)
    _set_mode(model, training=False)
    try:
        return np.asarray(model.forward(X))
    finally:
        _set_mode(model, training=bool(was_training))


def accuracy(model: Any, X: Any, y: Any, threshold: float = 0.5) -> float:
    """The fraction of rows of ``X`` whose predicted class is ``y``.

    With several outputs the predicted class is the largest output (``argmax``); with one
    output it is 1 where the output is above ``threshold`` (0.5 suits a sigmoid output; use
    0.0 for raw scores), else 0. ``y`` holds integer labels, shape ``(N,)``, or one-hot rows.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.nn import Linear, Sequential
    >>> from backprop.train import accuracy
    >>> model = Sequential(Linear(2, 2, bias=False, rng=0))
    >>> model.layers[0].W[...] = np.eye(2)
    >>> accuracy(model, [[1.0, 0.0], [0.0, 1.0], [2.0, 1.0]], [0, 1, 1])
    0.6666666666666666
    """
    scores = predict(model, X)
    if scores.shape[0] == 0:
        raise ValueError(f"X must have at least one row, got shape {tuple(np.shape(X))}")
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] > 1:
        y = np.argmax(y, axis=1)
    elif y.dtype.kind not in "biu" and not (
        y.dtype.kind == "f" and np.all(np.isfinite(y)) and np.all(y == np.round(y))
    ):
        raise ValueError(f"y must hold integer class labels (or one-hot rows), got {short_repr(y)}")
    y = y.reshape(-1)
    if y.shape[0] != scores.shape[0]:
        raise ValueError(
            f"X and y must have the same number of rows, got X.shape={tuple(np.shape(X))} "
            f"and y.shape={tuple(np.shape(y))}"
        )
    if scores.ndim == 2 and scores.shape[1] > 1:
        labels = np.argmax(scores, axis=1)
    else:
        labels = (scores.reshape(-1) > threshold).astype(np.int64)
    return float(np.mean(labels == y))


# ---------------------------------------------------------------------------------- helpers


def _check_methods(model: Any, loss: Any, optimizer: Any) -> None:
    check_methods("model", model, "forward", "backward", "parameters")
    check_methods("loss", loss, "forward", "backward")
    check_methods("optimizer", optimizer, "zero_grad", "step")


def _check_validation(
    X_val: Any, Y_val: Any, patience: int | None
) -> tuple[np.ndarray, np.ndarray] | None:
    """The validation pair (or None), checked together with ``patience``, which needs it."""
    if (X_val is None) != (Y_val is None):
        given, missing = ("X_val", "Y_val") if Y_val is None else ("Y_val", "X_val")
        raise ValueError(f"{given} was given without {missing}: pass both or neither")
    if patience is not None:
        check_int("patience", patience, minimum=1)
        if X_val is None:
            raise ValueError("patience needs validation data: pass X_val and Y_val")
    return None if X_val is None else _check_pair("X_val", X_val, "Y_val", Y_val)


def _check_pair(x_name: str, X: Any, y_name: str, Y: Any) -> tuple[np.ndarray, np.ndarray]:
    X = check_finite(x_name, X)
    Y_arr = np.asarray(Y)
    if Y_arr.dtype.kind not in "iu":  # integer class labels stay integers
        Y_arr = check_finite(y_name, Y_arr)
    if X.ndim != 2:
        raise ValueError(f"{x_name} must have shape (N, n_features), got {X.shape}")
    if Y_arr.ndim == 0 or X.shape[0] != Y_arr.shape[0]:
        raise ValueError(
            f"{x_name} and {y_name} must have the same number of rows, got "
            f"{x_name}.shape={X.shape} and {y_name}.shape={Y_arr.shape}"
        )
    if X.shape[0] == 0:
        raise ValueError(f"{x_name} must have at least one row, got shape {X.shape}")
    return X, Y_arr


def _loss_value(
    model: Any,
    loss: Any,
    X: np.ndarray,
    Y: np.ndarray,
    optimizer: Any,
    epoch: int,
    batch: int | None = None,
) -> float:
    """The loss of ``model`` on ``(X, Y)``; a non-finite loss or weights is a divergence.

    ``batch`` is the mini-batch number for the training loss, None for the validation loss.
    """
    try:
        value = float(loss.forward(model.forward(X), Y))
    except (ValueError, FloatingPointError) as error:
        # backprop.nn refuses non-finite inputs: if the weights have run away, say so
        _check_weights(model, optimizer, epoch, batch, cause=error)
        if "must be finite" in str(error):  # finite data and weights: an overflow inside
            what = f"a value inside the model overflowed ({error})"
            _diverged(optimizer, epoch, batch, what, math.inf, cause=error)
        raise
    if not math.isfinite(value):
        _check_weights(model, optimizer, epoch, batch)
        kind = "validation" if batch is None else "training"
        _diverged(optimizer, epoch, batch, f"the {kind} loss became {value}", value)
    return value


def _check_weights(
    model: Any,
    optimizer: Any,
    epoch: int,
    batch: int | None = None,
    cause: BaseException | None = None,
) -> None:
    for p in model.parameters():
        name, value = p.name, p.value
        bad = ~np.isfinite(value)
        if bad.any():
            first = float(value[np.unravel_index(int(np.argmax(bad)), value.shape)])
            _diverged(optimizer, epoch, batch, f"weight {name} became {first}", first, cause)


def _diverged(
    optimizer: Any,
    epoch: int,
    batch: int | None,
    what: str,
    value: float,
    cause: BaseException | None = None,
) -> None:
    where = f"epoch {epoch}" if batch is None else f"epoch {epoch}, batch {batch}"
    raise TrainingDivergedError(
        f"training diverged at {where}{_lr_text(optimizer)}: {what}; try a smaller lr",
        step=epoch,
        lr=_lr(optimizer),
        value=value,
    ) from cause


def _set_mode(model: Any, training: bool) -> None:
    method = getattr(model, "train" if training else "eval", None)
    if callable(method):
        method()


def _lr(optimizer: Any) -> float | None:
    lr = getattr(optimizer, "lr", None)
    return float(lr) if isinstance(lr, (int, float, np.integer, np.floating)) else None


def _lr_text(optimizer: Any) -> str:
    lr = _lr(optimizer)
    return "" if lr is None else f" with lr={lr:g}"


def _is_tty(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class _ProgressBar:
    """A single line, redrawn in place with a carriage return: ``[#####.....] 5/10 ...``."""

    width = 30

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = max(total, 1)
        self.stream = stream

    def update(self, epoch: int, loss: float, val_loss: float | None) -> None:
        filled = round(self.width * epoch / self.total)
        text = f"\r[{'#' * filled}{'.' * (self.width - filled)}] epoch {epoch}/{self.total}"
        text += f"  loss {loss:.4g}"
        if val_loss is not None:
            text += f"  val {val_loss:.4g}"
        self.stream.write(text)
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\n")
        self.stream.flush()
