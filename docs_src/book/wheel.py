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
| `{{ wheel_sha256 }}` | the SHA-256 digest of the wheel this build serves |
| `{{ pinned_wheel_url }}` | `{{ wheel_url }}#sha256=<digest>`: pip refuses any other file |

hatchling builds the same bytes from the same sources (its wheels are reproducible), so the digest
changes only when the package does; ``make readme`` writes it into the README, and a test fails
while the README's digest is not the one the site serves.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import tomllib

ROOT = Path(__file__).resolve().parents[2]
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


def sha256(path: Path) -> str:
    """The hex SHA-256 digest of the file at ``path``, as pip's ``#sha256=`` wants it."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pin(url: str, digest: str) -> str:
    """``url`` with the digest pip checks before it installs the file.

    >>> pin("https://example.org/w.whl", "ab12")
    'https://example.org/w.whl#sha256=ab12'
    """
    return f"{url}#sha256={digest}"


PINNED = re.compile(r"https?://\S+?\.whl#sha256=[0-9a-f]{64}")


def rewrite_readme(readme: str, pinned_url: str) -> str:
    """The README with every pinned wheel URL replaced by ``pinned_url`` (``make readme``)."""
    return PINNED.sub(pinned_url, readme)


def pinned_hosted_url(root: Path = ROOT) -> str:
    """The hosted wheel's URL pinned to the digest of the wheel built from ``root`` now."""
    import yaml

    site_url = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
    with tempfile.TemporaryDirectory(prefix="bp-wheel-") as folder:
        built = build_wheel(Path(folder), root)
        return pin(f"{site_url}{FOLDER}/{built.name}", sha256(built))


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

    with tempfile.TemporaryDirectory(prefix="bp-wheel-") as folder:
        built = build_wheel(Path(folder))
        if built.name != _state["wheel"]:
            raise RuntimeError(f"the wheel is {built.name}, expected {_state['wheel']}")
        wheel = built.read_bytes()  # the site's copy: the folder goes
    files.append(File.generated(config, f"{FOLDER}/{built.name}", content=wheel))
    digest = hashlib.sha256(wheel).hexdigest()
    _state.update(wheel_sha256=digest, pinned_wheel_url=pin(_state["wheel_url"], digest))
    return files


def on_page_markdown(markdown, page, config, files):
    keys = ("version", "wheel", "wheel_url", "local_wheel_url", "wheel_sha256", "pinned_wheel_url")
    for key in keys:
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
    if sha256(path) != _state["wheel_sha256"]:
        raise RuntimeError(f"{path.name} on the site is not the wheel whose digest the pages give")


if __name__ == "__main__":  # make readme: the README's install command pins today's wheel
    readme = ROOT / "README.md"
    readme.write_text(rewrite_readme(readme.read_text(encoding="utf-8"), pinned_hosted_url()))
