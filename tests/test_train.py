"""Tests for backprop.train: the training loop, its history, early stopping, the helpers."""

from __future__ import annotations

import io
import sys

import numpy as np
import pytest

from backprop.data import line, teacher_student, two_moons
from backprop.descent import DivergenceError
from backprop.nn import Linear, MSELoss, ReLU, Sequential, Sigmoid, SoftmaxCrossEntropy, Tanh
from backprop.optim import SGD, Adam
from backprop.train import History, TrainingDivergedError, accuracy, fit, predict


def one_weight_model(w=0.0):
    model = Sequential(Linear(1, 1, bias=False, init="zeros"))
    model.layers[0].W[...] = w
    return model


def mse(model, X, Y):
    return MSELoss().forward(model.forward(X), Y)


# ------------------------------------------------------------------------------- training


def test_fit_learns_the_slope_of_a_line():
    X, Y = line(64, slope=2.0, rng=0)
    model = one_weight_model()
    history = fit(model, MSELoss(), X, Y, SGD(model.parameters(), lr=0.5), epochs=30)
    assert isinstance(history, History)
    assert history.epochs_run == 30 and history.loss.shape == (30,)
    assert history.val_loss is None and not history.stopped_early
    assert float(model.layers[0].W[0, 0]) == pytest.approx(2.0, abs=1e-6)
    assert np.all(np.diff(history.loss) <= 0)
    np.testing.assert_array_equal(history.epochs, np.arange(1, 31))
    assert history.best_epoch == 30 and history.best_loss == history.loss[-1]


def test_student_learns_the_teacher():
    X, Y, _ = teacher_student(300, teacher_sizes=(3, 5, 1), rng=0)
    student = Sequential(Linear(3, 8, rng=1), Sigmoid(), Linear(8, 1, rng=2), Sigmoid())
    before = mse(student, X, Y)
    history = fit(student, MSELoss(), X, Y, Adam(student.parameters(), lr=0.02), epochs=60)
    after = mse(student, X, Y)
    assert after < before / 10
    assert history.loss[-1] < history.loss[0] / 10


def test_fit_with_class_labels_and_softmax_cross_entropy_classifies_two_moons():
    X, y = two_moons(200, noise=0.1, rng=0)
    model = Sequential(Linear(2, 16, rng=0), Tanh(), Linear(16, 2, rng=1))
    fit(model, SoftmaxCrossEntropy(), X, y, Adam(model.parameters(), lr=0.05), epochs=60)
    assert accuracy(model, X, y) > 0.95


def test_same_seed_gives_the_same_history_and_weights():
    X, Y = line(50, slope=-1.0, noise=0.2, rng=2)

    def run(seed):
        model = Sequential(Linear(1, 4, rng=0), Tanh(), Linear(4, 1, rng=1))
        h = fit(model, MSELoss(), X, Y, SGD(model.parameters(), lr=0.1), epochs=5, rng=seed)
        return h, model.layers[0].W.copy()

    (h1, w1), (h2, w2), (h3, _) = run(0), run(0), run(1)
    np.testing.assert_array_equal(h1.loss, h2.loss)
    np.testing.assert_array_equal(w1, w2)
    assert not np.array_equal(h1.loss, h3.loss)  # another shuffle, another path


def test_full_batch_takes_one_step_per_epoch():
    X, Y = line(40, rng=0)
    model = one_weight_model()
    opt = SGD(model.parameters(), lr=0.1)
    fit(model, MSELoss(), X, Y, opt, epochs=7, batch_size=None)
    assert opt.t == 7
    opt2 = SGD(model.parameters(), lr=0.1)
    fit(model, MSELoss(), X, Y, opt2, epochs=2, batch_size=15)  # batches of 15, 15, 10
    assert opt2.t == 6


def test_epoch_loss_is_the_batch_size_weighted_mean():
    X, Y = line(10, slope=1.0, rng=0)
    model = one_weight_model(0.0)
    history = fit(model, MSELoss(), X, Y, SGD(model.parameters(), lr=1e-12), epochs=1)
    assert history.loss[0] == pytest.approx(np.mean(Y**2), rel=1e-9)


