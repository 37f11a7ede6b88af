"""The command line, on a small site, without the browser."""

from __future__ import annotations

import pytest
from sitecheck.__main__ import main


@pytest.fixture
def site(tmp_path):
    (tmp_path / "index.html").write_text('<a href="ch/">chapter</a>')
    (tmp_path / "ch").mkdir()
    (tmp_path / "ch" / "index.html").write_text('<a href="../#nowhere">home</a>')
    return tmp_path


def test_links_only_run_reports_each_problem_and_fails(site, capsys):
    assert main([str(site), "--no-browser"]) == 1
    out, err = capsys.readouterr()
    assert out == "/ch/: links: dead anchor '../#nowhere': no id 'nowhere' on /\n"
    assert "1 problem(s) on 2 page(s)" in err


def test_named_pages_only_are_checked(site, capsys):
    assert main([str(site), "", "--no-browser"]) == 0
    assert capsys.readouterr().out == ""


def test_a_folder_without_a_site_is_refused_by_name(tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        main([str(tmp_path / "empty"), "--no-browser"])
    assert info.value.code == 2
    assert "site must hold a built site (index.html), got" in capsys.readouterr().err
