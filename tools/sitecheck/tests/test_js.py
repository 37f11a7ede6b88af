"""The JavaScript files the checker runs in pages: all present, all parseable, loaded by name."""

from __future__ import annotations

import re
import shutil
import subprocess
from importlib import resources
from pathlib import Path

import pytest
import sitecheck
from sitecheck._js import script

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
