"""The forward-versus-reverse picture of the modes page draws what the page says."""

import numpy as np
import pytest
from figures.modes import modes_figure

SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
X = [1.0, -0.5, 2.0, 0.3]
W = [[0.5, -0.3, 0.1], [0.2, 0.4, -0.2], [-0.1, 0.6, 0.3], [0.7, -0.4, 0.2]]


def numbers(ax):
    """The number each node's box shows, by node name."""
    return {t.get_gid(): float(t.get_text().replace("−", "-")) for t in ax.texts if t.get_gid()}


def arrows(ax):
    return [a for a in ax.texts if getattr(a, "arrow_patch", None) is not None]


def passes(x, W):
    """Every node's tangent in each forward pass, and its adjoint in the reverse pass."""
    x, W = np.asarray(x), np.asarray(W)
    n, m = W.shape
    slope = 1 - np.tanh(x @ W) ** 2
    name = lambda kind, i: f"{kind}{i + 1}".translate(SUB)  # noqa: E731

    def nodes(xs, hs, as_, L):
        out = {"L": L}
        for kind, vs in (("x", xs), ("h", hs), ("a", as_)):
            out.update({name(kind, i): v for i, v in enumerate(vs)})
        return out

    forward = []
    for k in range(n):
        x_dot = np.eye(n)[k]
        h_dot = x_dot @ W
        forward.append(nodes(x_dot, h_dot, slope * h_dot, (slope * h_dot).sum()))
    reverse = nodes(slope @ W.T, slope, np.ones(m), 1.0)
    return forward, reverse


@pytest.mark.parametrize("n", [2, 3, 4])
@pytest.mark.parametrize("narrow", [False, True])
def test_every_node_shows_what_its_pass_leaves_there(n, narrow):
    x, w = X[:n], [row[:2] for row in W[:n]]
    fig = modes_figure(x=x, W=w, narrow=narrow)
    forward, reverse = passes(x, w)
    assert len(fig.axes) == n + 1
    for ax, expected in zip(fig.axes, [*forward, reverse], strict=True):
        shown = numbers(ax)
        assert shown.keys() == expected.keys()
        for node, value in expected.items():
            assert abs(shown[node] - value) <= 0.005 + 1e-12, (ax.get_title(), node)


@pytest.mark.parametrize("narrow", [False, True])
def test_a_forward_pass_seeds_one_input_and_ends_with_its_entry(narrow):
    fig = modes_figure(x=X, W=W, narrow=narrow)
    grad = passes(X, W)[1]
    for k, ax in enumerate(fig.axes[:4]):
        shown = numbers(ax)
        assert [shown[f"x{i + 1}".translate(SUB)] for i in range(4)] == list(np.eye(4)[k])
        assert f"{shown['L']:.2f}" == f"{grad[f'x{k + 1}'.translate(SUB)]:.2f}"


@pytest.mark.parametrize("narrow", [False, True])
def test_the_one_reverse_pass_ends_with_the_whole_gradient(narrow):
    fig = modes_figure(x=X, W=W, narrow=narrow)
    assert len(fig.axes) == 5  # four forward passes, one reverse pass
    shown = numbers(fig.axes[-1])
    assert shown["L"] == 1.0
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
