"""The forward-versus-reverse picture of the modes page draws what the page says."""

import pytest
from figures.modes import modes_figure

SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def panel_texts(ax):
    return [t.get_text() for t in ax.texts]


@pytest.mark.parametrize("n", [2, 3, 4])
@pytest.mark.parametrize("narrow", [False, True])
def test_each_forward_pass_seeds_one_input_and_yields_its_entry(n, narrow):
    fig = modes_figure(n=n, m=2, narrow=narrow)
    forward = fig.axes[:n]
    for k, ax in enumerate(forward):
        texts = panel_texts(ax)
        assert texts.count("1") == 1 and texts.count("0") == n - 1  # the tangent e_k
        assert f"∂L/∂x{k + 1}".translate(SUB) in texts  # what that pass gives at L
        assert not any(t.startswith("x̄") for t in texts)


@pytest.mark.parametrize("narrow", [False, True])
def test_the_one_reverse_pass_ends_at_every_input(narrow):
    fig = modes_figure(n=4, m=3, narrow=narrow)
    assert len(fig.axes) == 5  # four forward passes, one reverse pass
    texts = panel_texts(fig.axes[-1])
    assert {f"x̄{i}".translate(SUB) for i in range(1, 5)} <= set(texts)
    assert "L̄ = 1" in texts
    arrows = [c for c in fig.axes[-1].texts if getattr(c, "arrow_patch", None) is not None]
    assert len(arrows) == 4 * 3 + 3 + 3  # every edge runs back once


def test_a_forward_pass_leaves_the_other_inputs_edges_idle():
    fig = modes_figure(n=3, m=2)
    arrows = [a for a in fig.axes[0].texts if getattr(a, "arrow_patch", None) is not None]
    live = [a for a in arrows if a.arrow_patch.get_alpha() == 1.0]
    assert len(arrows) == 3 * 2 + 2 + 2 and len(live) == 2 + 2 + 2  # x1's two edges and on
