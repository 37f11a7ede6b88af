"""The JavaScript files the checker runs in pages: all present, all parseable, loaded by name."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from importlib import resources
from pathlib import Path

import pytest
import sitecheck
from sitecheck._js import script
from sitecheck.serve import CHROMIUM, launch

PACKAGE = Path(sitecheck.__file__).parent
JS = sorted(p.stem for p in (PACKAGE / "js").glob("*.js"))


def test_every_script_the_modules_name_is_a_file():
    named = set()
    for module in PACKAGE.glob("*.py"):
        named |= set(re.findall(r"(?:script\(|_wait\(page, )\"(\w+)\"", module.read_text()))
    assert named and named <= set(JS), sorted(named - set(JS))
    assert set(JS) <= named, f"unused scripts: {sorted(set(JS) - named)}"


def test_unknown_script_is_refused_with_its_name():
    with pytest.raises(ValueError, match="got 'no_such_script'"):
        script("no_such_script")


def test_scripts_ship_as_package_data():
    assert resources.files("sitecheck").joinpath("js", "stamp.js").is_file()


@pytest.mark.skipif(shutil.which("node") is None, reason="node checks the syntax")
@pytest.mark.parametrize("name", JS)
def test_script_is_valid_javascript(name, tmp_path):
    """A function file must parse as one expression (Playwright wraps it in parentheses); the
    init script (stamp) as a script."""
    text = script(name)
    source = text if name == "stamp" else f"({text});\n"
    path = tmp_path / f"{name}.js"
    path.write_text(source)
    done = subprocess.run(["node", "--check", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.skipif(
    not os.access(CHROMIUM, os.X_OK) and not os.environ.get("CI"), reason="needs Chromium"
)
def test_page_state_reports_a_rendered_empty_svg_and_skips_a_hidden_one():
    """A figure drawn twice, one variant per screen size, hides the other with display: none:
    that one is not a broken figure. One that is rendered at 0x0 is."""
    from playwright.sync_api import sync_playwright

    html = (
        '<article><figure class="bp-figure"><svg width="40" height="30"></svg></figure>'
        '<figure class="bp-figure" style="display: none"><svg width="40" height="30"></svg>'
        '</figure><figure class="bp-figure"><svg width="0" height="0"></svg></figure></article>'
    )
    with sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page()
        page.set_content(html)
        svgs = page.evaluate(script("page_state"))["svgs"]
        browser.close()
    assert [(s["index"], s["width"], s["height"]) for s in svgs] == [(0, 40, 30), (2, 0, 0)]
