"""Open in Colab: the built site's notebooks, published where Colab can open them.

Colab opens notebooks from GitHub, not from any web page. So each push to main publishes the
notebooks the build wrote into a branch of their own, ``notebooks`` (as d2l publishes its Colab
repository), and every page links to its notebook there:

| in the built site                    | on the ``notebooks`` branch      |
|--------------------------------------|----------------------------------|
| ``notebooks/<chapter>.ipynb``        | ``<chapter>.ipynb``              |
| ``labs/<lab>/<lab>-student.ipynb``   | ``labs/<lab>-student.ipynb``     |
| ``labs/<lab>/<lab>-solutions.ipynb`` | ``labs/<lab>-solutions.ipynb``   |

plus a ``README.md`` that says where the files come from and lists each with its Colab link.

The GitHub part is the ``notebooks`` job of ``.github/workflows/site.yml``: the test job runs
``python docs_src/book/colab.py site notebooks-branch --commit <sha>`` after the build and
uploads the folder; the job force-pushes it as the branch's only commit. What can run without
GitHub, the branch's contents made from a built site, is tested (tests/test_colab.py), and the
browser suite checks that every Colab link on the site names a file of that branch.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

BRANCH = "notebooks"
COLAB = "https://colab.research.google.com/github"


def colab_url(repo_url: str, path: str) -> str:
    """The Colab address that opens ``path`` of the ``notebooks`` branch of ``repo_url``.

    >>> from book.colab import colab_url
    >>> colab_url("https://github.com/owner/book/", "derivatives.ipynb")
    'https://colab.research.google.com/github/owner/book/blob/notebooks/derivatives.ipynb'
    """
    prefix = "https://github.com/"
    if not repo_url.startswith(prefix):
        raise ValueError(f"repo_url must be a https://github.com/ address, got {repo_url!r}")
    owner_repo = repo_url[len(prefix) :].strip("/")
    return f"{COLAB}/{owner_repo}/blob/{BRANCH}/{path}"


def branch_files(site_dir: Path) -> dict[str, Path]:
    """The notebooks of a built site by their path on the branch (see the table above)."""
    files = {p.name: p for p in sorted((site_dir / "notebooks").glob("*.ipynb"))}
    for p in sorted((site_dir / "labs").glob("*/*-*.ipynb")):
        files[f"labs/{p.name}"] = p
    return files


def write_branch(site_dir: Path, out: Path, repo_url: str, commit: str = "") -> list[str]:
    """Write the ``notebooks`` branch's files, made from ``site_dir``, into the empty ``out``.

    Returns the paths written, README.md last. A site without notebooks is an error: the branch
    would replace the published notebooks with nothing.
    """
    files = branch_files(site_dir)
    if not files:
        raise ValueError(f"{site_dir} holds no notebooks: build the site first")
    if out.exists() and any(out.iterdir()):
        raise ValueError(f"{out} is not empty: the branch is written into an empty folder")
    for path, source in files.items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, out / path)
    made = f" from commit `{commit}`" if commit else ""
    lines = [
        "# Backprop from Scratch: the notebooks",
        "",
        f"Made by the site's build{made} and published by its workflow: do not edit them here,",
        "edit the pages they come from. Each opens in Colab, whose first cell installs the",
        "book's package where it is missing.",
        "",
        *(f"- [{path}]({colab_url(repo_url, path)})" for path in files),
        "",
    ]
    (out / "README.md").write_text("\n".join(lines), encoding="utf-8")
    return [*files, "README.md"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site_dir", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--repo-url", default=None, help="default: repo_url of mkdocs.yml")
    parser.add_argument("--commit", default="")
    args = parser.parse_args(argv)
    repo_url = args.repo_url or repo_url_of(Path(__file__).resolve().parents[2] / "mkdocs.yml")
    written = write_branch(args.site_dir, args.out, repo_url, args.commit)
    print(f"{len(written)} files for the {BRANCH} branch in {args.out}")


def repo_url_of(mkdocs_yml: Path) -> str:
    """The ``repo_url`` line of ``mkdocs.yml`` (read as text: the file has Python tags)."""
    for line in mkdocs_yml.read_text(encoding="utf-8").splitlines():
        if line.startswith("repo_url:"):
            return line.split(":", 1)[1].strip()
    raise ValueError(f"{mkdocs_yml} has no repo_url")


if __name__ == "__main__":
    main()
