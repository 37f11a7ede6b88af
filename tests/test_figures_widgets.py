"""The widgets' static figures and settings (docs_src/figures/widgets.py) agree with the package.

The JavaScript reads its settings from the JSON that ``widget_html`` prints; these tests check
that JSON against the package's own defaults and against the static figure drawn beside it.
"""

from __future__ import annotations

import inspect
import json
from html.parser import HTMLParser

import numpy as np
import pytest
from figures.widgets import (
    DESCENT_FUNCTIONS,
    STEPPER_BOX,
    STEPPER_INPUTS,
    descent_config,
    descent_playground_static,
    one_weight_config,
    one_weight_static,
    stepper_config,
    stepper_edge_table,
    stepper_graph,
    widget_html,
)

from backprop.data import one_weight_example
from backprop.descent import gradient_descent
from backprop.optim import Momentum


class _Attrs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append(dict(attrs))


def _widget_attrs(markup: str) -> dict[str, str | None]:
    parser = _Attrs()
    parser.feed(markup)
    return next(a for a in parser.found if a.get("data-widget"))


@pytest.mark.parametrize("config", [descent_config(), one_weight_config(), stepper_config()])
def test_widget_html_carries_the_config_exactly(config):
    markup = widget_html("demo", config, "<p>static</p>")
    attrs = _widget_attrs(markup)
    assert json.loads(attrs["data-config"]) == config
    assert "hidden" in attrs
    assert markup.index("<p>static</p>") < markup.index('data-widget="demo"')


def test_descent_config_uses_the_package_defaults():
    cfg = descent_config()
    assert cfg["rules"] == {"steps": 1000, "tol": 1e-10, "max_abs": 1e12}
    assert cfg["beta"]["value"] == inspect.signature(Momentum).parameters["beta"].default
    assert cfg["beta"]["min"] == 0 and cfg["beta"]["max"] < 1
    for key, fn in DESCENT_FUNCTIONS.items():
        shown = cfg["functions"][key]
        assert shown["x0"] == list(fn.x0) and shown["lr"] == fn.lr
        lo, hi, _ = fn.sliders["lr"]
        assert lo <= fn.lr <= hi
        for name, x in zip(("x0", "y0"), fn.x0, strict=False):
            lo, hi, _ = fn.sliders[name]
            assert lo <= x <= hi, (key, name, x)


def test_descent_hints_state_the_true_limits():
    # the parabola converges below lr = 1 and diverges above; the bowl's limit is 0.1
    for key, limit in (("parabola", 1.0), ("bowl", 0.1)):
        fn = DESCENT_FUNCTIONS[key]
        assert f"lr < {limit:g}" in fn.hint
        x0 = list(fn.x0) if len(fn.x0) > 1 else fn.x0[0]
        below = gradient_descent(fn.f, x0, 0.98 * limit, grad=fn.grad, steps=5000)
        above = gradient_descent(fn.f, x0, 1.02 * limit, grad=fn.grad, on_divergence="flag")
        assert below.converged and above.diverged
    quartic = DESCENT_FUNCTIONS["quartic"]
    assert "x = 0.17" in quartic.hint
    assert abs(quartic.grad(0.1699)) < 1e-3  # the hump is where the slope is zero


def _heavy_ball(fn, lr, beta, steps=4000):
    """The widget's momentum rule (Momentum's): v <- beta v + grad, x <- x - lr v."""
    x = np.array(fn.x0, dtype=float)
    v = np.zeros_like(x)
    for _ in range(steps):
        v = beta * v + np.asarray(fn.grad(x if x.size > 1 else float(x[0])), dtype=float)
        x = x - lr * v
        if not np.all(np.abs(x) < 1e6):
            return "diverged"
    return "converged" if np.all(np.abs(x - _minimum(fn)) < 1e-6) else "neither"


def _minimum(fn):
    return np.array([-2.0]) if len(fn.x0) == 1 else np.zeros(2)


