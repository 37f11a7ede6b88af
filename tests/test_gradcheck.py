"""Tests for backprop.gradcheck: it passes correct backward passes and catches wrong ones."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from backprop.gradcheck import (
    DEFAULT_H,
    GradcheckReport,
    check_layer,
    check_loss,
    check_model,
    numeric_gradient,
    relative_error,
)
from backprop.nn import (
    Dropout,
    Linear,
    MSELoss,
    ReLU,
    Sequential,
    Sigmoid,
    Tanh,
)

# ------------------------------------------------------------- deliberately wrong layers


class SigmoidForgetsOneMinus(Sigmoid):
    """A classic slip: dX = dY * Y instead of dY * Y * (1 - Y)."""

    def backward(self, dY):
        return dY * self._Y


class LinearWithMeanBias(Linear):
    """db = mean of dY over the batch instead of the sum: off by a factor N."""

    def backward_params(self, dY):  # backward calls it too
        super().backward_params(dY)
        self.db[...] = dY.mean(axis=0)


class LinearWithUntransposedW(Linear):
    """dX uses W instead of W.T (only shape-correct for square W)."""

    def backward(self, dY):
        self.backward_params(dY)
        return dY @ self.W


class MSEWithoutTwo(MSELoss):
    def backward(self):
        return super().backward() / 2


X = np.random.default_rng(0).standard_normal((5, 3))


def test_a_wrong_activation_backward_is_caught_and_located():
    report = check_layer(SigmoidForgetsOneMinus(), X)
    assert not report.passed and report.max_rel_error > 0.1
    assert report.where[0] == "X"
    assert "FAILED" in str(report)


def test_a_wrong_bias_gradient_is_caught_in_the_bias():
    report = check_layer(LinearWithMeanBias(3, 2, rng=0), X)
    assert report.per_parameter["b"] > 0.1
    assert report.per_parameter["W"] < 1e-6 and report.per_parameter["X"] < 1e-6
    assert report.where[0] == "b"


def test_a_transposition_slip_is_caught():
    report = check_layer(LinearWithUntransposedW(3, 3, rng=0), X)
    assert report.where[0] == "X" and report.max_rel_error > 0.1


def test_a_wrong_layer_inside_a_model_is_caught_by_the_model_check():
    model = Sequential(LinearWithMeanBias(3, 4, rng=0), Tanh(), Linear(4, 2, rng=1))
    report = check_model(model, MSELoss(), X, np.zeros((5, 2)))
    assert report.where[0] == "0.b" and not report.passed
    assert report.per_parameter["2.W"] < 1e-6


def test_a_wrong_loss_gradient_is_caught():
    report = check_loss(MSEWithoutTwo(), X, np.zeros_like(X))
    assert report.max_rel_error == pytest.approx(1 / 3)  # |a - 2a| / (a + 2a)
    assert report.where[0] == "pred"


@settings(max_examples=25, deadline=None)
@given(
    X=arrays(np.float64, (3, 2), elements=st.floats(-3, 3).filter(lambda v: abs(v) > 0.1)),
    scale=st.sampled_from([0.5, 2.0, -1.0]),
)
def test_any_rescaled_backward_is_caught(X, scale):
    class Scaled(Tanh):
        def backward(self, dY):
            return scale * super().backward(dY)

    report = check_layer(Scaled(), X)
    assert report.max_rel_error >= abs(1 - scale) / (1 + abs(scale)) * 0.99


# --------------------------------------------------------------------- correct ones pass


def test_correct_layers_pass_and_report_every_array():
    report = check_layer(Linear(3, 2, rng=0), X)
    assert report.passed and report.max_rel_error < 1e-6
    assert list(report.per_parameter) == ["X", "W", "b"]
    assert report.analytic["W"].shape == report.numeric["W"].shape == report.errors["W"].shape
    assert isinstance(report, GradcheckReport)


def test_dropout_passes_because_its_random_mask_is_replayed():
    layer = Dropout(0.5, rng=3)
    report = check_layer(layer, X)
    assert report.passed, str(report)
    assert 0 < np.count_nonzero(report.analytic["X"]) < X.size  # some units really dropped


def test_checking_changes_neither_the_input_nor_the_parameters():
    layer = Linear(3, 2, rng=0)
    X0, W0, b0 = X.copy(), layer.W.copy(), layer.b.copy()
    Xin = X.copy()
    check_layer(layer, Xin)
    np.testing.assert_array_equal(Xin, X0)
    np.testing.assert_array_equal(layer.W, W0)
    np.testing.assert_array_equal(layer.b, b0)


def test_report_text_names_the_worst_entry_and_every_array():
    report = check_layer(LinearWithMeanBias(3, 2, rng=0), X)
    text = str(report)
    _, idx = report.where
    assert text.startswith("gradcheck FAILED: max relative error")
    assert f"at b[{idx[0]}]" in text
    for array in ("X", "W", "b"):
        assert f"\n  {array} " in text


def test_float32_model_uses_a_larger_step_and_looser_tolerance():
    f32 = np.float32
    model = Sequential(Linear(3, 4, rng=0, dtype=f32), Tanh(), Linear(4, 2, rng=1, dtype=f32))
    report = check_model(model, MSELoss(), X.astype(f32), np.zeros((5, 2), dtype=f32))
    assert report.h == DEFAULT_H[np.dtype(f32)] == 5e-3
    assert report.passed and report.tol == 1e-2, str(report)
    # A wrong float32 backward pass still fails the looser tolerance.
    bad = check_layer(SigmoidForgetsOneMinus(), X.astype(f32))
    assert not bad.passed


def test_float32_step_reaches_relu_kinks_that_float64_misses():
    """The module docstring: float32's h is 5000 times float64's, so a correct ReLU network
    fails in float32 (an input of a ReLU lies within reach of 0) and passes in float64."""
    from backprop.nn import SoftmaxCrossEntropy

    f32, f64 = np.dtype(np.float32), np.dtype(np.float64)
    assert DEFAULT_H[f32] / DEFAULT_H[f64] == pytest.approx(5000)
    rng = np.random.default_rng(6)
    X, y = rng.standard_normal((10, 6)), rng.integers(0, 3, 10)

    def relu_net(dtype):
        return Sequential(
            Linear(6, 8, rng=6, dtype=dtype), ReLU(), Linear(8, 3, rng=7, dtype=dtype)
        )

    report = check_model(relu_net(f32), SoftmaxCrossEntropy(), X.astype(f32), y)
    assert not report.passed and report.where == ("0.W", (1, 3))
    # W[1, 3] moves column 3 of the first layer's output by h * X[:, 1]: one row crosses 0
    Z = relu_net(f32).layers[0].forward(X.astype(f32))
    assert (np.abs(Z[:, 3]) < DEFAULT_H[f32] * np.abs(X[:, 1])).any()
    assert check_model(relu_net(f64), SoftmaxCrossEntropy(), X, y).passed


def test_where_the_bug_lies_follows_the_failing_arrays():
    """The module docstring's three fingerprints, for a bug in the middle Linear (layer 2)."""
    from backprop.nn import SoftmaxCrossEntropy

    class WrongDX(Linear):
        def backward(self, dY):
            super().backward(dY)
            return dY @ self.W.T * 1.5

    class SpoilsDY(Linear):
        def backward(self, dY):
            return super().backward(dY * 1.5)

    X = np.random.default_rng(0).standard_normal((6, 3))
    y = np.array([0, 1, 2, 0, 1, 2])
    failing = {}
    for bad in (WrongDX, SpoilsDY, LinearWithMeanBias):
        model = Sequential(
            Linear(3, 5, rng=0), Sigmoid(), bad(5, 4, rng=1), Tanh(), Linear(4, 3, rng=2)
        )
        report = check_model(model, SoftmaxCrossEntropy(), X, y)
        failing[bad] = {k for k, e in report.per_parameter.items() if e > report.tol}
    assert failing[WrongDX] == {"X", "0.W", "0.b"}
    assert failing[SpoilsDY] == {"X", "0.W", "0.b", "2.W", "2.b"}
    assert failing[LinearWithMeanBias] == {"2.b"}


