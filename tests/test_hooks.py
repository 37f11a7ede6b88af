"""The build hooks: MathJax's files come from the wheel; notebook pages lose only unused CSS."""

from pathlib import Path

import pytest
from book import mathjax_assets, notebook_css

ROOT = Path(__file__).resolve().parent.parent


def test_every_mathjax_part_exists_in_the_wheel():
    root = mathjax_assets.mathjax_root()
    missing = [part for part in mathjax_assets.PARTS if not (root / part).exists()]
    assert not missing


def test_mathjax_config_loads_exactly_the_copied_components():
    config = (ROOT / "docs" / "javascripts" / "mathjax-config.js").read_text()
    for component in ("input/tex", "output/chtml", "a11y/assistive-mml"):
        assert f'"{component}"' in config
        assert f"{component}.js" in mathjax_assets.PARTS


def test_a_brace_inside_a_string_does_not_open_a_block():
    css = '.a{content:"}{"}.b{x:1}'
    assert notebook_css.purge(css, {".a"}) == '.a{content:"}{"}'


def test_a_data_uri_with_semicolons_survives_whole():
    css = ":root{--icon:url(data:image/svg+xml;base64,AAA=);--spare:1}.a{background:var(--icon)}"
    out = notebook_css.drop_unused_properties(notebook_css.purge(css, {".a"}))
    assert out == ":root{--icon:url(data:image/svg+xml;base64,AAA=)}.a{background:var(--icon)}"


def test_a_property_read_elsewhere_on_the_page_is_kept():
    css = ":root{--code:#333;--spare:1}"
    kept = notebook_css.drop_unused_properties(css, "<style>.p{color:var(--code)}</style>")
    assert kept == ":root{--code:#333}"


def test_a_chain_of_unread_custom_properties_goes_whole():
    css = ":root{--a:var(--b);--b:var(--c);--c:1;--d:2}.x{color:var(--d)}"
    assert notebook_css.drop_unused_properties(css) == ":root{--d:2}.x{color:var(--d)}"


def test_custom_properties_read_inside_media_and_font_face_are_kept():
    css = (
        ":root{--w:1px;--f:url(f.woff);--gone:0}"
        "@media print{.a{border-width:var(--w) !important}}@font-face{src:var(--f)}"
    )
    out = notebook_css.drop_unused_properties(css)
    assert out == (
        ":root{--w:1px;--f:url(f.woff)}"
        "@media print{.a{border-width:var(--w) !important}}@font-face{src:var(--f)}"
    )


def test_ordinary_declarations_and_comments_are_handled_by_the_parser():
    css = "/* a { comment } */.a{color:red;/* ; */margin:0}"
    assert notebook_css.drop_unused_properties(notebook_css.purge(css, {".a"})) == (
        ".a{color:red;margin:0}"
    )


@pytest.mark.parametrize(
    ("selector", "kept"),
    [
        (".a .b", True),
        (".a .z", False),
        (".a:not(.z)", True),  # :not(.z) needs no .z on the page
        ("[class~=z] .a", True),  # attribute selectors are not class requirements
        ("#main .a", True),
        ("#elsewhere", False),
        ("div > p", True),
        (".a:is(.b, .c)", True),
    ],
)
def test_a_selector_is_kept_when_the_page_has_what_it_names(selector, kept):
    css = f"{selector}{{top:0}}"
    assert (notebook_css.purge(css, {".a", ".b", "#main"}) == css) is kept


def test_a_selector_list_keeps_only_its_matching_members():
    assert notebook_css.purge(".z,.a,.y{top:0}", {".a"}) == ".a{top:0}"


def test_an_empty_media_block_goes_and_other_at_rules_stay():
    css = "@charset 'UTF-8';@media print{.z{top:0}}@keyframes spin{to{rotate:1turn}}"
    # tinycss2 writes strings with double quotes
    assert notebook_css.purge(css, set()) == '@charset "UTF-8";@keyframes spin{to{rotate:1turn}}'


def test_page_names_reads_classes_and_ids():
    html = '<div class="jp-Cell  jp-CodeCell" id="cell-1"><p class="x">'
    assert notebook_css.page_names(html) == {".jp-Cell", ".jp-CodeCell", "#cell-1", ".x"}


def test_jupyterlab_stylesheet_shrinks_to_what_a_notebook_uses():
    import mkdocs_jupyter

    css = (
        Path(mkdocs_jupyter.__file__).parent / "templates/mkdocs_html/assets/index.css"
    ).read_text()
    page = (
        '<div class="jupyter-wrapper"><div class="jp-Notebook"><div class="jp-Cell jp-CodeCell">'
        '<div class="jp-InputArea"><div class="jp-InputPrompt">In [1]:</div></div></div></div>'
    )
    html = f'<style type="text/css">{css}</style>{page}'
    out = notebook_css.on_post_page(html, page=None, config=None)
    assert len(out) < 0.25 * len(html)
    assert ".jupyter-wrapper .jp-InputPrompt{" in out or ".jupyter-wrapper .jp-InputPrompt," in out
    assert "jp-Dialog" not in out  # JupyterLab's dialogs are not on a notebook page
    assert out.endswith(page)


def test_pages_without_a_notebook_are_untouched():
    html = "<style>" + ".z{top:0}" * 5000 + "</style><p>text</p>"
    assert notebook_css.on_post_page(html, page=None, config=None) is html
