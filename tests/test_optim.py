"""Tests for backprop.optim: each optimiser follows its textbook update, step for step."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop.nn import Linear, MSELoss, Parameter, Sequential, Tanh
from backprop.optim import SGD, Adam, Momentum


class Quadratic:
    """f(w) = 1/2 sum(a * (w - c)**2), with gradient a * (w - c), as a one-parameter "model"."""

    def __init__(self, a, c, w0, dtype=np.float64):
        self.a = np.asarray(a, dtype=dtype)
        self.c = np.asarray(c, dtype=dtype)
        self.w = np.array(w0, dtype=dtype)
        self.dw = np.zeros_like(self.w)

    def parameters(self):
        yield Parameter(self, "w", "w", "dw")

    def value(self):
        return float(0.5 * np.sum(self.a * (self.w - self.c) ** 2))

    def backward(self):
        self.dw[...] = self.a * (self.w - self.c)


A = [1.0, 4.0, 0.25]
C = [2.0, -1.0, 0.5]
W0 = [0.0, 3.0, -4.0]
K = 25  # steps


def run(make_optimizer, steps=K, dtype=np.float64):
    q = Quadratic(A, C, W0, dtype)
    opt = make_optimizer(q.parameters())
    ws, fs = [q.w.copy()], [q.value()]
    for _ in range(steps):
        opt.zero_grad()
        q.backward()
        opt.step()
        ws.append(q.w.copy())
        fs.append(q.value())
    return np.array(ws), np.array(fs)


def grad(w):
    return np.array(A) * (w - np.array(C))


# ------------------------------------------------------------------ the textbook formulas


def test_sgd_follows_w_minus_lr_times_g():
    lr = 0.2
    ws, fs = run(lambda p: SGD(p, lr=lr))
    w = np.array(W0)
    for k in range(1, K + 1):
        w = w - lr * grad(w)  # w_{k} = w_{k-1} - lr * f'(w_{k-1})
        np.testing.assert_allclose(ws[k], w, rtol=1e-14, atol=1e-15)
    # and the closed form on a quadratic: w_k - c = (1 - lr a)^k (w_0 - c)
    closed = np.array(C) + (1 - lr * np.array(A)) ** K * (np.array(W0) - np.array(C))
    np.testing.assert_allclose(ws[-1], closed, rtol=1e-12, atol=1e-14)
    assert np.all(np.diff(fs) < 0)  # lr < 1 / max(a): every step goes down


def test_momentum_follows_v_equals_beta_v_plus_g():
    lr, beta = 0.05, 0.9
    ws, fs = run(lambda p: Momentum(p, lr=lr, beta=beta))
    w, v = np.array(W0), np.zeros(3)
    for k in range(1, K + 1):
        v = beta * v + grad(w)  # v_k = beta v_{k-1} + g_{k-1}
        w = w - lr * v  # w_k = w_{k-1} - lr v_k
        np.testing.assert_allclose(ws[k], w, rtol=1e-13, atol=1e-14)
    assert fs[-1] < fs[0]


def test_adam_follows_its_bias_corrected_moments():
    lr, b1, b2, eps = 0.1, 0.9, 0.999, 1e-8
    ws, fs = run(lambda p: Adam(p, lr=lr, beta1=b1, beta2=b2, eps=eps))
    w, m, s = np.array(W0), np.zeros(3), np.zeros(3)
    for t in range(1, K + 1):
        g = grad(w)
        m = b1 * m + (1 - b1) * g  # first moment
        s = b2 * s + (1 - b2) * g**2  # second moment
        m_hat = m / (1 - b1**t)  # bias corrections
        s_hat = s / (1 - b2**t)
        w = w - lr * m_hat / (np.sqrt(s_hat) + eps)
        np.testing.assert_allclose(ws[t], w, rtol=1e-13, atol=1e-14)
    assert fs[-1] < fs[0]


@settings(max_examples=30, deadline=None)
@given(
    lr=st.floats(1e-3, 0.2),
    beta=st.floats(0.0, 0.99),
    beta2=st.floats(0.5, 0.9999),
    steps=st.integers(1, 15),
    kind=st.sampled_from(["sgd", "momentum", "adam"]),
)
def test_every_optimiser_matches_its_formula_for_any_settings(lr, beta, beta2, steps, kind):
    makers = {
        "sgd": lambda p: SGD(p, lr=lr),
        "momentum": lambda p: Momentum(p, lr=lr, beta=beta),
        "adam": lambda p: Adam(p, lr=lr, beta1=beta, beta2=beta2),
    }
    ws, _ = run(makers[kind], steps=steps)
    w, v, m, s = np.array(W0), np.zeros(3), np.zeros(3), np.zeros(3)
    for t in range(1, steps + 1):
        g = grad(w)
        if kind == "sgd":
            w = w - lr * g
        elif kind == "momentum":
            v = beta * v + g
            w = w - lr * v
        else:
            m = beta * m + (1 - beta) * g
            s = beta2 * s + (1 - beta2) * g * g
            w = w - lr * (m / (1 - beta**t)) / (np.sqrt(s / (1 - beta2**t)) + 1e-8)
    np.testing.assert_allclose(ws[-1], w, rtol=1e-12, atol=1e-13)


def test_momentum_with_beta_zero_is_sgd():
    np.testing.assert_array_equal(
        run(lambda p: Momentum(p, lr=0.1, beta=0.0))[0], run(lambda p: SGD(p, lr=0.1))[0]
    )


# ---------------------------------------------------------------------- in place, dtype, model


@pytest.mark.parametrize("make", [SGD, Momentum, Adam])
def test_step_updates_the_models_own_arrays_in_place(make):
    model = Sequential(Linear(3, 4, rng=0), Tanh(), Linear(4, 2, rng=1))
    arrays = [p.value for p in model.parameters()]
    before = [a.copy() for a in arrays]
    loss = MSELoss()
    X = np.random.default_rng(0).standard_normal((6, 3))
    loss.forward(model.forward(X), np.zeros((6, 2)))
    model.backward(loss.backward())
    opt = make(model.parameters(), lr=0.1)
    opt.step()
    for a, b, p in zip(arrays, before, model.parameters(), strict=True):
        assert p.value is a  # the same array, changed in place
        assert not np.array_equal(a, b)
    opt.zero_grad()
    assert all(not p.grad.any() for p in model.parameters())


@pytest.mark.parametrize("make", [SGD, Momentum, Adam])
def test_float32_parameters_stay_float32(make):
    ws, _ = run(lambda p: make(p, lr=0.01), steps=3, dtype=np.float32)
    assert ws.dtype == np.float32
    q = Quadratic(A, C, W0, np.float32)
    opt = make(q.parameters(), lr=0.01)
    q.backward()
    opt.step()
    assert q.w.dtype == np.float32
    assert all(state.dtype == np.float32 for state in getattr(opt, "m", []))


def test_a_model_trained_with_each_optimiser_fits_a_line():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((64, 2))
    Y = X @ np.array([[2.0], [-1.0]]) + 0.5
    for make in (
        lambda p: SGD(p, lr=0.1),
        lambda p: Momentum(p, lr=0.05),
        lambda p: Adam(p, lr=0.05),
    ):
        layer, loss = Linear(2, 1, rng=1), MSELoss()
        opt = make(layer.parameters())
        for _ in range(300):
            loss.forward(layer.forward(X), Y)
            layer.backward(loss.backward())
            opt.step()
        assert loss.forward(layer.forward(X), Y) < 1e-6


# ------------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("make", [SGD, Momentum, Adam])
@pytest.mark.parametrize(("lr", "shown"), [(-0.1, "-0.1"), (0, "0"), (float("nan"), "nan")])
def test_lr_must_be_positive(make, lr, shown):
    with pytest.raises(ValueError, match=f"lr must be > 0, got {shown}"):
        make(Quadratic(A, C, W0).parameters(), lr=lr)


@pytest.mark.parametrize(
    ("make", "name"),
    [
        (lambda p, b: Momentum(p, lr=0.1, beta=b), "beta"),
        (lambda p, b: Adam(p, beta1=b), "beta1"),
        (lambda p, b: Adam(p, beta2=b), "beta2"),
    ],
)
@pytest.mark.parametrize("beta", [1.0, -0.1, 1.5])
def test_betas_must_be_in_zero_one(make, name, beta):
    with pytest.raises(ValueError, match=rf"{name} must be in \[0, 1\), got {beta}"):
        make(Quadratic(A, C, W0).parameters(), beta)


def test_bad_params_are_named():
    with pytest.raises(ValueError, match="params must hold at least one parameter, got none"):
        SGD([], lr=0.1)
    with pytest.raises(TypeError, match=r"params\[0\] must have numpy arrays \.value and \.grad"):
        SGD([np.zeros(3)], lr=0.1)
    with pytest.raises(TypeError, match="params must be an iterable of parameters"):
        SGD(np.zeros(3), lr=0.1)
    with pytest.raises(ValueError, match=r"eps must be > 0, got 0"):
        Adam(Quadratic(A, C, W0).parameters(), eps=0)
    with pytest.raises(TypeError, match=r"beta must be a number, got '0\.9'"):
        Momentum(Quadratic(A, C, W0).parameters(), lr=0.1, beta="0.9")


def test_adam_moves_about_lr_only_while_the_gradient_keeps_its_sign():
    """What the module docstring says: constant-sign gradients of any scale give steps of about
    lr; a gradient that flips sign every step gives much smaller steps."""
    from backprop.nn import Parameter

    def steps(grads):
        holder = type("P", (), {})()
        holder.w, holder.dw = np.zeros(1), np.zeros(1)
        p = Parameter(holder, "w", "w", "dw")
        opt = Adam([p], lr=0.01)
        moved = []
        for g in grads:
            before = holder.w.copy()
            holder.dw[...] = g
            opt.step()
            moved.append(abs(float(holder.w[0] - before[0])))
        return np.array(moved)

    for scale in (1e-6, 1.0, 1e6):
        assert np.allclose(steps([scale] * 50), 0.01, rtol=0.02)  # eps trims the tiniest
    flipping = steps([(-1.0) ** k for k in range(200)])
    assert flipping[-50:].max() < 0.25 * 0.01
