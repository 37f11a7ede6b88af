"""The release as the workflow makes it: sdist and wheel built, checked, and the sdist installed.

The same steps as .github/workflows/release.yml, offline: ``python -m build`` (without build
isolation, since hatchling is installed here), ``twine check --strict``, then the sdist installed
into a fresh venv that has only numpy, matplotlib and hatchling lent to it (tests/freshenv.py).
"""

import subprocess
import sys
import tarfile
from pathlib import Path

import freshenv
import pytest

import backprop

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return out


def test_build_makes_one_sdist_and_one_wheel_of_the_version(dist):
    names = sorted(p.name for p in dist.iterdir())
    version = backprop.__version__
    assert names == [
        f"backprop_from_scratch-{version}-py3-none-any.whl",
        f"backprop_from_scratch-{version}.tar.gz",
    ]


def test_artifacts_pass_twine_check(dist):
    done = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, dist.iterdir())],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("PASSED") == 2


def test_sdist_holds_the_package_and_its_tests_but_no_built_site(dist):
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as tar:
        names = {Path(*Path(n).parts[1:]).as_posix() for n in tar.getnames()}
    assert {"pyproject.toml", "README.md", "src/backprop/__init__.py"} <= names
    tops = {n.split("/")[0] for n in names if n != "."}
    source = {"src", "tests", "docs", "docs_src", "overrides", "benchmarks"}
    source |= {"requirements", "tools"}  # the lock and floors; the site checker
    files = {"mkdocs.yml", "Makefile", "README.md", "CONTRIBUTING.md", "pyproject.toml"}
    files |= {"PKG-INFO", ".gitignore"}  # hatchling always adds these two
    assert tops <= source | files, f"the sdist holds {sorted(tops - source - files)}"


def test_sdist_installs_in_a_clean_venv_and_runs(dist, tmp_path):
    python = freshenv.make_venv(tmp_path / "venv", ["numpy", "matplotlib", "hatchling"])
    (sdist,) = dist.glob("*.tar.gz")
    done = freshenv.pip(python, "install", "--no-index", "--no-build-isolation", str(sdist))
    assert done.returncode == 0, done.stderr[-3000:]
    ran = freshenv.run(
        python,
        "import backprop; from backprop import derivative; "
        "print(backprop.__version__, round(derivative(lambda x: x**3, 2.0), 6), backprop.__file__)",
        cwd=tmp_path,
    )
    assert ran.returncode == 0, ran.stderr
    version, slope, where = ran.stdout.split()
    assert (version, slope) == (backprop.__version__, "12.0")
    assert str(tmp_path / "venv") in where


def test_oldest_requirements_are_the_pyproject_floors():
    """`make oldest` tests exactly the floors pyproject.toml declares for numpy and matplotlib."""
    import re

    import tomllib

    root = Path(__file__).resolve().parent.parent
    deps = tomllib.loads((root / "pyproject.toml").read_text())["project"]["dependencies"]
    floors = dict(re.fullmatch(r"([a-z]+)>=([\d.]+)", d).groups() for d in deps)
    pins = dict(
        re.fullmatch(r"([a-z]+)==([\d.]+)", line).groups()
        for line in (root / "requirements" / "oldest.txt").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert set(pins) == set(floors)
    for name, floor in floors.items():
        assert pins[name].startswith(floor + "."), (name, floor, pins[name])


def test_lock_pins_every_toolchain_package_with_hashes():
    """Every docs and test requirement of pyproject.toml is in the lock, pinned and hashed."""
    import re

    import tomllib

    root = Path(__file__).resolve().parent.parent
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    lock = (root / "requirements" / "dev.lock").read_text()
    pinned = {m.lower() for m in re.findall(r"^([A-Za-z0-9_.\-]+)==", lock, re.M)}
    for req in extras["docs"] + extras["test"]:
        name = re.match(r"[A-Za-z0-9_.\-]+", req).group(0).lower().replace("_", "-")
        assert name in pinned, f"{name} is not in requirements/dev.lock: run make lock"
    blocks = re.split(r"\n(?=[A-Za-z])", lock.split("\n", 6)[-1])
    assert all("--hash=sha256:" in b for b in blocks if "==" in b)