def test_zero_epochs_trains_nothing():
    X, Y = line(10, rng=0)
    model = one_weight_model(0.5)
    history = fit(model, MSELoss(), X, Y, SGD(model.parameters(), lr=0.1), epochs=0)
    assert history.epochs_run == 0 and history.best_epoch == 0
    assert float(model.layers[0].W[0, 0]) == 0.5


def test_validation_loss_is_recorded_every_epoch():
    X, Y = line(64, slope=2.0, rng=0)
    X_val, Y_val = line(16, slope=2.0, rng=1)
    model = one_weight_model()
    history = fit(
        model, MSELoss(), X, Y, SGD(model.parameters(), lr=0.3), epochs=8, X_val=X_val, Y_val=Y_val
    )
    assert history.val_loss.shape == (8,)
    assert history.val_loss[-1] == pytest.approx(mse(model, X_val, Y_val))


# -------------------------------------------------------------------------- early stopping


def overfit_one_weight(epochs, patience=None):
    """Training pulls the weight from 0 to 2; the validation data has slope 0.5, so the
    validation loss falls until the weight passes 0.5 and rises after."""
    X, Y = line(64, slope=2.0, rng=0)
    X_val, Y_val = line(64, slope=0.5, rng=1)
    model = one_weight_model(0.0)
    history = fit(
        model,
        MSELoss(),
        X,
        Y,
        SGD(model.parameters(), lr=0.05),
        epochs=epochs,
        batch_size=None,
        X_val=X_val,
        Y_val=Y_val,
        patience=patience,
    )
    return model, history, X, Y, X_val, Y_val


def test_early_stopping_restores_the_best_weights():
    model, history, X, Y, X_val, Y_val = overfit_one_weight(epochs=200, patience=3)
    assert history.stopped_early and history.restored_best
    assert history.epochs_run == history.best_epoch + 3
    assert history.best_val_loss == pytest.approx(float(history.val_loss.min()))
    # the model now has the weights of the best epoch, not of the last one
    assert mse(model, X_val, Y_val) == pytest.approx(history.best_val_loss, rel=1e-12)
    assert mse(model, X_val, Y_val) < history.val_loss[-1]
    # replay full-batch descent for best_epoch steps: the same weight, to the last bit
    replay = one_weight_model(0.0)
    opt = SGD(replay.parameters(), lr=0.05)
    loss = MSELoss()
    for _ in range(history.best_epoch):
        loss.forward(replay.forward(X), Y)
        replay.backward(loss.backward())
        opt.step()
    w = float(model.layers[0].W[0, 0])
    assert w == float(replay.layers[0].W[0, 0])
    assert 0.3 < w < 0.7


def test_patience_restores_best_weights_even_without_stopping_early():
    model, history, _, _, X_val, Y_val = overfit_one_weight(epochs=12, patience=100)
    assert not history.stopped_early and history.epochs_run == 12
    assert history.best_epoch < 12 and history.restored_best
    assert mse(model, X_val, Y_val) == pytest.approx(history.best_val_loss, rel=1e-12)


def test_without_patience_the_last_weights_are_kept():
    model, history, _, _, X_val, Y_val = overfit_one_weight(epochs=30)
    assert not history.restored_best and history.best_epoch < 30
    assert mse(model, X_val, Y_val) == pytest.approx(history.val_loss[-1])


def test_model_is_left_in_the_mode_it_was_in():
    X, Y = line(20, rng=0)
    model = Sequential(Linear(1, 3, rng=0), ReLU(), Linear(3, 1, rng=1))
    model.eval()
    fit(model, MSELoss(), X, Y, SGD(model.parameters(), lr=0.1), epochs=2, X_val=X, Y_val=Y)
    assert model.training is False
    model.train()
    predict(model, X)
    assert model.training is True