def test_relu_kink_within_h_is_flagged():
    report = check_layer(ReLU(), np.array([[1e-7, 1.0, -2.0]]))
    assert report.where == ("X", (0, 0)) and report.max_rel_error > 0.1
    assert report.kinks["X"].tolist() == [[True, False, False]]
    assert report.max_rel_error_off_kinks < report.tol
    assert "\nkink: 1 entry moves a ReLU input across 0" in str(report)


def _zero_bias_relu_net():
    """The check_model docstring's network: example 3 is all zeros after the first ReLU."""
    layers = Linear(2, 3, rng=0), ReLU(), Linear(3, 2, rng=1), ReLU()
    rng = np.random.default_rng(0)
    X, Y = rng.standard_normal((4, 2)), rng.standard_normal((4, 1))
    return Sequential(*layers, Linear(2, 1, rng=2)), X, Y


def test_zero_biases_put_a_float64_check_on_a_kink_and_the_report_says_so():
    model, X, Y = _zero_bias_relu_net()
    Z = model.layers[0].forward(X)
    assert (Z[3] <= 0).all()  # every unit of example 3 off: the next layer sees its bias, 0
    report = check_model(model, MSELoss(), X, Y)
    assert not report.passed and report.where == ("2.b", (0,))
    assert report.kinks["2.b"][0] and report.max_rel_error_off_kinks < 1e-8
    assert {name for name, k in report.kinks.items() if k.any()} == {"2.b"}
    lines = str(report).splitlines()
    assert lines[-2].startswith("kink: 2 entries move a ReLU input across 0")
    assert [line.split()[0] for line in lines if line.endswith(" kink")] == ["2.b"]
    assert max(map(len, lines)) <= 78
    model.layers[2].b[...] = [0.1, -0.1]
    report = check_model(model, MSELoss(), X, Y)
    assert report.passed and not any(k.any() for k in report.kinks.values())
    assert "kink" not in str(report)


