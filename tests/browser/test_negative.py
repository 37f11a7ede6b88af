"""The checks catch what they claim to: one real page, broken on purpose, must fail each one.

The page is copied from the built site into a temporary site (the rest of the site linked in
unchanged) with breakage injected into its article. It goes through ``sitecheck.check_page``,
the same code the real tests use.
"""

from __future__ import annotations

import os

import pytest
import sitecheck

pytestmark = pytest.mark.browser

# A 1x1 PNG, shown without alt text (axe: image-alt, critical).
PNG = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8"
    "z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)

BREAKAGE = f"""
<p>A formula with no blank line before it stays raw:
$$
L = \\frac{{1}}{{2}} (y - t)^2
$$</p>
<div class="arithmatex">\\[ \\frac{{1}} \\]</div>
<p><a href="../no-such-chapter/">a dead link</a>,
<a href="#no-such-anchor">a dead anchor</a>.</p>
<img src="../missing-figure.png" alt="a figure that was never built">
<img src="http://example.invalid/tracker.png" alt="">
<img src="{PNG}">
<figure class="bp-figure" style="min-width: 900px"><svg viewBox="0 0 900 10">
<rect width="900" height="10"/></svg></figure>
<figure class="bp-figure"><svg viewBox="0 0 10 10" style="width: 0; height: 0"></svg></figure>
<figure class="bp-figure"><svg viewBox="0 0 1000 100" width="300" role="img" aria-label="tiny">
<text x="10" y="50" style="font-size: 10px">tiny label</text>
<text x="500" y="50" style="font-size: 40px; fill: #dddddd">pale label</text></svg></figure>
<div class="arithmatex" style="background: none">\\[ {"a_{1} + " * 60}b \\]</div>
<p id="twice">one</p><p id="twice">two</p>
<pre><code>{"x = 1  # " * 40}</code></pre>
<div class="highlight"><span style="display: inline-block; width: 700px">clipped</span></div>
<table class="plain" style="overflow: auto; display: block"><tr>{"<td>cell</td>" * 60}</tr></table>
<p>A numpy table rule ===== ===== and a literal block::</p>
<p>See :func: for more.</p>
"""

# check -> a piece of text one of its problems must hold
EXPECTED = {
    "raw_tex": "raw $$",
    "mathjax": "mjx-merror",
    "links: dead link": "no-such-chapter",
    "links: dead anchor": "no-such-anchor",
    "requests": "missing-figure.png",
    "console": "404",
    "offsite": "example.invalid",
    "images": "missing-figure.png",
    "images: svg": "is 0x0",
    "overflow": "900 px wide in a",
    "overflow: page": "px wide at 375 px",
    "overflow: clipped": "box and would clip the rest",
    "axe": "image-alt",
    "figure_text": "'tiny label' renders at 3.0 px",
    "figure_contrast": "'pale label' in",
    "equation_width": "wider than its column",
    "code_width": "wider than its box",
    "tables": "does not",
    "ids": "duplicate id twice",
    "raw_rst": "==== table rule",
    "raw_rst: literal": ":: literal block",
    "raw_rst: role": "Sphinx role",
}


@pytest.fixture(scope="module")
def broken_site(site_dir, tmp_path_factory):
    pages = sitecheck.discover_pages(site_dir)
    victim = "derivatives/" if "derivatives/" in pages else ""
    root = tmp_path_factory.mktemp("broken-site")
    for entry in site_dir.iterdir():  # everything but the victim's page, linked in unchanged
        if entry.name != (victim.strip("/") or "index.html"):
            os.symlink(entry, root / entry.name)
    target = sitecheck.page_file(root, victim)
    target.parent.mkdir(parents=True, exist_ok=True)
    html = sitecheck.page_file(site_dir, victim).read_text(encoding="utf-8")
    assert "</article>" in html, "the page has no <article> to break"
    target.write_text(html.replace("</article>", BREAKAGE + "</article>", 1), encoding="utf-8")
    server, base = sitecheck.serve(root)
    yield root, base, victim
    server.shutdown()
    server.server_close()


def test_check_page_reports_every_injected_breakage(context, broken_site):
    root, base, victim = broken_site
    found = sitecheck.check_page(context, base, root, victim)
    missing = []
    for check, needle in EXPECTED.items():
        prefix = check.split(":")[0] + ":"
        if not any(p.startswith(prefix) and needle in p for p in found):
            missing.append(f"{check} (looking for {needle!r})")
    assert not missing, "not reported: " + ", ".join(missing) + "\nfound:\n" + "\n".join(found)


def test_overflow_at_load_reports_what_is_wide_before_typesetting(context, broken_site):
    _, base, victim = broken_site
    found = sitecheck.overflow_at_load(context, base, victim)
    assert len(found) == 1 and "px wide at load at 375 px" in found[0], found
    clean = sitecheck.overflow_at_load(context, base, "run/")
    assert clean == []


# ------------------------------------------------------------------ a console block, run as shown

ERROR_DEMO = """>>> int("seven")
Traceback (most recent call last):
...
ValueError: invalid literal for int() with base 10: 'seven'"""

# a console block -> a piece of text its run must report
BROKEN_CONSOLE = {
    "wrong output": (">>> 1 + 1\n3", "Expected:\n    3\nGot:\n    2"),
    "a name from an earlier block": (">>> round(w.data, 4)\n0.3333", "NameError: name 'w'"),
    "an exception shown that is not raised": (
        '>>> int("7")\nTraceback (most recent call last):\n...\nValueError: no',
        "Expected:\n    Traceback",
    ),
    "an error demonstration before the end": (
        ERROR_DEMO + "\n>>> 1 + 1\n2",
        "invalid literal for int() with base 10: 'seven'\", but is not the block's last",
    ),
}


@pytest.mark.parametrize("case", BROKEN_CONSOLE, ids=list(BROKEN_CONSOLE))
def test_run_block_fails_a_console_block_that_does_not_do_what_it_shows(case):
    code, needle = BROKEN_CONSOLE[case]
    returncode, stderr = sitecheck.run_block(sitecheck.CodeBlock("api/x/", 0, "pycon", code, False))
    assert returncode != 0, f"{case}: passed\n{stderr}"
    assert needle in stderr, f"{case}: {needle!r} not reported in\n{stderr}"


def test_run_block_passes_a_console_block_whose_error_demonstration_comes_last():
    code = ">>> import math\n>>> math.sqrt(4.0)\n2.0\n" + ERROR_DEMO
    returncode, stderr = sitecheck.run_block(sitecheck.CodeBlock("api/x/", 0, "pycon", code, False))
    assert returncode == 0, stderr
    assert "0 of 3 examples failed" in stderr
