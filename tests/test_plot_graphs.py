"""The graph figures of chapter 4: the layout respects the graph, the drawing shows every node."""

import pytest

from backprop.autograd import Value
from backprop.plot import draw_graph, layered_layout, to_svg
from backprop.plot.graphs import node_title


def running_example():
    x, y, t = Value(2.0, label="x"), Value(-3.0, label="y"), Value(-7.0, label="t")
    L = (x * y + y - t) ** 2
    L.backward()
    return L


def neuron():
    x1, x2, w1, w2, b, t = (Value(v) for v in (1.0, -2.0, 0.5, 0.25, 0.1, 1.0))
    L = ((x1 * w1 + x2 * w2 + b).sigmoid() - t) ** 2
    L.backward()
    return L


@pytest.mark.parametrize("build", [running_example, neuron])
def test_every_edge_points_to_a_later_column(build):
    graph = build().graph()
    layout = layered_layout(graph)
    for e in graph["edges"]:
        assert layout.layer[e["source"]] < layout.layer[e["target"]]


@pytest.mark.parametrize("build", [running_example, neuron])
def test_no_two_nodes_share_a_position(build):
    layout = layered_layout(build().graph())
    positions = list(layout.pos.values())
    assert len(set(positions)) == len(positions)


def test_output_sits_alone_in_the_last_column():
    graph = running_example().graph()
    layout = layered_layout(graph)
    output = len(graph["nodes"]) - 1
    last = max(layout.layer.values())
    assert [i for i, c in layout.layer.items() if c == last] == [output]


def test_inputs_sit_just_left_of_their_first_use():
    x, b = Value(1.0, label="x"), Value(0.5, label="b")
    z = ((x * 2.0).tanh() * 3.0).tanh() + b  # b enters at the very end
    graph = z.graph()
    layout = layered_layout(graph)
    ids = {n["label"]: n["id"] for n in graph["nodes"] if n["label"]}
    assert layout.layer[ids["x"]] == 0
    assert layout.layer[ids["b"]] == layout.layer[len(graph["nodes"]) - 1] - 1


def test_an_edge_that_skips_columns_bends_once_per_column():
    x = Value(2.0, label="x")
    a = x * 3.0
    z = a + (a * a).tanh()  # a -> z skips the columns of a*a and tanh
    graph = z.graph()
    layout = layered_layout(graph)
    for e, route in zip(graph["edges"], layout.routes, strict=True):
        span = layout.layer[e["target"]] - layout.layer[e["source"]]
        assert len(route) == span + 1
        assert route[0] == layout.pos[e["source"]] and route[-1] == layout.pos[e["target"]]


def test_a_node_used_twice_sends_two_arrows():
    x = Value(3.0, label="x")
    y = x * x
    y.backward()
    graph = y.graph()
    assert len(graph["edges"]) == 2
    fig = draw_graph(graph)
    arrows = [t for t in fig.axes[0].texts if t.get_text() == "" and t.arrow_patch is not None]
    assert len(arrows) == 2


def test_drawing_shows_value_and_gradient_of_every_node():
    L = running_example()
    graph = L.graph()
    fig = draw_graph(graph)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert len(fig.axes[0].patches) == len(graph["nodes"])
    for node in graph["nodes"]:
        assert f"data {node['data']:.4g}" in texts
        assert f"grad {node['grad']:.4g}" in texts
    assert "grad 12" in texts and "grad -12" in texts  # dL/dx, dL/dy of the page


def test_forward_only_drawing_has_no_gradients():
    fig = draw_graph(running_example().graph(), show_grad=False)
    assert not any(t.get_text().startswith("grad") for t in fig.axes[0].texts)


def test_drawing_is_deterministic_and_small():
    svg1 = to_svg(draw_graph(neuron().graph(), digits=3), alt="a neuron")
    svg2 = to_svg(draw_graph(neuron().graph(), digits=3), alt="a neuron")
    assert svg1 == svg2
    assert len(svg1) < 150_000


def test_node_titles():
    assert node_title({"label": "q", "op": "*", "data": -6.0}) == "q = ×"
    assert node_title({"label": "", "op": "**3", "data": 8.0}) == "(·)^3"
    assert node_title({"label": "", "op": "", "data": 2.5}) == "2.5"


@pytest.mark.parametrize(
    "bad",
    [
        None,
        {"nodes": []},
        {"nodes": [], "edges": []},
        {"nodes": [{"id": 1, "label": "", "op": "", "data": 0.0, "grad": 0.0}], "edges": []},
        {
            "nodes": [{"id": i, "label": "", "op": "", "data": 0.0, "grad": 0.0} for i in (0, 1)],
            "edges": [{"source": 1, "target": 0}],
        },
    ],
)
def test_malformed_graph_is_rejected(bad):
    with pytest.raises(ValueError, match="graph"):
        layered_layout(bad)


def test_digits_must_be_positive():
    with pytest.raises(ValueError, match="digits must be an integer >= 1, got 0"):
        draw_graph(running_example().graph(), digits=0)


def test_vertical_drawing_flows_downwards_and_is_narrower():
    graph = neuron().graph()
    wide, tall = draw_graph(graph), draw_graph(graph, vertical=True)
    assert tall.get_figwidth() < wide.get_figwidth()
    assert tall.get_figheight() > wide.get_figheight()
    # each arrow ends lower than it starts: parents sit above their children
    for arrow in tall.axes[0].texts:
        if arrow.get_text() == "" and hasattr(arrow, "xyann"):
            assert arrow.xy[1] < arrow.xyann[1]