def test_kinks_are_found_in_nested_models_and_a_bug_is_no_kink():
    class NoMask(ReLU):  # a bug: forgets the derivative
        def backward(self, dY):
            return dY

    model, X, Y = _zero_bias_relu_net()
    a, relu, b, relu2, c = model.layers
    nested = Sequential(a, Sequential(relu, Sequential(b, relu2)), c)
    report = check_model(nested, MSELoss(), X, Y)
    assert report.kinks["1.1.0.b"][0] and not report.passed
    assert report.max_rel_error_off_kinks < 1e-8
    rng = np.random.default_rng(1)
    buggy = Sequential(Linear(2, 3, rng=0), NoMask(), Linear(3, 1, rng=1))
    buggy.layers[0].b[...] = rng.normal(0, 0.1, 3)
    report = check_model(buggy, MSELoss(), X, Y)
    assert report.max_rel_error_off_kinks > 0.1  # a bug fails away from any kink


def test_reports_without_relus_have_no_kinks():
    model = Sequential(Linear(3, 4, rng=0), Tanh(), Linear(4, 2, rng=1))
    report = check_model(model, MSELoss(), X, np.zeros((5, 2)))
    assert set(report.kinks) == set(report.errors)
    assert not any(k.any() for k in report.kinks.values())
    assert report.max_rel_error_off_kinks == report.max_rel_error
    made = GradcheckReport({"x": np.ones(2)}, {"x": np.ones(2)}, h=1e-6, floor=1e-8, tol=1e-6)
    assert made.kinks["x"].tolist() == [False, False] and made.max_rel_error_off_kinks == 0


