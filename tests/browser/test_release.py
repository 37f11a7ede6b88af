"""The built site as a reader without a clone uses it: the wheel from its URL, then the notebooks.

A fresh venv gets numpy, matplotlib and ipykernel lent from this environment (tests/freshenv.py,
no index needed) and the package from the served site, by the URL the "Run the code" page
prints; then every chapter's notebook runs in a kernel of that venv, with nbclient. The time each
notebook takes is printed at the end of the session.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
import time
import zipfile
from pathlib import Path

import freshenv
import nbformat
import pytest

pytestmark = pytest.mark.browser  # needs the built site (it runs with the browser tests)

ROOT = Path(__file__).resolve().parents[2]
CELL_TIMEOUT_S = 600


def chapter_notebooks(site_dir: Path) -> list[str]:
    """The chapters' notebooks with their solutions (each has a ``-student`` twin)."""
    found = (site_dir / "notebooks").glob("*.ipynb")
    return sorted(p.name for p in found if not p.stem.endswith("-student"))


def pytest_generate_tests(metafunc):
    if "notebook" in metafunc.fixturenames:
        site_dir = Path(metafunc.config.getoption("site_dir")).resolve()
        names = chapter_notebooks(site_dir) if (site_dir / "notebooks").is_dir() else []
        metafunc.parametrize("notebook", names or ["<no notebooks built>"])


def install_command(site_dir: Path) -> str:
    """The wheel URL of the one command the "Run the code" page gives, with its ``#sha256=``."""
    page = (site_dir / "run" / "index.html").read_text(encoding="utf-8")
    found = re.findall(
        r'pip install "(https?://\S+?\.whl#sha256=[0-9a-f]{64})"',
        html.unescape(re.sub(r"<[^>]+>", "", page)),
    )
    assert found, "the Run the code page shows no pip install command with a pinned wheel URL"
    return found[0]


def served_url(site_dir: Path, base_url: str) -> str:
    """The pinned URL of the Run page, on the site served on this machine."""
    import mkdocs.config

    site_url = mkdocs.config.load_config(str(ROOT / "mkdocs.yml"))["site_url"]
    hosted = install_command(site_dir)
    assert hosted.startswith(site_url), (hosted, site_url)
    return base_url + hosted.removeprefix(site_url)  # the same path, on this machine


@pytest.fixture(scope="session")
def fresh_python(site_dir, base_url, tmp_path_factory, summary) -> Path:
    """A venv holding the wheel installed from the served site, and nothing of this checkout."""
    url = served_url(site_dir, base_url)
    python = freshenv.make_venv(
        tmp_path_factory.mktemp("fresh") / "venv", ["numpy", "matplotlib", "ipykernel"]
    )
    done = freshenv.pip(python, "install", "--no-index", url)
    assert done.returncode == 0, done.stderr[-3000:]
    summary["wheel installed from the site"] = f"pip install --no-index {url}"
    return python


def test_pip_refuses_the_wheel_under_a_wrong_digest(site_dir, base_url, tmp_path):
    url, digest = served_url(site_dir, base_url).split("#sha256=")
    wrong = f"{int(digest[0], 16) ^ 1:x}{digest[1:]}"  # one hex digit changed
    python = freshenv.make_venv(tmp_path / "venv", [])
    refused = freshenv.pip(python, "install", "--no-index", "--no-deps", f"{url}#sha256={wrong}")
    assert refused.returncode != 0
    assert "DO NOT MATCH THE HASHES" in refused.stdout + refused.stderr
    assert f"Expected sha256 {wrong}" in refused.stdout + refused.stderr
    accepted = freshenv.pip(
        python,
        "download",
        "--no-index",
        "--no-deps",
        "-d",
        str(tmp_path / "d"),
        f"{url}#sha256={digest}",
    )
    assert accepted.returncode == 0, accepted.stderr[-2000:]


def test_wheel_on_the_site_carries_the_pages_version(site_dir):
    from backprop import __version__

    wheel = install_command(site_dir).split("#")[0].rsplit("/", 1)[1]
    assert f"-{__version__}-" in wheel
    with zipfile.ZipFile(site_dir / "dist" / wheel) as z:
        meta = z.read(f"backprop_from_scratch-{__version__}.dist-info/METADATA").decode()
    assert f"Version: {__version__}\n" in meta


def test_installed_wheel_is_the_only_backprop(fresh_python, tmp_path):
    probe = freshenv.run(
        fresh_python,
        "import backprop, importlib.util, sys; "
        "print(backprop.__version__); print(backprop.__file__); "
        "print(importlib.util.find_spec('figures'))",
        cwd=tmp_path,
    )
    assert probe.returncode == 0, probe.stderr
    version, where, figures = probe.stdout.split()
    from backprop import __version__

    assert version == __version__
    assert str(fresh_python.parent.parent) in where and "/src/" not in where
    assert figures == "None"  # the book's figure code is not there: notebooks must not need it


