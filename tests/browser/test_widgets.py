"""The interactive figures agree with the package, number for number.

Each figure (docs/javascripts/widgets/) stores every number it shows, at full precision, in a
data attribute. These tests set the figure's inputs the way a reader does (sliders, selects,
number fields, buttons, keys), read those attributes back, and compare them with what
``backprop`` computes for the same inputs: ``gradient_descent`` with the exact gradient, the
one-weight steps, and ``Value`` graphs. Agreement is to 1e-12 relative.
"""

from __future__ import annotations

import json
import math
from urllib.parse import urljoin, urlsplit

import numpy as np
import pytest
import sitecheck
from figures.one_weight import steps_to_read, weights
from figures.widgets import DESCENT_FUNCTIONS, STEPPER_INPUTS, stepper_graph

from backprop.data import OneWeightExample
from backprop.descent import DivergenceError, gradient_descent
from backprop.optim import Momentum

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
        self.root.wait_for(state="visible")  # the context bounds it: sitecheck.WAIT_MS

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
    ctx = sitecheck.new_context(browser, viewport={"width": 1280, "height": 900})
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
    ctx = sitecheck.new_context(browser, java_script_enabled=False)
    _local_only(ctx, base_url)
    try:
        page = ctx.new_page()
        page.goto(urljoin(base_url, PAGES[kind]))
        root = page.locator(f'.bp-widget[data-widget="{kind}"]')
        assert not root.is_visible()
        wrap = page.locator(".bp-widget-wrap", has=root)
        static = wrap.locator(".bp-static figure.bp-figure .bp-figure__light img").first
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
    # the readout: the last step, or after a divergence the last one with finite numbers
    k = _last_finite(run) if run.diverged else run.n_steps
    assert int(w.root.get_attribute("data-shown")) == k
    g = run.grads[k] if two else [run.grads[k]]
    shown = [float(v) for v in w.attr('[data-field="slope"]').split(",")]
    assert_close(shown, g, "slope")
    size = [float(v) for v in w.attr('[data-field="size"]').split(",")]
    assert_close(size, [lr * v for v in g], "lr x slope")
    assert_close([w.num('[data-field="f"]')], [run.fs[k]], "f(x)")
    state = "diverged" if run.diverged else "converged" if run.converged else None
    if state:
        assert w.root.get_attribute("data-state") == state


def _last_finite(run) -> int:
    """The last step whose point, value and gradient are all finite."""
    ok = [
        bool(np.all(np.isfinite(x)) and np.isfinite(f) and np.all(np.isfinite(g)))
        for x, f, g in zip(run.xs, run.fs, run.grads, strict=True)
    ]
    return max(i for i, good in enumerate(ok) if good)


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


@pytest.mark.parametrize(
    ("key", "x0", "lr"),
    [("parabola", 0.0, 1.1), ("quartic", 2.0, 0.3), ("bowl", [-4.0, 1.5], 0.12)],
)
def test_descent_divergence_shows_no_nan(open_widget, key, x0, lr):
    w = open_widget("descent")
    _setup_descent(w, key, x0, lr)
    w.click("run")
    text = w.root.inner_text()
    assert "NaN" not in text and "∞" not in text, text
    run = _descent_run(key, x0, lr, 1000)
    k = _last_finite(run)
    assert 0 < k < run.n_steps
    status = w.root.locator('[data-field="status"]').inner_text()
    assert f"step {k}'s, the last finite ones" in status, status
    assert int(w.num('[data-field="step"]')) == k


@pytest.mark.parametrize(
    ("key", "x0", "lr", "points"),
    [("parabola", 0.0, 1.0, ("0", "−4")), ("bowl", [-4.0, 1.5], 0.1, ("1.5", "−1.5"))],
)
def test_descent_two_point_oscillation_is_named(open_widget, key, x0, lr, points):
    w = open_widget("descent")
    _setup_descent(w, key, x0, lr)
    w.click("run")
    run = _descent_run(key, x0, lr, 1000)
    assert not run.converged and not run.diverged  # the package runs all 1000 steps
    assert run.xs[-1] == pytest.approx(run.xs[-3]) and run.xs[-1] != pytest.approx(run.xs[-2])
    assert w.root.get_attribute("data-state") == "oscillating"
    status = w.root.locator('[data-field="status"]').inner_text()
    assert "two-point oscillation" in status and "without settling" not in status, status
    assert all(p in status for p in points), status
    _check_descent(w, key, x0, lr, 1000)


