"""Colours, contrast and figure text, as sitecheck reads them from SVG files."""

from __future__ import annotations

import pytest
from sitecheck.colour import (
    DARK_BG,
    LIGHT_BG,
    MIN_CONTRAST,
    contrast,
    figure_problems,
    parse_color,
    svg_texts,
)


@pytest.mark.parametrize(
    ("value", "rgba"),
    [
        ("#fff", (1.0, 1.0, 1.0, 1.0)),
        ("#000000", (0.0, 0.0, 0.0, 1.0)),
        ("#ff000080", (1.0, 0.0, 0.0, 128 / 255)),
        ("rgb(255, 0, 0)", (1.0, 0.0, 0.0, 1.0)),
        ("rgba(0 0 255 / 0.5)", (0.0, 0.0, 1.0, 0.5)),
        ("  White ", (1.0, 1.0, 1.0, 1.0)),
    ],
)
def test_parse_color_reads_hex_rgb_and_names(value, rgba):
    assert parse_color(value) == pytest.approx(rgba)


@pytest.mark.parametrize("value", ["#12345", "tomato", "none", "rgb(1, 2)"])
def test_parse_color_returns_none_for_what_it_cannot_read(value):
    assert parse_color(value) is None


def test_black_on_white_is_21_to_1_either_way():
    assert contrast("#000", "#fff") == pytest.approx(21.0)
    assert contrast("#fff", "#000") == pytest.approx(21.0)


def test_wcag_grey_threshold_sits_at_4_5():
    assert contrast("#767676", LIGHT_BG) >= MIN_CONTRAST > contrast("#777777", LIGHT_BG)


def test_opacity_blends_text_into_its_background():
    assert contrast("#000", "#fff", opacity=0.5) < contrast("#000", "#fff") / 3
    assert contrast("#000", "#fff", opacity=0.0) == pytest.approx(1.0)


def test_unreadable_colour_counts_as_no_contrast():
    assert contrast("tomato", "#fff") == 0.0


SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 100" width="400pt">
  <g style="fill: #333333; font-size: 10px">
    <text x="0" y="10">axis</text>
    <g opacity="0.5"><text x="0" y="30" style="font-size: 20px">faded</text></g>
    <text x="0" y="50" font-size="8px" fill="#eeeeee">pale</text>
    <text x="0" y="70"> </text>
  </g>
</svg>"""


@pytest.fixture
def svg_file(tmp_path):
    site = tmp_path / "site"
    (site / "figs").mkdir(parents=True)
    path = site / "figs" / "f.svg"
    path.write_text(SVG)
    return site, path


def test_svg_texts_inherit_size_fill_and_opacity(svg_file):
    _, path = svg_file
    width, texts = svg_texts(path)
    assert width == 400
    got = {t.text: (t.size, t.fill, t.opacity) for t in texts}
    assert got == {
        "axis": (10.0, "#333333", 1.0),
        "faded": (20.0, "#333333", 0.5),
        "pale": (8.0, "#eeeeee", 1.0),
    }


def _img(src: str, width: float, scheme: str = "light") -> dict:
    return {"kind": "img", "alt": "a figure", "scheme": scheme, "src": src, "width": width}


def test_figure_problems_scale_svg_text_to_the_shown_width(svg_file):
    site, _ = svg_file
    base = "http://127.0.0.1:1/"
    # shown at 200 px: the 8-unit text renders at 4 px, the 10-unit one at 5 px
    found = figure_problems([_img(base + "figs/f.svg", 200)], site, base, 375, 4.5)
    small = [p for p in found if "renders at" in p]
    assert small == [
        "at 375 px, figure 'a figure': text 'pale' renders at 4.0 px (< 4.5 px; 1 of 3 texts "
        "too small)"
    ]
    at_full_size = figure_problems([_img(base + "figs/f.svg", 400)], site, base, 1280, 8)
    assert not [p for p in at_full_size if "renders at" in p]


def test_figure_problems_report_the_faintest_text_on_each_palette(svg_file):
    site, _ = svg_file
    base = "http://127.0.0.1:1/"
    light = figure_problems([_img(base + "figs/f.svg", 400)], site, base, 1280, 0)
    assert len(light) == 1 and "text 'pale' in #eeeeee" in light[0] and LIGHT_BG in light[0]
    dark = figure_problems([_img(base + "figs/f.svg", 400, "dark")], site, base, 1280, 0)
    assert len(dark) == 1 and "text 'faded' in #333333" in dark[0] and DARK_BG in dark[0]
    assert "(< 4.5:1; 2 texts)" in dark[0]  # axis and faded; pale reads on the dark


def test_figure_problems_skip_images_that_are_not_svg_files_of_the_site(svg_file):
    site, _ = svg_file
    base = "http://127.0.0.1:1/"
    figures = [
        _img("http://elsewhere.example/figs/f.svg", 10),
        _img(base + "figs/missing.svg", 10),
        _img("data:image/png;base64,AAAA", 10),
    ]
    assert figure_problems(figures, site, base, 375, 9) == []


def test_figure_problems_read_inline_svg_as_measured():
    fig = {
        "kind": "svg",
        "alt": "inline",
        "scheme": "page",
        "bg": "rgb(255, 255, 255)",
        "texts": [{"text": "ok", "px": 12, "fill": "rgb(0, 0, 0)"}],
    }
    assert figure_problems([fig], None, "", 1280, 11) == []
    found = figure_problems([fig], None, "", 1280, 13)
    assert found == ["at 1280 px, figure 'inline': text 'ok' renders at 12.0 px (< 13 px; 1 of 1 "
                     "texts too small)"]  # fmt: skip
