"""The interactive figures agree with the package, number for number.

Each figure (docs/javascripts/widgets/) stores every number it shows, at full precision, in a
data attribute. These tests set the figure's inputs the way a reader does (sliders, selects,
number fields, buttons, keys), read those attributes back, and compare them with what
``backprop`` computes for the same inputs: ``gradient_descent`` with the exact gradient, the
one-weight steps, and ``Value`` graphs. Agreement is to 1e-12 relative.
"""

from __future__ import annotations

import math
from urllib.parse import urljoin, urlsplit

import pytest
from figures.widgets import DESCENT_FUNCTIONS, STEPPER_INPUTS, stepper_graph

from backprop.data import OneWeightExample, one_weight_steps, steps_to_converge
from backprop.descent import DivergenceError, gradient_descent

pytestmark = pytest.mark.browser

REL = 1e-12
PAGES = {
    "descent": "gradient-descent/",
    "one-weight": "one-weight/",
    "backprop-stepper": "graphs/",
}


def close(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b or math.isclose(a, b, rel_tol=REL, abs_tol=0.0)


def assert_close(got, want, what: str) -> None:
    got, want = [float(v) for v in got], [float(v) for v in want]
    assert len(got) == len(want), f"{what}: {len(got)} numbers shown, {len(want)} expected"
    bad = [(i, g, w) for i, (g, w) in enumerate(zip(got, want, strict=True)) if not close(g, w)]
    assert not bad, f"{what}: (index, browser, package) differ: {bad[:5]}"


class WidgetPage:
    """One chapter page opened in the browser, with its console errors recorded."""

    def __init__(self, context, base_url: str, kind: str):
        self.kind = kind
        self.errors: list[str] = []
        origin = urlsplit(base_url).netloc
        self.page = page = context.new_page()

        def on_console(msg):
            if msg.type != "error":
                return
            url = (msg.location or {}).get("url", "")
            # the theme asks GitHub for the repository's stars: offline, that fails, not us
            if url and urlsplit(url).netloc not in ("", origin):
                return
            self.errors.append(msg.text)

        page.on("console", on_console)
        page.on("pageerror", lambda err: self.errors.append(f"uncaught: {err}"))
        page.goto(urljoin(base_url, PAGES[kind]), wait_until="domcontentloaded")
        self.root = page.locator(f'.bp-widget[data-widget="{kind}"]')
        self.root.wait_for(state="visible", timeout=10_000)

    def attr(self, selector: str, name: str = "data-value") -> str:
        return self.root.locator(selector).first.get_attribute(name)

    def num(self, selector: str) -> float:
        return float(self.attr(selector))

    def all_attrs(self, selector: str, name: str) -> list[str]:
        return self.root.locator(selector).evaluate_all(
            "(els, name) => els.map((e) => e.getAttribute(name))", name
        )

    def set_slider(self, control: str, value: float) -> None:
        """Set a range input as a script would, and fire the input event a drag fires."""
        self.root.locator(f'input[data-control="{control}"]').evaluate(
            "(el, v) => { el.value = String(v);"
            " el.dispatchEvent(new Event('input', {bubbles: true})); }",
            value,
        )

    def click(self, action: str, times: int = 1) -> None:
        """Press a button ``times`` times (DOM clicks: the keyboard tests press real keys)."""
        self.root.locator(f'[data-action="{action}"]').evaluate(
            "(b, n) => { for (let i = 0; i < n; i++) b.click(); }", times
        )

    def close(self) -> None:
        self.page.close()


def _local_only(ctx, base_url: str) -> None:
    """Refuse requests that leave the site at once (the theme asks GitHub for star counts)."""
    origin = urlsplit(base_url).netloc
    ctx.route(
        lambda url: urlsplit(url).netloc not in ("", origin) and url.startswith("http"),
        lambda route: route.abort(),
    )


@pytest.fixture(scope="module")
def desktop(browser, base_url):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    _local_only(ctx, base_url)
    yield ctx
    ctx.close()


@pytest.fixture(scope="module")
def _pages(desktop):
    pages: dict[str, WidgetPage] = {}
    yield pages
    for page in pages.values():
        page.close()


@pytest.fixture
def open_widget(desktop, base_url, _pages):
    """Open a widget's page, or reuse the one already open (``fresh=True`` reloads it).

    Loading a chapter takes a second or two, so the tests share one page per widget; each
    test sets every input it relies on. Console errors are collected over the page's life.
    """

    def _open(kind: str, fresh: bool = False) -> WidgetPage:
        if fresh or kind not in _pages:
            if kind in _pages:
                _pages.pop(kind).close()
            _pages[kind] = WidgetPage(desktop, base_url, kind)
        return _pages[kind]

    return _open


# ------------------------------------------------------------------------------ all three


@pytest.mark.parametrize("kind", list(PAGES))
def test_widget_replaces_its_static_figure(open_widget, kind):
    w = open_widget(kind, fresh=True)
    wrap = w.page.locator(".bp-widget-wrap", has=w.root)
    assert wrap.locator(".bp-static").count() == 0, "the static figure is still in the page"
    assert w.root.get_attribute("hidden") is None
    assert w.root.locator("[aria-live]").count() >= 1, "no live region for the numbers"
    for control in w.root.locator("input, select").all():
        cid = control.get_attribute("id")
        assert w.root.locator(f'label[for="{cid}"]').count() == 1, f"no label for #{cid}"
    assert not w.errors, w.errors


@pytest.mark.parametrize("kind", list(PAGES))
def test_static_figure_without_javascript(browser, base_url, kind):
    ctx = browser.new_context(java_script_enabled=False)
    _local_only(ctx, base_url)
    try:
        page = ctx.new_page()
        page.goto(urljoin(base_url, PAGES[kind]))
        root = page.locator(f'.bp-widget[data-widget="{kind}"]')
        assert not root.is_visible()
        wrap = page.locator(".bp-widget-wrap", has=root)
        static = wrap.locator(".bp-static figure.bp-figure svg")
        assert static.is_visible()
        assert static.bounding_box()["width"] > 200
    finally:
        ctx.close()


@pytest.mark.parametrize("kind", list(PAGES))
def test_no_console_errors_while_used(open_widget, kind):
    w = open_widget(kind)
    buttons = w.root.locator("button")
    for i in range(buttons.count()):
        buttons.nth(i).click(force=True)
    for control in w.root.locator('input[type="range"]').all():
        control.focus()
        control.press("ArrowRight")
    assert not w.errors, w.errors


# ------------------------------------------------------------------------------ descent


def _descent_run(key: str, x0, lr: float, steps: int):
    fn = DESCENT_FUNCTIONS[key]
    return gradient_descent(fn.f, x0, lr, steps=steps, grad=fn.grad, on_divergence="flag")


def _setup_descent(w: WidgetPage, key: str, x0, lr: float) -> None:
    w.root.locator('select[data-control="function"]').select_option(key)
    xs = x0 if isinstance(x0, list) else [x0]
    w.set_slider("x0", xs[0])
    if len(xs) > 1:
        w.set_slider("y0", xs[1])
    w.set_slider("lr", lr)
    w.click("reset")
    assert float(w.root.get_attribute("data-lr")) == lr
    assert [float(v) for v in w.root.get_attribute("data-x0").split(",")] == xs


def _check_descent(w: WidgetPage, key: str, x0, lr: float, steps: int) -> None:
    run = _descent_run(key, x0, lr, steps)
    two = key == "bowl"
    assert int(w.root.get_attribute("data-step")) == run.n_steps
    dots = ".bp-dots circle"
    assert_close(w.all_attrs(dots, "data-x"), run.xs[:, 0] if two else run.xs, "path x")
    if two:
        assert_close(w.all_attrs(dots, "data-y"), run.xs[:, 1], "path y")
    assert_close(w.all_attrs(dots, "data-f"), run.fs, "path f(x)")
    g = run.grads[-1] if two else [run.grads[-1]]
    shown = [float(v) for v in w.attr('[data-field="slope"]').split(",")]
    assert_close(shown, g, "slope")
    size = [float(v) for v in w.attr('[data-field="size"]').split(",")]
    assert_close(size, [lr * v for v in g], "lr x slope")
    assert_close([w.num('[data-field="f"]')], [run.f], "f(x)")
    state = "diverged" if run.diverged else "converged" if run.converged else None
    if state:
        assert w.root.get_attribute("data-state") == state


@pytest.mark.parametrize(
    ("key", "x0", "lr", "steps"),
    [
        ("parabola", 0.0, 0.1, 5),
        ("parabola", -5.3, 0.85, 7),
        ("quartic", 0.5, 0.05, 9),
        ("quartic", -1.75, 0.12, 6),
        ("bowl", [-4.0, 1.5], 0.09, 12),
        ("bowl", [3.2, -0.7], 0.025, 4),
    ],
)
def test_descent_steps_agree_with_gradient_descent(open_widget, key, x0, lr, steps):
    w = open_widget("descent")
    _setup_descent(w, key, x0, lr)
    w.click("step", steps)
    _check_descent(w, key, x0, lr, steps)


@pytest.mark.parametrize(
    ("key", "x0", "lr"),
    [("parabola", -4.0, 0.3), ("quartic", 0.0, 0.05), ("bowl", [-4.0, 1.5], 0.02)],
)
def test_descent_run_to_end_agrees(open_widget, key, x0, lr):
    w = open_widget("descent")
    _setup_descent(w, key, x0, lr)
    w.click("run")
    run = _descent_run(key, x0, lr, 1000)
    assert run.converged
    _check_descent(w, key, x0, lr, 1000)
    assert w.root.get_attribute("data-state") == "converged"


@pytest.mark.parametrize(
    ("key", "x0", "lr"),
    [("parabola", 0.0, 1.1), ("quartic", 2.0, 0.3), ("bowl", [-4.0, 1.5], 0.12)],
)
def test_descent_divergence_is_reported(open_widget, key, x0, lr):
    w = open_widget("descent")
    _setup_descent(w, key, x0, lr)
    w.click("run")
    fn = DESCENT_FUNCTIONS[key]
    with pytest.raises(DivergenceError) as info:
        gradient_descent(fn.f, x0, lr, grad=fn.grad)
    assert w.root.get_attribute("data-state") == "diverged"
    status = w.root.locator('[data-field="status"]').inner_text()
    assert f"Diverged at step {info.value.step} " in status, status
    _check_descent(w, key, x0, lr, 1000)


def test_descent_slider_changes_the_path(open_widget):
    w = open_widget("descent", fresh=True)
    w.click("step", 5)
    before = w.all_attrs(".bp-dots circle", "data-x")
    w.set_slider("lr", 0.3)
    after = w.all_attrs(".bp-dots circle", "data-x")
    assert len(after) == len(before) == 6
    assert after != before
    _check_descent(w, "parabola", 0.0, 0.3, 5)


def test_descent_keyboard(open_widget):
    w = open_widget("descent", fresh=True)
    lr = w.root.locator('input[data-control="lr"]')
    lr.focus()
    lr.press("ArrowRight")
    assert w.root.get_attribute("data-lr") == "0.11"
    step = w.root.locator('[data-action="step"]')
    step.focus()
    step.press("Enter")
    step.press("Space")
    assert w.root.get_attribute("data-step") == "2"
    outline = step.evaluate("(el) => getComputedStyle(el).outlineStyle")
    assert outline != "none", "the focused button shows no outline"


# ------------------------------------------------------------------------------ one weight


def _check_one_weight(w: WidgetPage, w0: float, lr: float) -> None:
    ex = OneWeightExample(x=1.5, y=0.5, w0=w0, lr=lr)
    try:
        n = steps_to_converge(ex.x, ex.y, w0, lr)
    except ValueError:
        n = None
    rows = min(n + 1, 40) if n is not None else 40
    ws = one_weight_steps(ex.x, ex.y, w0, lr, steps=rows - 1)
    assert float(w.root.get_attribute("data-w0")) == w0
    assert float(w.root.get_attribute("data-lr")) == lr
    assert w.root.get_attribute("data-steps") == ("" if n is None else str(n))
    assert_close(w.all_attrs('td[data-col="k"]', "data-value"), range(rows), "step")
    assert_close(w.all_attrs('td[data-col="w"]', "data-value"), ws, "w")
    assert_close(w.all_attrs('td[data-col="J"]', "data-value"), [ex.loss(v) for v in ws], "J(w)")
    assert_close(w.all_attrs('td[data-col="dJ"]', "data-value"), [ex.grad(v) for v in ws], "dJ/dw")
    summary = w.root.locator('[data-field="summary"]').inner_text()
    if n is None:
        assert w.root.get_attribute("data-state") == "diverged"
        assert summary.startswith("Diverges"), summary
    else:
        assert f"after {n} step" in summary, summary


@pytest.mark.parametrize(
    ("w0", "lr"), [(0.8, 0.1), (-1.0, 0.3), (2.0, 0.44), (0.8, 0.01), (1.35, 0.22)]
)
def test_one_weight_table_agrees(open_widget, w0, lr):
    w = open_widget("one-weight")
    w.set_slider("w0", w0)
    w.set_slider("lr", lr)
    _check_one_weight(w, w0, lr)


def test_one_weight_default_is_the_chapter_table(open_widget):
    w = open_widget("one-weight", fresh=True)
    _check_one_weight(w, 0.8, 0.1)
    assert w.root.get_attribute("data-steps") == "25"


@pytest.mark.parametrize("lr", [0.45, 0.5])
def test_one_weight_divergence_is_reported(open_widget, lr):
    w = open_widget("one-weight")
    w.set_slider("lr", lr)
    _check_one_weight(w, 0.8, lr)


def test_one_weight_keyboard_changes_the_table(open_widget):
    w = open_widget("one-weight", fresh=True)
    before = w.all_attrs('td[data-col="w"]', "data-value")
    slider = w.root.locator('input[data-control="lr"]')
    slider.focus()
    slider.press("ArrowRight")
    after = w.all_attrs('td[data-col="w"]', "data-value")
    assert after != before
    _check_one_weight(w, 0.8, 0.11)


# ------------------------------------------------------------------------------ stepper


def _check_stepper(w: WidgetPage, name: str, inputs: dict[str, float]) -> None:
    out = stepper_graph(name, **inputs)
    out.backward()
    graph = out.graph()
    nodes = graph["nodes"]
    for node in nodes:
        box = f'[data-node="{node["label"]}"]'
        value = w.num(f'{box} [data-role="value"]')
        grad = w.num(f'{box} [data-role="grad"]')
        assert close(value, node["data"]), (node["label"], value, node["data"])
        assert close(grad, node["grad"]), (node["label"], grad, node["grad"])
    rows = w.root.locator(".bp-edges tbody tr")
    assert rows.count() == len(graph["edges"])
    order = sorted(graph["edges"], key=lambda e: -e["target"])  # Value.backward's walk
    for k, e in enumerate(order):
        row = rows.nth(k)
        src, dst = nodes[e["source"]], nodes[e["target"]]
        assert row.get_attribute("data-edge") == f"{src['label']}->{dst['label']}"
        got = [float(row.locator(f'td[data-col="{c}"]').get_attribute("data-value"))
               for c in ("upstream", "local", "downstream")]  # fmt: skip
        want = [dst["grad"], e["local"], e["local"] * dst["grad"]]
        assert_close(got, want, f"edge {src['label']} -> {dst['label']}")


def _select_graph(w: WidgetPage, name: str) -> None:
    w.root.locator('select[data-control="graph"]').select_option(name)
    w.click("reset")  # the graph's default inputs, back at step 0
    assert w.root.get_attribute("data-graph") == name


@pytest.mark.parametrize("name", list(STEPPER_INPUTS))
def test_stepper_defaults_agree_with_value(open_widget, name):
    w = open_widget("backprop-stepper")
    _select_graph(w, name)
    w.click("end")
    assert w.root.get_attribute("data-phase") == "done"
    _check_stepper(w, name, {})


@pytest.mark.parametrize(
    ("name", "inputs"),
    [
        ("expression", {"x": 1.25, "y": 0.7, "t": 3.3}),
        ("expression", {"x": -0.1, "y": 12.5, "t": 0.0}),
        ("neuron", {"x1": 0.3, "x2": 1.7, "w1": -1.2, "w2": 0.45, "b": -0.05, "t": 0.0}),
        ("neuron", {"x1": -3.0, "x2": 2.5, "w1": 2.1, "w2": -1.9, "b": 0.8, "t": 1.0}),
    ],
)
def test_stepper_inputs_agree_with_value(open_widget, name, inputs):
    w = open_widget("backprop-stepper")
    _select_graph(w, name)
    for key, value in inputs.items():
        w.root.locator(f'input[data-input="{key}"]').fill(repr(value))
    w.click("end")
    _check_stepper(w, name, inputs)


@pytest.mark.parametrize("name", list(STEPPER_INPUTS))
def test_stepper_steps_forward_then_backward(open_widget, name):
    w = open_widget("backprop-stepper")
    _select_graph(w, name)
    graph = stepper_graph(name).graph()
    computed = [n["label"] for n in graph["nodes"] if n["op"]]
    total = int(w.root.get_attribute("data-steps"))
    assert total == len(computed) + 1 + len(graph["edges"])
    next_button = w.root.locator('[data-action="next"]')
    next_button.focus()
    seen_phases = []
    for k in range(1, total + 1):
        next_button.press("Enter")  # keyboard only
        assert w.root.get_attribute("data-step") == str(k)
        seen_phases.append(w.root.get_attribute("data-phase"))
        if k <= len(computed):  # forward: node k has its value, later nodes do not yet
            shown = w.attr(f'[data-node="{computed[k - 1]}"] [data-role="value"]')
            assert shown is not None
            if k < len(computed):
                later = w.attr(f'[data-node="{computed[k]}"] [data-role="value"]')
                assert later is None
    assert seen_phases[0] == "forward" and seen_phases[-1] == "done"
    assert "backward" in seen_phases
    # at the end, every node and every edge shows its gradient
    grads = w.all_attrs('[data-role="grad"]', "data-value")
    assert None not in grads and len(grads) == len(graph["nodes"])
    assert None not in w.all_attrs('.bp-edges td[data-col="downstream"]', "data-value")
    _check_stepper(w, name, {})
    w.click("back")
    assert w.root.get_attribute("data-step") == str(total - 1)


def test_stepper_edit_changes_the_numbers(open_widget):
    w = open_widget("backprop-stepper", fresh=True)
    w.click("end")
    before = w.all_attrs('[data-role="grad"]', "data-value")
    field = w.root.locator('input[data-input="x"]')
    field.focus()
    field.press("ArrowUp")  # a number field steps by 1 with the keyboard
    assert w.all_attrs('[data-role="grad"]', "data-value") != before
    _check_stepper(w, "expression", {"x": 3.0})