@pytest.mark.parametrize("width", [1280, 375])
def test_descent_bowl_has_equal_aspect(browser, base_url, width):
    ctx = sitecheck.new_context(browser, viewport={"width": width, "height": 900})
    _local_only(ctx, base_url)
    try:
        w = WidgetPage(ctx, base_url, "descent")
        w.root.locator('select[data-control="function"]').select_option("bowl")
        view = DESCENT_FUNCTIONS["bowl"].view
        box = w.root.locator(".bp-frame").bounding_box()
        per_x = box["width"] / (view[0][1] - view[0][0])
        per_y = box["height"] / (view[1][1] - view[1][0])
        assert per_x == pytest.approx(per_y, rel=0.01), (per_x, per_y)
        # a contour of x**2 + 10 y**2 is an ellipse sqrt(10) times wider than tall
        ring = (
            w.root.locator(".bp-contour")
            .nth(3)
            .evaluate(
                "(e) => { const b = e.getBBox(), m = e.getScreenCTM();"
                " return b.width * m.a / (b.height * m.d); }"
            )
        )
        assert ring == pytest.approx(10**0.5, rel=0.01)
    finally:
        ctx.close()


class _Point:
    """What an optimiser needs of a parameter: a ``value`` and a ``grad`` array."""

    def __init__(self, x0) -> None:
        self.value = np.atleast_1d(np.array(x0, dtype=float))
        self.grad = np.zeros_like(self.value)


def _momentum_path(key: str, x0, lr: float, beta: float, steps: int):
    """The points of ``steps`` Momentum steps, and the velocity of the step after them."""
    fn = DESCENT_FUNCTIONS[key]
    p = _Point(x0)
    at = (lambda v: v) if p.value.size > 1 else (lambda v: float(v[0]))
    opt = Momentum([p], lr=lr, beta=beta)
    xs = [p.value.copy()]
    for _ in range(steps):
        p.grad[...] = fn.grad(at(p.value))
        opt.step()
        xs.append(p.value.copy())
    return np.array(xs), beta * opt.velocities[0] + fn.grad(at(p.value))


@pytest.mark.parametrize(
    ("key", "x0", "lr", "beta", "steps"),
    [
        ("parabola", 0.0, 0.1, 0.9, 30),
        ("quartic", -1.75, 0.05, 0.5, 20),
        ("bowl", [-4.0, 1.5], 0.02, 0.9, 40),
        ("bowl", [3.2, -0.7], 0.09, 0.3, 15),
    ],
)
def test_descent_momentum_matches_optim_momentum(open_widget, key, x0, lr, beta, steps):
    w = open_widget("descent")
    _setup_descent(w, key, x0, lr)
    w.root.locator('input[data-control="momentum"]').check()
    w.set_slider("beta", beta)
    w.click("reset")
    assert float(w.root.get_attribute("data-beta")) == beta
    w.click("step", steps)
    xs, v_next = _momentum_path(key, x0, lr, beta, steps)
    assert int(w.root.get_attribute("data-step")) == steps
    assert_close(w.all_attrs(".bp-dots circle", "data-x"), xs[:, 0], "momentum x")
    if key == "bowl":
        assert_close(w.all_attrs(".bp-dots circle", "data-y"), xs[:, 1], "momentum y")
    velocity = [float(v) for v in w.attr('[data-field="velocity"]').split(",")]
    assert_close(velocity, v_next, "velocity")
    size = [float(v) for v in w.attr('[data-field="size"]').split(",")]
    assert_close(size, lr * v_next, "lr x v")
    w.root.locator('input[data-control="momentum"]').uncheck()  # back to plain descent
    assert w.root.get_attribute("data-beta") == ""
    _check_descent(w, key, x0, lr, steps)


