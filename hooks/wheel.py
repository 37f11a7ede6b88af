"""Put the package's wheel on the site, and write its install command into the pages.

The wheel is built by hatchling (the project's build backend) from the working tree while the
site is built, into ``dist/`` of the site: the pages a reader reads and the package they install
from the same site are the same version. The version has one source, ``pyproject.toml``; the
package reads it back with ``importlib.metadata``.

Pages may use these placeholders (the "Run the code" page does):

| placeholder | becomes |
| --- | --- |
| `{{ version }}` | the version, e.g. `0.1.0` |
| `{{ wheel }}` | the wheel's file name |
| `{{ wheel_url }}` | the wheel's URL on the hosted site (``site_url`` of mkdocs.yml) |
| `{{ local_wheel_url }}` | its URL under ``mkdocs serve`` (``dev_addr`` plus the site's path) |
"""

from __future__ import annotations

import sys
import tempfile
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

if sys.version_info >= (3, 11):
    import tomllib
else:  # hatchling, which builds the wheel, brings tomli to Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
FOLDER = "dist"
_state: dict = {}


def project_version(root: Path = ROOT) -> str:
    """The version in ``pyproject.toml``, the one place it is written."""
    with open(root / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]["version"]


def build_wheel(directory: Path, root: Path = ROOT) -> Path:
    """Build the package's wheel into ``directory`` with hatchling; return its path."""
    from hatchling.builders.wheel import WheelBuilder

    paths = list(WheelBuilder(str(root)).build(directory=str(directory), versions=["standard"]))
    if len(paths) != 1:
        raise RuntimeError(f"hatchling built {paths}, expected one wheel")
    return Path(paths[0])


def wheel_name(version: str) -> str:
    """The file name of the pure-Python wheel of ``version``.

    >>> wheel_name("0.1.0")
    'backprop_from_scratch-0.1.0-py3-none-any.whl'
    """
    return f"backprop_from_scratch-{version}-py3-none-any.whl"


def on_config(config):
    version = project_version()
    site_url = config["site_url"] or "/"
    name = wheel_name(version)
    dev = config["dev_addr"]
    _state.update(
        version=version,
        wheel=name,
        wheel_url=f"{site_url}{FOLDER}/{name}",
        local_wheel_url=f"http://{dev.host}:{dev.port}{urlsplit(site_url).path}{FOLDER}/{name}",
    )
    return config


def on_files(files, config):
    from mkdocs.structure.files import File

    built = build_wheel(Path(tempfile.mkdtemp(prefix="bp-wheel-")))
    if built.name != _state["wheel"]:
        raise RuntimeError(f"the wheel is {built.name}, expected {_state['wheel']}")
    files.append(File.generated(config, f"{FOLDER}/{built.name}", abs_src_path=str(built)))
    return files


def on_page_markdown(markdown, page, config, files):
    for key in ("version", "wheel", "wheel_url", "local_wheel_url"):
        markdown = markdown.replace("{{ " + key + " }}", _state[key])
    return markdown


def on_post_build(config):
    """A site without its wheel, or with a wheel of another version, fails the build."""
    path = Path(config["site_dir"]) / FOLDER / _state["wheel"]
    if not path.is_file():
        raise RuntimeError(f"the wheel is missing from the site: {path}")
    with zipfile.ZipFile(path) as wheel:
        meta = wheel.read(f"backprop_from_scratch-{_state['version']}.dist-info/METADATA")
    if f"\nVersion: {_state['version']}\n".encode() not in meta:
        raise RuntimeError(f"{path.name} does not carry version {_state['version']}")