def test_run_page_digest_check_prints_the_installed_wheels_digest(site_dir, fresh_python, tmp_path):
    """The command the Run page gives to tell one build from another, in a venv that installed
    the wheel from the site as the page says: it shows the digest the page says it should."""
    text = run_page_text(site_dir)
    check = re.search(r'python -c "(from importlib\.metadata [^"]+)"', text)
    said = re.search(r"should be this build's, ([0-9a-f]{64})", text)
    assert check and said, "the Run page lost its digest check"
    wheel = next((site_dir / "dist").glob("*.whl"))
    assert said[1] == hashlib.sha256(wheel.read_bytes()).hexdigest()
    probe = freshenv.run(fresh_python, check[1], cwd=tmp_path)
    assert probe.returncode == 0, probe.stderr
    assert json.loads(probe.stdout)["archive_info"]["hashes"]["sha256"] == said[1]


def run_page_text(site_dir: Path) -> str:
    page = (site_dir / "run" / "index.html").read_text(encoding="utf-8")
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_run_page_update_lines_replace_an_older_copy(site_dir, base_url, tmp_path):
    """The version stays the same from build to build: the install command keeps an older copy
    (here: the installed package with a line added) without a warning, and the Run page's two
    update lines replace it, after which `pip check` finds nothing broken, as the page says."""
    text = run_page_text(site_dir)
    update = re.search(
        r'pip install (--force-reinstall --no-deps) "(\S+)"\s+pip install "(\S+)"', text
    )
    assert update, "the Run page lost its two update lines"
    assert update[2] == update[3] == install_command(site_dir)
    assert 'pip check should answer "No broken requirements found" (with a full stop)' in text
    url = served_url(site_dir, base_url)
    python = freshenv.make_venv(tmp_path / "venv", ["numpy", "matplotlib"])
    assert freshenv.pip(python, "install", "--no-index", url).returncode == 0
    where = freshenv.run(python, "import backprop; print(backprop.__file__)", cwd=tmp_path)
    init = Path(where.stdout.strip())
    init.write_text(init.read_text(encoding="utf-8") + "\nOLDER = True\n", encoding="utf-8")
    older = "import backprop; print(hasattr(backprop, 'OLDER'))"
    kept = freshenv.pip(python, "install", "--no-index", url)
    assert kept.returncode == 0 and "already satisfied" in kept.stdout, kept.stderr[-2000:]
    assert "WARNING" not in kept.stdout + kept.stderr
    assert freshenv.run(python, older, cwd=tmp_path).stdout.strip() == "True"
    for options in (update[1].split(), []):  # the page's two lines, in order
        done = freshenv.pip(python, "install", "--no-index", *options, url)
        assert done.returncode == 0, done.stderr[-2000:]
    assert freshenv.run(python, older, cwd=tmp_path).stdout.strip() == "False"
    check = freshenv.pip(python, "check")
    assert check.returncode == 0 and "No broken requirements found" in check.stdout, check.stdout


def test_run_page_offline_install_and_version_check_work_as_written(site_dir, tmp_path):
    """From a folder that `pip download` filled (here: the site's wheel), with no index."""
    text = run_page_text(site_dir)
    install = re.search(r"pip install --no-index --find-links (\S+) (\S+)", text)
    check = re.search(r'python -c "(import backprop; [^"]+)"', text)
    assert install and check, "the Run page lost its offline install or its version check"
    folder = tmp_path / install[1]
    folder.mkdir()
    for wheel in (site_dir / "dist").glob("*.whl"):
        shutil.copy(wheel, folder)
    python = freshenv.make_venv(tmp_path / "venv", ["numpy", "matplotlib"])
    done = freshenv.pip(python, "install", "--no-index", "--find-links", str(folder), install[2])
    assert done.returncode == 0, done.stderr[-2000:]
    from backprop import __version__

    probe = freshenv.run(python, check[1], cwd=tmp_path)
    assert probe.stdout.strip() == __version__, probe.stderr
    assert f"the version this site was built with, {__version__}" in text


def test_every_chapter_has_a_notebook_and_a_script(site_dir):
    names = chapter_notebooks(site_dir)
    assert len(names) >= 8, names
    for name in names:
        nb = nbformat.read(site_dir / "notebooks" / name, as_version=4)
        nbformat.validate(nb)
        assert any(c.cell_type == "code" for c in nb.cells), name
        script = (site_dir / "notebooks" / name).with_suffix(".py").read_text(encoding="utf-8")
        assert "# %%" in script, name
        compile(script, name, "exec")  # the script is valid Python, as a reader runs it
        page = (site_dir / name.removesuffix(".ipynb") / "index.html").read_text(encoding="utf-8")
        assert f'href="../notebooks/{name}"' in page, f"no download link on the {name} page"