def test_descent_hint_follows_momentum_and_the_status_reads_right(open_widget):
    """With momentum on, the hint gives momentum's limit for the chosen beta, not plain
    descent's; lr = 1.2 on the parabola converges there; the bowl's status speaks of the
    gradient, and one step is "1 step"."""
    w = open_widget("descent")
    _setup_descent(w, "parabola", 0.0, 1.2)
    hint = w.root.locator(".bp-hint")
    assert "lr < 1 " in hint.inner_text()
    w.root.locator('input[data-control="momentum"]').check()
    w.set_slider("beta", 0.9)
    w.click("reset")
    assert "lr < 2(1 + β)/2 = 1.9 (β = 0.9)" in hint.inner_text()
    w.click("run")
    assert w.root.get_attribute("data-state") == "converged"
    w.set_slider("beta", 0.5)
    assert "= 1.5 (β = 0.5)" in hint.inner_text()
    w.root.locator('input[data-control="momentum"]').uncheck()
    _setup_descent(w, "bowl", [-4.0, 1.5], 0.09)
    w.click("reset")
    status = w.root.locator('[data-field="status"]')
    assert "lr × ∇f" in status.inner_text() and "slope" not in status.inner_text()
    _setup_descent(w, "parabola", 0.0, 0.5)  # x1 = 0 - 0.5 * 4 = -2 exactly: the minimum
    w.click("run")
    assert status.inner_text().startswith("Converged after 1 step: the next step")


# ------------------------------------------------------------------------------ one weight


def _check_one_weight(w: WidgetPage, w0: float, lr: float) -> None:
    ex = OneWeightExample(x=1.5, y=0.5, w0=w0, lr=lr)
    n = steps_to_read(w0, lr)
    rows = min(n + 1, 40) if n is not None else 40
    ws = weights(w0, lr, steps=rows - 1)
    assert float(w.root.get_attribute("data-w0")) == w0
    assert float(w.root.get_attribute("data-lr")) == lr
    assert w.root.get_attribute("data-steps") == ("" if n is None else str(n))
    assert_close(w.all_attrs('td[data-col="k"]', "data-value"), range(rows), "step")
    assert_close(w.all_attrs('td[data-col="w"]', "data-value"), ws, "w")
    assert_close(w.all_attrs('td[data-col="J"]', "data-value"), [ex.loss(v) for v in ws], "J(w)")
    assert_close(w.all_attrs('td[data-col="dJ"]', "data-value"), [ex.grad(v) for v in ws], "dJ/dw")
    gaps = [v - ex.w_star for v in ws]  # the static table's last column
    assert_close(w.all_attrs('td[data-col="gap"]', "data-value"), gaps, "w - w*")
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


def test_one_weight_best_rate_button_lands_in_one_step(open_widget):
    """The chapter's best rate 1/(2x^2) lies between the slider's stops; its button sets it."""
    w = open_widget("one-weight", fresh=True)
    w.root.locator('[data-action="best-rate"]').click()
    assert float(w.root.get_attribute("data-lr")) == pytest.approx(1 / (2 * 1.5**2), rel=1e-12)
    assert w.root.get_attribute("data-steps") == "1"
    assert float(w.root.get_attribute("data-factor")) == pytest.approx(0.0, abs=1e-12)
    ws = [float(v) for v in w.all_attrs('td[data-col="w"]', "data-value")]
    assert ws[1] == pytest.approx(OneWeightExample(x=1.5, y=0.5).w_star, rel=1e-12)


@pytest.mark.parametrize("lr", [0.45, 0.5])
def test_one_weight_divergence_is_reported(open_widget, lr):
    w = open_widget("one-weight")
    w.set_slider("w0", 0.8)  # the shared page keeps what an earlier test set
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


@pytest.mark.parametrize(("w0", "lr"), [(0.8, 0.1), (2.0, 0.44), (-1.0, 0.3), (0.8, 0.5)])
def test_one_weight_loss_axis_fits_the_run(open_widget, w0, lr):
    w = open_widget("one-weight")
    w.set_slider("w0", w0)
    w.set_slider("lr", lr)
    ex = OneWeightExample(x=1.5, y=0.5, w0=w0, lr=lr)
    ws = [float(v) for v in w.all_attrs('td[data-col="w"]', "data-value")]
    top = max(ex.loss(v) for v in ws)
    svg = w.root.locator("svg.bp-plot")
    view = json.loads(svg.get_attribute("data-view"))
    assert top <= view["y"][1] <= 1.25 * top, (top, view)
    assert view["x"][0] <= min(ws) and max(ws) <= view["x"][1]
    assert -0.1 * top <= view["y"][0] <= 0  # the loss axis starts at 0, J's least value
    # on screen: the run's highest loss is near the top of the plot, not in its bottom tenth
    frame = w.root.locator(".bp-frame").bounding_box()
    path = w.root.locator(".bp-path").bounding_box()
    assert path["y"] - frame["y"] <= 0.15 * frame["height"], (path, frame)