# ------------------------------------------------------------------------------ divergence


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_exploding_loss_raises_naming_the_epoch_and_suggesting_a_smaller_lr():
    X, Y = line(64, slope=2.0, rng=0)
    X = X * 100
    Y = Y * 100
    model = one_weight_model()
    with pytest.raises(TrainingDivergedError, match=r"epoch \d+.*lr=10.*smaller lr") as info:
        fit(model, MSELoss(), X, Y, SGD(model.parameters(), lr=10.0), epochs=50)
    assert isinstance(info.value, DivergenceError) and isinstance(info.value, ArithmeticError)
    assert info.value.lr == 10.0 and info.value.step >= 1


def test_nan_loss_raises_naming_the_epoch():
    class NanAfterTwoCalls(MSELoss):
        calls = 0

        def forward(self, pred, target):
            NanAfterTwoCalls.calls += 1
            return float("nan") if NanAfterTwoCalls.calls > 2 else super().forward(pred, target)

    X, Y = line(8, rng=0)
    model = one_weight_model()
    with pytest.raises(
        TrainingDivergedError, match=r"epoch 3, batch 1 with lr=0.1: the training loss became nan"
    ):
        fit(model, NanAfterTwoCalls(), X, Y, SGD(model.parameters(), lr=0.1), batch_size=None)


# ------------------------------------------------------------------------------- progress


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_draws_on_a_terminal(monkeypatch):
    stream = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", stream)
    X, Y = line(20, rng=0)
    model = one_weight_model()
    fit(model, MSELoss(), X, Y, SGD(model.parameters(), lr=0.1), epochs=4, progress=True)
    text = stream.getvalue()
    assert text.count("\r[") == 4 and "epoch 4/4" in text and text.endswith("\n")
    assert "\n" not in text[:-1]  # one line, redrawn in place


def test_progress_bar_is_quiet_when_stderr_is_not_a_terminal(capsys):
    X, Y = line(20, rng=0)
    model = one_weight_model()
    fit(model, MSELoss(), X, Y, SGD(model.parameters(), lr=0.1), epochs=3, progress=True)
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""


# -------------------------------------------------------------------------------- helpers


def test_predict_returns_the_model_output():
    model = one_weight_model(3.0)
    np.testing.assert_allclose(predict(model, [[1.0], [2.0]]), [[3.0], [6.0]])


def test_accuracy_with_labels_one_hot_and_a_single_output():
    model = Sequential(Linear(2, 2, bias=False, init="zeros"))
    model.layers[0].W[...] = np.eye(2)
    X = np.array([[1.0, 0.0], [0.0, 1.0], [2.0, 1.0], [0.0, 3.0]])
    assert accuracy(model, X, [0, 1, 1, 1]) == 0.75
    assert accuracy(model, X, np.eye(2)[[0, 1, 1, 1]]) == 0.75
    single = Sequential(Linear(1, 1, bias=False, init="zeros"), Sigmoid())
    single.layers[0].W[...] = 1.0
    X1 = np.array([[-2.0], [-1.0], [1.0], [2.0]])
    assert accuracy(single, X1, [0, 0, 1, 1]) == 1.0
    assert accuracy(single, X1, [0, 0, 1, 1], threshold=0.8) == 0.75  # sigmoid(1) = 0.73


# ------------------------------------------------------------------------------ bad input


def _args(**overrides):
    X, Y = line(10, rng=0)
    model = one_weight_model()
    args = {
        "model": model,
        "loss": MSELoss(),
        "X": X,
        "Y": Y,
        "optimizer": SGD(model.parameters(), lr=0.1),
        "epochs": 2,
    }
    args.update(overrides)
    return args


