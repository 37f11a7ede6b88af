"""Every page of the built site, as a reader's browser shows it.

Each page is loaded once (the ``records`` fixture); each test below reads one check of one page,
so a failure names both.
"""

from __future__ import annotations

import pytest
import sitecheck

pytestmark = pytest.mark.browser


def _assert_clean(record, check):
    found = sitecheck.problems(record)[check] + sitecheck.problems(record)["load"]
    assert not found, f"{record.page or '/'}: " + "\n".join(found)


def test_mathjax_typesets_without_errors(record):
    _assert_clean(record, "mathjax")


def test_no_raw_tex_left_in_the_text(record):
    _assert_clean(record, "raw_tex")


def test_no_console_errors(record):
    _assert_clean(record, "console")


def test_every_request_succeeds(record):
    _assert_clean(record, "requests")


def test_no_request_leaves_the_site(record):
    _assert_clean(record, "offsite")


def test_images_and_figures_render(record):
    _assert_clean(record, "images")


def test_fits_a_375px_phone(record):
    _assert_clean(record, "overflow")


def test_fits_a_375px_phone_before_its_math_is_typeset(context, base_url, page_path):
    found = sitecheck.overflow_at_load(context, base_url, page_path)
    assert not found, f"{page_path or '/'}: " + "\n".join(found)


def test_axe_finds_no_serious_violation(record):
    _assert_clean(record, "axe")


def test_figure_text_is_large_enough_on_phone_and_desktop(record):
    """At 375 px no figure text under 9 CSS px, at 1280 px none under 11 px."""
    _assert_clean(record, "figure_text")


def test_figure_text_contrasts_with_both_palettes(record):
    """Every figure text at least 4.5:1 against the light and the dark page background."""
    _assert_clean(record, "figure_contrast")


def test_code_and_output_fit_the_column_on_a_desktop(record):
    """At 1280 px no code block or printed output scrolls sideways, the API pages' docstring
    examples and messages included."""
    _assert_clean(record, "code_width")


def test_wide_tables_scroll_with_a_cue_and_keep_their_first_column(record):
    """At 375 px a table wider than its column scrolls in its own box, shows an edge shadow,
    and keeps its first column (the row names) in view."""
    _assert_clean(record, "tables")


def test_display_equations_fit_a_375px_phone(record):
    """No display formula wider than its column: long ones break into lines."""
    _assert_clean(record, "equation_width")


def test_ids_are_unique(record):
    _assert_clean(record, "ids")


def test_no_raw_restructuredtext(record):
    _assert_clean(record, "raw_rst")


def test_links_and_anchors_resolve(site_dir, page_path):
    found = sitecheck.check_links(site_dir, page_path)
    assert not found, f"{page_path or '/'}: " + "\n".join(found)


def test_every_page_is_checked(site_dir):
    """The page list comes from the build; a site with no chapter pages means a broken build."""
    pages = sitecheck.discover_pages(site_dir)
    assert "" in pages and len(pages) > 1, pages
    assert (site_dir / "404.html").is_file(), "the theme's 404 page is missing"


def test_dark_palette_has_enough_contrast(context, base_url, site_dir):
    """axe's colour-contrast rule on the dark (slate) palette, on the richest chapter."""
    pages = sitecheck.discover_pages(site_dir)
    page_path = "derivatives/" if "derivatives/" in pages else ""
    page = context.new_page()
    try:
        page.add_init_script(
            "localStorage.setItem('/.__palette', JSON.stringify("
            "{index: 1, color: {scheme: 'slate', primary: 'indigo', accent: 'deep-orange'}}))"
        )
        page.goto(base_url + page_path)
        page.wait_for_function("() => document.body.dataset.mathjax")  # bounded: WAIT_MS
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        # figure contrast is computed against this background (sitecheck.DARK_BG)
        bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert sitecheck.contrast(bg, sitecheck.DARK_BG) < 1.01, bg
        # The theme fades colours in (CSS transitions): axe must read the final colours, so wait
        # until no transition is running rather than for a guessed time.
        page.wait_for_function(
            "() => !document.getAnimations().some("
            "(a) => a instanceof CSSTransition && a.playState !== 'finished')"
        )
        found = sitecheck.axe_violations(page, rules=["color-contrast", "link-in-text-block"])
    finally:
        page.close()
    assert not found, f"{page_path or '/'} (dark): " + "\n".join(found)


_PALETTE = """() => ({
    scheme: document.body.dataset.mdColorScheme,
    meta: document.querySelector('meta[name=color-scheme]').content,
    stored: (JSON.parse(localStorage.getItem('/.__palette')) || {}).index,
    toggle: [...document.querySelectorAll('[data-bp-palette] label')]
        .filter((label) => !label.hidden).map((label) => label.title),
})"""


def test_the_palette_is_the_systems_until_the_reader_picks_one(browser, base_url):
    """Our palette script (overrides/partials/javascripts/palette.html) does the theme's job: on
    a first visit the palette whose media query the system matches, one toggle shown, the
    choice kept; a click or Enter on the toggle switches, and the next page keeps the choice
    over the system's. The theme's own palette component is not mounted at all."""
    dark = {"scheme": "slate", "meta": "dark", "stored": 1, "toggle": ["Switch to light mode"]}
    light = {"scheme": "default", "meta": "light", "stored": 0, "toggle": ["Switch to dark mode"]}
    context = sitecheck.new_context(browser, color_scheme="dark")
    page = context.new_page()
    try:
        page.goto(base_url + "glossary/", wait_until="load")
        assert page.query_selector("[data-md-component=palette]") is None
        assert page.evaluate(_PALETTE) == dark
        page.click("[data-bp-palette] label:not([hidden])")
        assert page.evaluate(_PALETTE) == light
        page.goto(base_url + "derivatives/", wait_until="load")
        assert page.evaluate(_PALETTE) == light
        page.focus("#__palette_0")
        page.keyboard.press("Enter")
        assert page.evaluate(_PALETTE) == dark
        assert page.evaluate("document.activeElement.id") == "__palette_1"
    finally:
        context.close()