@pytest.fixture(scope="module")
def phone(browser, base_url):
    ctx = sitecheck.new_context(browser, viewport={"width": 375, "height": 800}, is_mobile=True)
    _local_only(ctx, base_url)
    yield ctx
    ctx.close()


def test_one_weight_table_fits_a_phone(phone, base_url):
    w = WidgetPage(phone, base_url, "one-weight")
    try:
        for lr in (0.1, 0.5):  # converging (tiny numbers at the end) and diverging (huge ones)
            w.set_slider("lr", lr)
            scroller = w.root.locator(".bp-table-scroll")
            fits = scroller.evaluate("(el) => el.scrollWidth <= el.clientWidth")
            assert fits, scroller.evaluate("(el) => [el.scrollWidth, el.clientWidth]")
            box = scroller.bounding_box()
            slope = w.root.locator('th[data-col="dJ"]').bounding_box()
            assert slope["x"] + slope["width"] <= box["x"] + box["width"]
    finally:
        w.close()


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


def _step_to(w: WidgetPage, phase_text: str) -> str:
    """Press Next until the status reads ``phase_text``...; return the status."""
    for _ in range(int(w.root.get_attribute("data-steps"))):
        w.click("next")
        status = w.root.locator('[data-field="status"]').inner_text()
        if status.startswith(phase_text):
            return status
    raise AssertionError(f"no step starts with {phase_text!r}")


def test_stepper_negative_numbers_in_parentheses(open_widget):
    w = open_widget("backprop-stepper")
    _select_graph(w, "expression")  # x = 2, y = -3, t = -7
    assert _step_to(w, "q = ") == "q = x × y = 2 × (−3) = −6"
    assert _step_to(w, "z = ") == "z = q + y = −6 + (−3) = −9"
    assert _step_to(w, "d = ") == "d = z − t = −9 − (−7) = −2"
    assert _step_to(w, "L = ") == "L = d² = (−2)² = 4"


def test_stepper_empty_or_bad_input_says_so(open_widget):
    w = open_widget("backprop-stepper", fresh=True)
    w.click("end")
    message = w.root.locator('[data-field="input-error"]')
    assert not message.is_visible()
    before = w.all_attrs('[data-role="grad"]', "data-value")
    field = w.root.locator('input[data-input="x"]')
    field.fill("")
    assert message.is_visible()
    assert message.inner_text() == "x is empty; the graph keeps x = 2."
    assert field.get_attribute("aria-invalid") == "true"
    assert w.all_attrs('[data-role="grad"]', "data-value") == before
    field.press_sequentially("-")  # not yet a number: the field's value is empty, its input bad
    assert "x is not a number" in message.inner_text()
    field.fill("3")
    assert not message.is_visible()
    assert field.get_attribute("aria-invalid") is None
    _check_stepper(w, "expression", {"x": 3.0})


def _overlaps(a: dict, b: dict, margin: float = 0.0) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"] + margin
        or b["x"] + b["width"] <= a["x"] + margin
        or a["y"] + a["height"] <= b["y"] + margin
        or b["y"] + b["height"] <= a["y"] + margin
    )


@pytest.mark.parametrize("name", list(STEPPER_INPUTS))
def test_stepper_labels_do_not_overlap_the_boxes(open_widget, name):
    w = open_widget("backprop-stepper")
    _select_graph(w, name)
    w.click("end")
    boxes = w.root.locator(".bp-node rect").evaluate_all(
        "(els) => els.map((e) => { const r = e.getBoundingClientRect();"
        " return {x: r.x, y: r.y, width: r.width, height: r.height}; })"
    )
    labels = w.root.locator(".bp-edge-label").evaluate_all(
        "(els) => els.map((e) => { const r = e.getBBox(), m = e.getScreenCTM();"
        " return {x: r.x * m.a + m.e, y: r.y * m.d + m.f, width: r.width * m.a,"
        " height: r.height * m.d, text: e.textContent}; })"
    )
    assert len(labels) == len(stepper_graph(name).graph()["edges"])
    for label in labels:
        hit = [b for b in boxes if _overlaps(label, b)]
        assert not hit, f"edge label {label['text']} overlaps a box"
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            assert not _overlaps(a, b), f"edge labels {a['text']} and {b['text']} overlap"
    # and each node's text stays inside its own box
    inside = w.root.locator(".bp-node").evaluate_all(
        "(gs) => gs.every((g) => { const r = g.querySelector('rect').getBBox();"
        " return [...g.querySelectorAll('text')].every((t) => { const b = t.getBBox();"
        " return b.x >= r.x && b.x + b.width <= r.x + r.width; }); })"
    )
    assert inside