@pytest.mark.parametrize("key", ["parabola", "bowl"])
@pytest.mark.parametrize("beta", [0.5, 0.9])
def test_momentum_hint_limit_is_where_momentum_stops_converging(key, beta):
    from figures.widgets import MOMENTUM_HINT

    fn = DESCENT_FUNCTIONS[key]
    limit = 2 * (1 + beta) / fn.curvature  # the number the widget prints
    assert _heavy_ball(fn, 0.97 * limit, beta) == "converged"
    assert _heavy_ball(fn, 1.03 * limit, beta) == "diverged"
    assert 2 / fn.curvature < 0.97 * limit  # so lr values plain descent refuses converge here
    assert "{limit}" in MOMENTUM_HINT and "{plain}" in MOMENTUM_HINT


def test_descent_static_panels_use_the_widget_views():
    fig = descent_playground_static()
    for ax, fn in zip(fig.axes, DESCENT_FUNCTIONS.values(), strict=True):
        assert ax.get_xlim() == pytest.approx(fn.view[0])
        assert ax.get_ylim() == pytest.approx(fn.view[1])
    bowl = fig.axes[2]
    assert bowl.get_aspect() == 1.0
    path = bowl.lines[0].get_xydata()
    assert path[0].tolist() == list(DESCENT_FUNCTIONS["bowl"].x0)
    assert np.linalg.norm(path[-1]) < np.linalg.norm(path[0])


def test_one_weight_config_is_the_worked_example():
    ex, cfg = one_weight_example(), one_weight_config()
    assert (cfg["x"], cfg["y"], cfg["w0"], cfg["lr"]) == (ex.x, ex.y, ex.w0, ex.lr)
    assert (cfg["decimals"], cfg["max_steps"]) == (6, 100_000)
    for name, value in (("w0", ex.w0), ("lr", ex.lr)):
        assert cfg["sliders"][name]["min"] <= value <= cfg["sliders"][name]["max"]


def test_one_weight_static_settles_below_the_limit_only():
    ex = one_weight_example()
    fig = one_weight_static()
    ax = fig.axes[0]
    for line in ax.lines[:-1]:
        lr = float(line.get_label().split()[2])
        gaps = np.abs(line.get_ydata() - ex.w_star)
        factor = abs(1 - 2 * lr * ex.x**2)  # each step multiplies w - w* by 1 - 2 lr x**2
        assert gaps[-1] == pytest.approx(gaps[0] * factor ** (len(gaps) - 1), rel=1e-6)
        assert ("diverges" in line.get_label()) == (factor > 1)
        assert (gaps[-1] < gaps[0] / 10) == (lr < 1 / ex.x**2), lr


@pytest.mark.parametrize("name", list(STEPPER_INPUTS))
def test_stepper_config_is_the_value_graph(name):
    graph = stepper_graph(name).graph()
    nodes = stepper_config()["graphs"][name]["nodes"]
    assert [n["id"] for n in nodes] == [n["label"] for n in graph["nodes"]]
    labels = [n["label"] for n in graph["nodes"]]
    for i, node in enumerate(nodes):
        parents = [labels[e["source"]] for e in graph["edges"] if e["target"] == i]
        assert node["ins"] == parents
        assert node["op"] == (graph["nodes"][i]["op"] or None)


@pytest.mark.parametrize("name", list(STEPPER_INPUTS))
def test_stepper_layout_leaves_room_between_boxes(name):
    cfg = stepper_config()
    w, h = STEPPER_BOX
    graph = cfg["graphs"][name]
    nodes = graph["nodes"]
    for a in nodes:
        assert w / 2 <= a["x"] <= graph["width"] - w / 2
        assert h / 2 <= a["y"] <= graph["height"] - h / 2
        for b in nodes:
            if a is not b:  # boxes apart, with 50 units for an edge label between columns
                apart_x = abs(a["x"] - b["x"]) >= w + 50
                apart_y = abs(a["y"] - b["y"]) >= h + 10
                assert apart_x or (a["x"] == b["x"] and apart_y), (a["id"], b["id"])


def test_stepper_edge_table_lists_every_edge_with_its_product():
    table = stepper_edge_table("neuron")
    out = stepper_graph("neuron")
    out.backward()
    assert table.count("<tr>") == len(out.graph()["edges"]) + 1
    assert "<td>e \u2192 L</td>" in table
