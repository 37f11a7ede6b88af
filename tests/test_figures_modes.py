"""The forward-versus-reverse picture of the modes page draws what the page says."""

import numpy as np
import pytest
from figures.modes import modes_figure

SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
X = [1.0, -0.5, 2.0, 0.3]
W = [[0.5, -0.3, 0.1], [0.2, 0.4, -0.2], [-0.1, 0.6, 0.3], [0.7, -0.4, 0.2]]


def panel_texts(ax):
    return [t.get_text() for t in ax.texts]


def arrows(ax):
    return [a for a in ax.texts if getattr(a, "arrow_patch", None) is not None]


def gradient(x, W):
    x, W = np.asarray(x), np.asarray(W)
    return (1 - np.tanh(x @ W) ** 2) @ W.T


@pytest.mark.parametrize("n", [2, 3, 4])
@pytest.mark.parametrize("narrow", [False, True])
def test_each_forward_pass_seeds_one_input_and_yields_its_entry(n, narrow):
    x, w = X[:n], [row[:2] for row in W[:n]]
    fig = modes_figure(x=x, W=w, narrow=narrow)
    grad = gradient(x, w)
    for k, ax in enumerate(fig.axes[:n]):
        texts = panel_texts(ax)
        seeds = [t for t in texts if t.startswith("ẋ")]
        assert [t.endswith(" = 1") for t in seeds] == [i == k for i in range(n)]  # x_dot = e_k
        assert f"∂L/∂x{k + 1}".translate(SUB) + f" = {grad[k]:.2f}" in texts  # the entry at L
        assert not any(t.startswith("x̄") for t in texts)


@pytest.mark.parametrize("narrow", [False, True])
def test_the_one_reverse_pass_ends_with_the_whole_gradient(narrow):
    fig = modes_figure(x=X, W=W, narrow=narrow)
    assert len(fig.axes) == 5  # four forward passes, one reverse pass
    texts = panel_texts(fig.axes[-1])
    grad = gradient(X, W)
    assert {f"x̄{i + 1}".translate(SUB) + f" = {g:.2f}" for i, g in enumerate(grad)} <= set(texts)
    assert "L̄ = 1" in texts
    assert len(arrows(fig.axes[-1])) == 4 * 3 + 3 + 3  # every edge runs back once


def test_a_forward_pass_draws_every_edge_busy():
    """Every operation carries its tangent, zeros too: no edge is drawn idle."""
    fig = modes_figure()
    for ax in fig.axes[:3]:
        styles = {(a.arrow_patch.get_alpha(), a.arrow_patch.get_linewidth()) for a in arrows(ax)}
        assert len(arrows(ax)) == 3 * 2 + 2 + 2 and len(styles) == 1


def test_bad_shapes_name_the_argument():
    with pytest.raises(ValueError, match="x must hold 2 to 4 numbers"):
        modes_figure(x=[1.0] * 5, W=[[1.0]] * 5)
    with pytest.raises(ValueError, match="W must have shape"):
        modes_figure(x=[1.0, 2.0], W=[[1.0, 2.0]])