@pytest.mark.parametrize(("width", "shown"), [(375, True), (1280, False)])
def test_stepper_scroll_hint_on_narrow_screens_only(browser, base_url, width, shown):
    ctx = sitecheck.new_context(browser, viewport={"width": width, "height": 900})
    _local_only(ctx, base_url)
    try:
        w = WidgetPage(ctx, base_url, "backprop-stepper")
        hint = w.root.locator(".bp-scroll-hint")
        for name in STEPPER_INPUTS:
            _select_graph(w, name)
            # The hint is set by a ResizeObserver, whose callback comes in a frame after the
            # layout: wait until the hint agrees with the graph's width, then read both.
            w.page.wait_for_function(
                "(wrap) => wrap.parentElement.querySelector('.bp-scroll-hint').hidden"
                " === (wrap.scrollWidth <= wrap.clientWidth + 1)",
                arg=w.root.locator(".bp-graph-wrap").element_handle(),
            )
            assert hint.is_visible() == shown, (name, width)
            wide = w.root.locator(".bp-graph-wrap").evaluate(
                "(el) => el.scrollWidth > el.clientWidth + 1"
            )
            assert wide == shown, (name, width)
    finally:
        ctx.close()


# ------------------------------------------------------------------------------ readable

# Every visible piece of text in a widget: its rendered size in CSS px (an SVG text's font size
# times its SVG's scale) and its colour composited on the page background, as WCAG's contrast.
_TEXT_STYLE = """(root) => {
  const rgba = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = (c) => {
    const f = (v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const bg = rgba(getComputedStyle(document.body).backgroundColor);
  const out = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || !el.getClientRects().length) continue;
    if (el.closest('[aria-disabled="true"], title, option')) continue;
    const st = getComputedStyle(el);
    if (st.visibility === "hidden") continue;
    const svg = el.closest("svg");
    let size = parseFloat(st.fontSize);
    if (svg) size *= svg.getScreenCTM().a;
    const c = rgba(svg ? st.fill : st.color);
    const a = c.length > 3 ? c[3] : 1;
    const mix = [0, 1, 2].map((i) => a * c[i] + (1 - a) * bg[i]);
    const hi = Math.max(lum(mix), lum(bg)), lo = Math.min(lum(mix), lum(bg));
    const contrast = (hi + 0.05) / (lo + 0.05);
    out.push({ text: n.textContent.trim().slice(0, 30), size: size, contrast: contrast });
  }
  return out;
}"""


def _use_every_part(w: WidgetPage) -> None:
    """Show what a widget can show: the numbers, a warning, every node and edge label."""
    if w.kind == "descent":
        w.root.locator('input[data-control="momentum"]').check()
        w.set_slider("lr", 1.1)
        w.click("run")
    elif w.kind == "one-weight":
        w.set_slider("lr", 0.5)
    else:
        _select_graph(w, "neuron")
        w.click("end")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", list(PAGES))
def test_widget_text_readable_on_a_phone(browser, base_url, kind, scheme):
    ctx = sitecheck.new_context(
        browser, viewport={"width": 375, "height": 800}, is_mobile=True, color_scheme=scheme
    )
    _local_only(ctx, base_url)
    try:
        w = WidgetPage(ctx, base_url, kind)
        _use_every_part(w)
        texts = w.root.evaluate(_TEXT_STYLE)
        assert len(texts) > 10
        small = [t for t in texts if t["size"] < 9]
        assert not small, f"text under 9 px: {small[:5]}"
        faint = [t for t in texts if t["contrast"] < 4.5]
        assert not faint, f"contrast under 4.5:1: {faint[:5]}"
    finally:
        ctx.close()
