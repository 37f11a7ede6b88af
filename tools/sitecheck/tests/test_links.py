"""Links and anchors, read from a built site's HTML files."""

from __future__ import annotations

import pytest
from sitecheck.links import check_links


@pytest.fixture
def site(tmp_path):
    def page(rel: str, html: str) -> None:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")

    page("index.html", '<h1 id="top">Home</h1><a name="old-anchor"></a>')
    page("chapter one/index.html", '<h2 id="rule">The rule</h2>')
    page("assets/pic.svg", "<svg/>")
    return tmp_path, page


def test_links_to_pages_files_and_ids_resolve(site):
    root, page = site
    page(
        "a/index.html",
        '<a href="../">home</a> <a href="../#top">top</a> <a href="../#old-anchor">old</a>'
        ' <a href="../chapter%20one/#rule">rule</a> <a href="../chapter one">no slash</a>'
        ' <a href="/assets/pic.svg">file</a> <a href="">self</a> <a href="mailto:x@y.z">mail</a>',
    )
    assert check_links(root, "a/") == []


def test_dead_links_and_anchors_are_named(site):
    root, page = site
    page("b/index.html", '<a href="../nothing/">x</a> <a href="../chapter%20one/#gone">y</a>')
    assert check_links(root, "b/") == [
        "dead link '../nothing/': no /nothing/ in the site",
        "dead anchor '../chapter%20one/#gone': no id 'gone' on /chapter%20one/",
    ]


def test_links_out_of_the_site_are_not_followed(site):
    root, page = site
    page("c/index.html", '<a href="https://example.org/missing/">out</a>')
    assert check_links(root, "c/", base="http://127.0.0.1:8123/") == []


def test_an_anchor_on_a_non_html_file_is_not_checked(site):
    root, page = site
    page("d/index.html", '<a href="../assets/pic.svg#part">part</a>')
    assert check_links(root, "d/") == []