@pytest.mark.parametrize(
    ("overrides", "error", "match"),
    [
        (
            {"Y": np.zeros((9, 1))},
            ValueError,
            r"X and Y must have the same number of rows, got X.shape=\(10, 1\) and "
            r"Y.shape=\(9, 1\)",
        ),
        ({"X": np.zeros(10)}, ValueError, r"X must have shape \(N, n_features\), got \(10,\)"),
        ({"X": np.full((10, 1), np.nan)}, ValueError, "X must be finite, got nan"),
        (
            {"X_val": np.zeros((3, 1)), "Y_val": np.zeros((4, 1))},
            ValueError,
            r"X_val and Y_val must have the same number of rows, got X_val.shape=\(3, 1\) "
            r"and Y_val.shape=\(4, 1\)",
        ),
        ({"X_val": np.zeros((3, 1))}, ValueError, "X_val was given without Y_val"),
        ({"Y_val": np.zeros((3, 1))}, ValueError, "Y_val was given without X_val"),
        ({"epochs": -1}, ValueError, "epochs must be an integer >= 0, got -1"),
        ({"epochs": 1.5}, TypeError, "epochs must be an integer, got 1.5"),
        ({"batch_size": 0}, ValueError, "batch_size must be an integer >= 1, got 0"),
        ({"batch_size": 2.0}, TypeError, "batch_size must be an integer, got 2.0"),
        ({"patience": 3}, ValueError, "patience needs validation data"),
        ({"patience": 0}, ValueError, "patience must be an integer >= 1, got 0"),
        ({"model": object()}, TypeError, r"model must have a forward\(\) method"),
        ({"loss": object()}, TypeError, r"loss must have a forward\(\) method"),
        ({"optimizer": object()}, TypeError, r"optimizer must have a zero_grad\(\) method"),
    ],
)
def test_fit_bad_input_raises_naming_the_argument(overrides, error, match):
    with pytest.raises(error, match=match):
        fit(**_args(**overrides))


def test_accuracy_with_mismatched_rows_raises():
    model = one_weight_model(1.0)
    with pytest.raises(ValueError, match=r"X and y must have the same number of rows"):
        accuracy(model, [[1.0], [2.0]], [1, 0, 1])


def test_predict_bad_input_raises():
    with pytest.raises(ValueError, match=r"X must have shape \(N, n_features\)"):
        predict(one_weight_model(), [1.0, 2.0])


def test_weights_that_run_away_are_named_in_the_error():
    class BreaksAtStep(SGD):
        def __init__(self, params, lr, at):
            super().__init__(params, lr)
            self.at = at

        def step(self):
            super().step()
            if self.t == self.at:
                self.params[0].value[...] = np.nan

    X, Y = line(8, rng=0)

    def train(at, batch_size):
        model = Sequential(Linear(1, 2, rng=0), Tanh(), Linear(2, 1, rng=1))
        opt = BreaksAtStep(model.parameters(), lr=0.1, at=at)
        fit(model, MSELoss(), X, Y, opt, batch_size=batch_size)

    # caught by the check at the end of epoch 3 (one step per epoch)
    with pytest.raises(TrainingDivergedError, match=r"epoch 3 with lr=0.1: weight 0.W became nan"):
        train(at=3, batch_size=None)
    # caught by the forward pass of the next mini-batch
    with pytest.raises(TrainingDivergedError, match=r"epoch 1, batch 3 .*: weight 0.W became nan"):
        train(at=2, batch_size=2)


def test_history_needs_only_the_losses():
    empty = History(loss=np.empty(0))
    assert empty.epochs_run == 0 and np.isnan(empty.best_loss)
    with pytest.raises(TypeError):
        History()


def test_an_overflow_inside_the_model_with_finite_weights_is_a_divergence():
    """Weights huge but finite overflow the forward pass: the layers refuse the inf with a
    ValueError, which fit reports as the divergence it is (found by a review: lr 3 on this
    ReLU network raised a plain ValueError)."""
    X, Y, _ = teacher_student(200, rng=0)
    model = Sequential(Linear(3, 16, rng=0), ReLU(), Linear(16, 1, rng=1))
    with pytest.raises(TrainingDivergedError, match="overflowed") as caught:
        fit(model, MSELoss(), X, Y, SGD(model.parameters(), lr=3.0), epochs=100)
    assert isinstance(caught.value, DivergenceError) and caught.value.lr == 3.0
    assert all(np.isfinite(p.value).all() for p in model.parameters())