def test_notebook_links_work_outside_the_site(site_dir):
    """A downloaded notebook has no site beside it: its links are absolute or its own."""
    for name in chapter_notebooks(site_dir):
        nb = nbformat.read(site_dir / "notebooks" / name, as_version=4)
        prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        targets = re.findall(r"\]\(([^)\s]+)\)", prose)
        assert targets, name
        relative = [t for t in targets if not re.match(r"https?://|attachment:|#", t)]
        assert relative == [], f"{name}: links that only work on the site: {relative}"


@pytest.fixture(scope="session")
def kernel_name(fresh_python, tmp_path_factory, request) -> str:
    """A kernel spec that starts the fresh venv's Python, found through $JUPYTER_PATH."""
    root = tmp_path_factory.mktemp("jupyter")
    spec = root / "kernels" / "bp-fresh"
    spec.mkdir(parents=True)
    spec.joinpath("kernel.json").write_text(
        json.dumps(
            {
                "argv": [str(fresh_python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "backprop from the site",
                "language": "python",
                "env": {"PYTHONPATH": ""},
            }
        )
    )
    mp = pytest.MonkeyPatch()
    mp.setenv("JUPYTER_PATH", str(root))
    request.addfinalizer(mp.undo)
    return "bp-fresh"


def test_notebook_runs_in_a_fresh_kernel(notebook, site_dir, kernel_name, tmp_path, summary):
    from nbclient import NotebookClient

    nb = nbformat.read(site_dir / "notebooks" / notebook, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name=kernel_name,
        timeout=CELL_TIMEOUT_S,
        allow_errors=False,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    start = time.perf_counter()
    client.execute()  # raises CellExecutionError on the first failing cell
    seconds = time.perf_counter() - start
    summary[f"notebooks/{notebook} executed in a fresh kernel"] = f"{seconds:.1f} s"
    ran = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in ran), "a code cell did not run"


def test_chapter_notebooks_are_nbgrader_assignments(site_dir, kernel_name, tmp_path, summary):
    """Each chapter's student notebook is what ``nbgrader generate_assignment`` makes of its
    notebook; where the chapter has checked exercises, every check fails in the student
    notebook saying the answer is not written yet (the solutions pass in the notebook test)."""
    from nbclient import NotebookClient
    from test_labs import assert_checks_say_not_written, generate_with_nbgrader, graded_cells

    checked = 0
    for name in chapter_notebooks(site_dir):
        stem = name.removesuffix(".ipynb")
        solution = nbformat.read(site_dir / "notebooks" / name, as_version=4)
        ours = nbformat.read(site_dir / "notebooks" / f"{stem}-student.ipynb", as_version=4)
        released = generate_with_nbgrader(solution, stem, tmp_path / stem)
        assert [c.source for c in released.cells] == [c.source for c in ours.cells], stem
        assert not [c.source for c in ours.cells if "SOLUTION" in c.source], stem
        checks = [c for c in graded_cells(released) if c.cell_type == "code"]
        if not checks:
            continue
        NotebookClient(
            released,
            kernel_name=kernel_name,
            timeout=CELL_TIMEOUT_S,
            allow_errors=True,
            resources={"metadata": {"path": str(tmp_path / stem)}},
        ).execute()
        assert_checks_say_not_written(checks, stem)
        checked += len(checks)
    assert checked >= 4
    summary["chapter exercise checks that fail in the student notebooks"] = checked


def test_every_notebook_shows_each_figure_its_page_shows(site_dir, summary):
    for name in chapter_notebooks(site_dir):
        nb = nbformat.read(site_dir / "notebooks" / name, as_version=4)
        pictures = sum(len(c.get("attachments", {})) for c in nb.cells)
        page = (site_dir / name.removesuffix(".ipynb") / "index.html").read_text(encoding="utf-8")
        shown = page.count('<picture class="bp-figure__light">')
        assert pictures == shown, f"{name}: {pictures} figures in the notebook, {shown} on the page"
        summary[f"notebooks/{name} figures (page)"] = f"{pictures} ({shown})"


def test_lab_solution_notebooks_show_what_their_page_shows(site_dir, summary):
    """A lab's solutions notebook carries the outputs its page shows (the page is that notebook,
    run at build time): each figure as an SVG image in dark ink, each check's "passed"; the
    student notebook carries none."""
    for page in sorted(site_dir.glob("labs/*/index.html")):
        lab = page.parent.name
        shown = len(re.findall(r'<figure class="bp-figure(?![^"]*-narrow)', page.read_text()))
        solutions = nbformat.read(page.parent / f"{lab}-solutions.ipynb", as_version=4)
        outputs = [o for c in solutions.cells if c.cell_type == "code" for o in c.outputs]
        images = [o.data["image/svg+xml"] for o in outputs if "image/svg+xml" in o.get("data", {})]
        assert len(images) == shown > 0, f"{lab}: {len(images)} figures, its page {shown}"
        assert not any("currentColor" in svg for svg in images)
        printed = "".join(o.get("text", "") for o in outputs)
        assert re.search(r"^exercise 1, [\w ]+: passed$", printed, re.M), lab
        student = nbformat.read(page.parent / f"{lab}-student.ipynb", as_version=4)
        assert not [c for c in student.cells if c.cell_type == "code" and c.outputs]
        summary[f"labs/{lab}-solutions.ipynb figures (page)"] = f"{len(images)} ({shown})"


def test_notebook_installs_the_package_where_it_is_missing(site_dir, base_url, tmp_path, summary):
    """A kernel with no backprop: the first cell installs the wheel (the served site standing in
    for the hosted one), and then the chapter runs."""
    from nbclient import NotebookClient

    python = freshenv.make_venv(tmp_path / "venv", ["numpy", "matplotlib", "ipykernel", "pip"])
    missing = freshenv.run(python, "import backprop", cwd=tmp_path)
    assert missing.returncode != 0 and "No module named 'backprop'" in missing.stderr
    spec = tmp_path / "jupyter" / "kernels" / "bp-bare"
    spec.mkdir(parents=True)
    argv = [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    env = {"PYTHONPATH": "", "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    spec.joinpath("kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": "bare", "language": "python", "env": env})
    )
    nb = nbformat.read(site_dir / "notebooks" / "derivatives.ipynb", as_version=4)
    install = nb.cells[1]
    hosted = served_url(site_dir, base_url)
    import mkdocs.config

    site_url = mkdocs.config.load_config(str(ROOT / "mkdocs.yml"))["site_url"]
    hosted_url = site_url + hosted.removeprefix(base_url)
    assert hosted_url in install.source, "the install cell does not pin the served wheel"
    install.source = install.source.replace(hosted_url, hosted)
    mp = pytest.MonkeyPatch()
    mp.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    try:
        NotebookClient(
            nb, kernel_name="bp-bare", timeout=CELL_TIMEOUT_S, allow_errors=False,
            resources={"metadata": {"path": str(tmp_path)}},
        ).execute()  # fmt: skip
    finally:
        mp.undo()
    assert all(c.execution_count for c in nb.cells if c.cell_type == "code")
    where = freshenv.run(python, "import backprop; print(backprop.__file__)", cwd=tmp_path)
    assert str(tmp_path / "venv") in where.stdout, where.stdout + where.stderr
    summary["notebook in a kernel without the package"] = "installed and ran"


COLAB_LINK = re.compile(r'href="(https://colab\.research\.google\.com/[^"]+)"')


def test_every_colab_link_opens_a_notebook_the_branch_publishes(site_dir, tmp_path):
    from book.colab import colab_url, repo_url_of, write_branch

    repo = repo_url_of(ROOT / "mkdocs.yml")
    published = {colab_url(repo, p) for p in write_branch(site_dir, tmp_path / "branch", repo)}
    linked: dict[str, set[str]] = {}
    for page in site_dir.rglob("*.html"):
        for url in COLAB_LINK.findall(page.read_text(encoding="utf-8")):
            linked.setdefault(html.unescape(url), set()).add(str(page.relative_to(site_dir)))
    dead = {url: pages for url, pages in linked.items() if url not in published}
    assert not dead, f"Colab links to files the notebooks branch does not hold: {dead}"
    unlinked = published - linked.keys() - {colab_url(repo, "README.md")}
    assert not unlinked, f"notebooks no page links to in Colab: {sorted(unlinked)}"


def test_lab_notebooks_install_the_package_first(site_dir):
    url = install_command(site_dir)  # the pinned wheel URL the Run page gives
    for path in sorted(site_dir.glob("labs/*/*.ipynb")):
        first_code = next(
            c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"
        )
        source = "".join(first_code["source"])
        assert "pip" in source and url in source, f"{path.name}: first code cell {source[:200]!r}"


def test_figures_use_no_tex_font_that_a_browser_lacks(site_dir):
    """Figures keep their text as text; a glyph of matplotlib's TeX fonts (mathtext's prime is
    cmsy10's "0") would show as another character in a browser, which has none of them."""
    figures = sorted((site_dir / "assets" / "figures").glob("*.svg"))
    assert figures
    tex = re.compile(r"\bcm(?:sy|ex|mi|r|ss|tt|b)10\b")
    found = [p.name for p in figures if tex.search(p.read_text(encoding="utf-8"))]
    assert found == [], f"figures set in a TeX font: {found}"
