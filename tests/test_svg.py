"""How figures reach a page: images in both palettes' ink, a narrow layout, unique ids, files."""

import base64
import re
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from book.figure import (
    DARK_INK,
    LIGHT_INK,
    NARROW_MEDIA,
    TEXT_COLORS,
    figure_html,
    recolor_text,
    write_files,
)
from test_plot_tools import contrast

from backprop.plot import COLORS, new_figure, plot_tangent, show_figure, to_svg
from backprop.plot._style import INK


def titled(title="Loss per epoch", ncols=1):
    fig, axes = new_figure(ncols=ncols)
    for ax in [axes] if ncols == 1 else axes:
        ax.plot([0, 1, 2], [3.0, 1.0, 0.5], label="train")
        ax.set_title(title)
        ax.legend()
    return fig


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html):
    parser = Tags()
    parser.feed(html)
    return parser.tags


def decoded(uri: str) -> str:
    return base64.b64decode(uri.split(",", 1)[1]).decode()


def test_figure_is_a_lazy_image_per_palette_each_in_its_own_ink():
    out = figure_html(titled(), alt="The loss falls", caption="Loss.")
    imgs = [a for t, a in tags(out) if t == "img"]
    assert [a["alt"] for a in imgs] == ["The loss falls"] * 2
    assert all(a["loading"] == "lazy" and a["width"] and a["height"] for a in imgs)
    light, dark = (decoded(a["src"]) for a in imgs)
    assert LIGHT_INK in light and DARK_INK not in light
    assert DARK_INK in dark and LIGHT_INK not in dark
    assert INK not in light + dark
    assert out.endswith("<figcaption>Loss.</figcaption></figure>")
    assert "<svg" not in out  # nothing inline: the page's DOM stays small


def test_the_figure_words_stay_in_the_page_for_search_but_not_its_numbers():
    out = figure_html(titled("Loss per epoch"), alt="x")
    (words,) = re.findall(r'<span class="bp-figure__text" aria-hidden="true">([^<]*)</span>', out)
    assert "Loss per epoch" in words and "train" in words
    assert "0.5" not in words


def test_narrow_figure_is_the_source_for_small_screens():
    wide, narrow = titled(ncols=3), titled(ncols=1)
    narrow.set_size_inches(3.6, 6.0)
    out = figure_html(wide, alt="three panels", narrow=narrow)
    sources = [a for t, a in tags(out) if t == "source"]
    assert len(sources) == 2 and all(a["media"] == NARROW_MEDIA for a in sources)
    imgs = [a for t, a in tags(out) if t == "img"]
    # the narrow layout is taller than wide, the wide one wider than tall
    assert int(sources[0]["height"]) > int(sources[0]["width"])
    assert int(imgs[0]["width"]) > int(imgs[0]["height"])


def test_the_image_is_sized_in_css_pixels_at_the_drawn_size():
    fig = titled()  # 6.4 x 3.6 inches at 96 CSS px per inch
    (img, _) = [a for t, a in tags(figure_html(fig, alt="x")) if t == "img"]
    assert (img["width"], img["height"]) == ("614", "346")
    svg = decoded(img["src"])
    assert 'viewBox="0 0 460.8 259.2"' in svg  # user units are points: 4/3 px each


def test_empty_alt_is_refused():
    with pytest.raises(ValueError, match="alt must describe the figure"):
        figure_html(titled(), alt=" ")


def page_ids(html: str) -> list[str]:
    return [a["id"] for _, a in tags(html) if "id" in a]


def test_ids_stay_unique_on_a_page_of_many_figures_even_identical_ones(tmp_path, monkeypatch):
    """Images keep their ids to themselves; inline figures (the labs) get one prefix each."""
    IPython = pytest.importorskip("IPython")
    display = pytest.importorskip("IPython.display")
    shown = []
    monkeypatch.setattr(IPython, "get_ipython", lambda: SimpleNamespace(kernel=object()))
    monkeypatch.setattr(display, "display", shown.append)
    for _ in range(3):
        show_figure(titled(), alt="same figure", filename=tmp_path / "unused.png")
    inline = "".join(obj.data for obj in shown)
    pages = "".join(figure_html(titled(), alt="same figure") for _ in range(3))
    ids = page_ids(inline + pages)
    assert len(ids) > 30  # the inline SVGs do carry ids
    assert len(ids) == len(set(ids))
    srcs = [decoded(a["src"]) for t, a in tags(pages) if t == "img"]
    assert all('id="' in s for s in srcs)  # ... and the images too, out of the page's DOM


def test_in_a_build_images_are_files_of_the_site_named_by_content(tmp_path):
    write_files(tmp_path, "chapter/")
    try:
        html = figure_html(titled(), alt="x") + figure_html(titled(), alt="x")
        write_files(tmp_path, "")
        home = figure_html(titled(), alt="x")
    finally:
        write_files(None)
    assert "data:" not in html + home
    srcs = [a["src"] for t, a in tags(html) if t == "img"]
    assert all(s.startswith("../assets/figures/") and s.endswith(".svg") for s in srcs)
    assert len(set(srcs)) == 2  # identical figures share their files: light and dark
    files = sorted((tmp_path / "assets" / "figures").iterdir())
    assert len(files) == 2
    assert any(LIGHT_INK in f.read_text() for f in files)
    assert 'src="assets/figures/' in home
    assert "data:image/svg+xml;base64," in figure_html(titled(), alt="x")  # after the build


def test_text_shades_have_label_contrast_on_their_palette():
    for data_colour, light in TEXT_COLORS["light"].items():
        assert contrast(light, "#ffffff") >= 4.5, data_colour
        assert contrast(TEXT_COLORS["dark"][data_colour], "#1e2129") >= 4.5, data_colour


def test_recolor_text_changes_words_but_not_lines_or_markers():
    fig = plot_tangent(lambda x: x**2, 1.0)
    fig.axes[0].annotate("slope", (1.0, 1.0), color=COLORS["blue"])
    svg = recolor_text(to_svg(fig, alt="a tangent"), "dark")
    text_fills = re.findall(r"<text\b[^>]*fill: (#\w+)", svg)
    assert COLORS["blue"] not in text_fills and "#93c5fd" in svg
    assert f"stroke: {COLORS['blue']}" in svg  # the tangent keeps its colour
