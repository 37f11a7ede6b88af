"""The notebooks branch Colab opens: its files, made from a built site (book.colab)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from book.colab import branch_files, colab_url, main, repo_url_of, write_branch

REPO = "https://github.com/backprop-from-scratch/backprop-from-scratch"
ROOT = Path(__file__).resolve().parents[1]


def fake_site(site: Path) -> Path:
    """A built site's notebooks: two chapters, one lab's pair, and a file that is no notebook."""
    for rel in (
        "notebooks/derivatives.ipynb",
        "notebooks/network.ipynb",
        "labs/autograd/autograd-student.ipynb",
        "labs/autograd/autograd-solutions.ipynb",
    ):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(json.dumps({"cells": [], "source": rel}), encoding="utf-8")
    (site / "notebooks/derivatives.py").write_text("# a script, not for Colab\n")
    return site


def test_the_branch_holds_every_notebook_flat_with_the_labs_in_their_folder(tmp_path):
    site, out = fake_site(tmp_path / "site"), tmp_path / "branch"
    written = write_branch(site, out, REPO, commit="abc123")
    assert written == [
        "derivatives.ipynb",
        "network.ipynb",
        "labs/autograd-solutions.ipynb",
        "labs/autograd-student.ipynb",
        "README.md",
    ]
    for path, source in branch_files(site).items():
        assert (out / path).read_bytes() == source.read_bytes()
    assert not (out / "derivatives.py").exists()
    readme = (out / "README.md").read_text()
    assert "commit `abc123`" in readme
    assert f"({colab_url(REPO, 'labs/autograd-student.ipynb')})" in readme


def test_the_colab_address_names_the_branch_and_the_repository():
    url = colab_url(REPO + "/", "labs/digits-student.ipynb")
    assert url == (
        "https://colab.research.google.com/github/backprop-from-scratch/"
        "backprop-from-scratch/blob/notebooks/labs/digits-student.ipynb"
    )


def test_the_repository_address_comes_from_mkdocs_yml():
    assert repo_url_of(ROOT / "mkdocs.yml") == REPO


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: tmp / "empty-site", "holds no notebooks"),
        (lambda tmp: fake_site(tmp / "site"), "is not empty"),
    ],
)
def test_an_unbuilt_site_or_a_used_folder_is_refused(tmp_path, make, message):
    site = make(tmp_path)
    site.mkdir(exist_ok=True)
    out = tmp_path / "site" if message == "is not empty" else tmp_path / "out"
    with pytest.raises(ValueError, match=message):
        write_branch(site, out, REPO)


def test_a_github_address_is_required():
    with pytest.raises(ValueError, match=r"repo_url must be a https://github\.com/ address"):
        colab_url("https://gitlab.com/x/y", "a.ipynb")


def test_the_command_line_writes_the_branch(tmp_path, capsys):
    site = fake_site(tmp_path / "site")
    main([str(site), str(tmp_path / "out"), "--commit", "f00"])
    assert "5 files for the notebooks branch" in capsys.readouterr().out
    assert "commit `f00`" in (tmp_path / "out" / "README.md").read_text()