def test_float32_batch_norm_costs_the_check_a_little_accuracy():
    """The module docstring: near 1e-3 for a smooth float32 network, up to about twice that
    with batch norm, both well inside the tolerance 1e-2."""
    from backprop.nn import BatchNorm1d

    f32 = np.float32
    medians = {}
    for bn in (False, True):
        errors = []
        for seed in range(6):
            rng = np.random.default_rng(seed)
            norm = [BatchNorm1d(6, dtype=f32)] if bn else []
            layers = [Linear(4, 6, rng=seed, dtype=f32), *norm, Tanh()]
            model = Sequential(*layers, Linear(6, 2, rng=seed + 50, dtype=f32))
            X = rng.standard_normal((10, 4)).astype(f32)
            Y = rng.standard_normal((10, 2)).astype(f32)
            report = check_model(model, MSELoss(), X, Y)
            assert report.passed, (bn, seed, report.max_rel_error)
            errors.append(report.max_rel_error)
        medians[bn] = float(np.median(errors))
    assert 2e-4 < medians[False] < 3e-3, medians
    assert 1 < medians[True] / medians[False] < 3, medians


# ------------------------------------------------------------------- the building blocks


def test_relative_error_is_symmetric_and_bounded():
    assert relative_error(2.0, 2.0) == 0.0
    assert relative_error(0.0, 0.0) == 0.0
    assert relative_error(1.0, -1.0) == 1.0
    assert relative_error(1.0, 3.0) == relative_error(3.0, 1.0) == 0.5
    assert relative_error(0.0, 1e-200) == 1.0
    assert relative_error(0.0, 1e-200, tiny=1e-100) == pytest.approx(1e-100)
    err = relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.0 + 4e-6]))
    assert err.shape == (2,) and err[1] == pytest.approx(1e-6)


@settings(max_examples=30, deadline=None)
@given(arrays(np.float64, 4, elements=st.floats(-5, 5)))
def test_numeric_gradient_of_a_cubic_matches_and_restores_x(w):
    original = w.copy()
    g = numeric_gradient(lambda: w**3 + 2 * w, w)
    np.testing.assert_allclose(g, 3 * original**2 + 2, rtol=1e-8)
    np.testing.assert_array_equal(w, original)  # bit for bit


def test_numeric_gradient_rejects_what_it_cannot_perturb():
    with pytest.raises(TypeError, match="x must be a float numpy array"):
        numeric_gradient(lambda: 0.0, [1.0, 2.0])
    with pytest.raises(ValueError, match="h must be > 0, got 0"):
        numeric_gradient(lambda: 0.0, np.zeros(2), h=0)
    with pytest.raises(TypeError, match="f must be callable"):
        numeric_gradient(3, np.zeros(2))


def test_a_function_that_blows_up_is_reported():
    w = np.array([0.0])
    with pytest.raises(ValueError, match="nan or inf during the finite differences"):
        numeric_gradient(lambda: np.inf if w[0] < 0 else 0.0, w)


def test_explicit_floor_and_tolerance_are_used():
    report = check_layer(Tanh(), X, floor=1.0, tol=1e-3)
    assert report.floor == 1.0 and report.tol == 1e-3
    with pytest.raises(ValueError, match="floor must be > 0"):
        check_layer(Tanh(), X, floor=0.0)
    with pytest.raises(ValueError, match="X must be finite"):
        check_layer(Tanh(), np.array([[np.nan]]))


def test_check_layer_of_a_sequential_checks_its_input_gradient_too():
    """A Sequential skips dL/dX unless asked; check_layer asks, as check_model does (it used to
    compare nan with the numeric gradient of X and report nothing useful)."""
    from backprop.nn import ReLU, Sequential

    X = np.random.default_rng(0).standard_normal((5, 2))
    model = Sequential(Linear(2, 3, rng=0), ReLU())
    report = check_layer(model, X)
    assert report.passed and np.isfinite(report.analytic["X"]).all()
    assert model.input_grad is False  # put back as it was


def test_dead_relu_units_have_exactly_zero_numeric_gradient_too():
    """Nudging the weights of a unit that is off for every example changes nothing, so the
    numeric gradient is exactly 0 like the analytic one: no false alarm, floor or not."""
    from backprop.nn import ReLU, Sequential

    X = np.random.default_rng(0).standard_normal((5, 2))
    model = Sequential(Linear(2, 3, rng=0), ReLU())
    model.layers[0].b[...] = -100.0  # every pre-activation below 0
    report = check_layer(model, X)
    assert np.all(report.analytic["0.W"] == 0) and np.all(report.numeric["0.W"] == 0)
    assert report.passed
