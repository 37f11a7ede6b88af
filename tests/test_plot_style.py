"""The inline SVG every figure becomes: well-formed, themed, light, and true to what it shows."""

import io
import re
import types
import xml.etree.ElementTree as ET

import matplotlib.pyplot as plt
import pytest
from matplotlib.figure import Figure

from backprop.plot import show_figure, to_svg
from backprop.plot._style import INK, new_figure

SVG = "{http://www.w3.org/2000/svg}"


def labelled_line():
    fig, ax = new_figure()
    ax.plot([0.0, 1.0, 2.0], [0.123456789, 1.987654321, 3.5])
    ax.text(0.5, 0.5, "w = 0.3568199375")
    ax.set_title("steps of 0.1")
    return fig


def raw_svg(fig: Figure) -> str:
    """What matplotlib itself writes, for comparison."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    return buffer.getvalue()


def test_svg_is_well_formed_and_named():
    root = ET.fromstring(to_svg(labelled_line(), alt="A line & a label"))
    assert root.get("role") == "img"
    assert root.get("aria-label") == "A line & a label"
    assert root.find(f"{SVG}title").text == "A line & a label"


def test_text_the_figure_shows_keeps_every_digit():
    root = ET.fromstring(to_svg(labelled_line(), alt="x"))
    texts = {t.text for t in root.iter(f"{SVG}text")}
    assert "w = 0.3568199375" in texts
    assert "steps of 0.1" in texts


def test_coordinates_keep_two_decimals_and_the_file_shrinks():
    fig = labelled_line()
    raw = raw_svg(fig)
    svg = to_svg(fig, alt="x")
    geometry = " ".join(re.findall(r'\s(?:d|x|y|transform)="([^"]*)"', svg))
    assert re.search(r"\d\.\d{3}", geometry) is None
    assert re.search(r"\d\.\d{3}", raw) is not None  # matplotlib wrote more
    assert len(svg) < 0.8 * len(raw)
    assert "<metadata>" not in svg and "rotate(-0 " not in svg


def test_ink_becomes_the_page_colour():
    svg = to_svg(labelled_line(), alt="x")
    assert INK not in svg and "currentColor" in svg


def test_two_figures_on_one_page_share_no_element_id():
    other = labelled_line()
    other.axes[0].plot([0, 1], [1, 0])
    first = re.findall(r'id="([^"]+)"', to_svg(labelled_line(), alt="one"))
    second = re.findall(r'id="([^"]+)"', to_svg(other, alt="two"))
    assert first and second
    assert not set(first) & set(second)


def test_references_point_at_ids_of_the_same_figure():
    svg = to_svg(labelled_line(), alt="x")
    ids = set(re.findall(r'id="([^"]+)"', svg))
    refs = re.findall(r"url\(#([^)]+)\)", svg) + re.findall(r'xlink:href="#([^"]+)"', svg)
    assert refs and set(refs) <= ids


def test_empty_alt_text_is_refused():
    with pytest.raises(ValueError, match="alt must describe the figure"):
        to_svg(labelled_line(), alt="   ")


def test_style_leaves_no_global_figure_open():
    before = len(plt.get_fignums())
    to_svg(labelled_line(), alt="x")
    assert len(plt.get_fignums()) == before


def test_show_figure_in_a_script_writes_a_png(tmp_path, capsys):
    path = tmp_path / "line.png"
    show_figure(labelled_line(), alt="x", filename=path)
    assert path.read_bytes().startswith(b"\x89PNG")
    assert capsys.readouterr().out == f"figure written to {path}\n"


def test_show_figure_in_jupyter_displays_the_inline_svg(tmp_path, monkeypatch):
    IPython = pytest.importorskip("IPython")
    display = pytest.importorskip("IPython.display")
    shown = []
    zmqshell = pytest.importorskip("ipykernel.zmqshell")
    assert hasattr(zmqshell.ZMQInteractiveShell, "kernel")  # what show_figure looks for
    kernel_shell = types.SimpleNamespace(kernel=object())  # a notebook kernel's shell has one
    monkeypatch.setattr(IPython, "get_ipython", lambda: kernel_shell)
    monkeypatch.setattr(display, "display", shown.append)
    show_figure(labelled_line(), alt="A line", filename=tmp_path / "unused.png")
    assert not (tmp_path / "unused.png").exists()
    (html,) = (obj.data for obj in shown)
    assert html.startswith('<figure style="width: 100%" class="bp-figure"><svg')
    assert 'aria-label="A line"' in html


def test_show_figure_in_terminal_ipython_writes_the_png_as_a_script_does(tmp_path, monkeypatch):
    """Terminal IPython has a shell but no kernel: an HTML display would print only its repr."""
    IPython = pytest.importorskip("IPython")
    display = pytest.importorskip("IPython.display")
    terminal = pytest.importorskip("IPython.terminal.interactiveshell")
    assert not hasattr(terminal.TerminalInteractiveShell, "kernel")
    shown = []
    monkeypatch.setattr(IPython, "get_ipython", lambda: types.SimpleNamespace())  # no kernel
    monkeypatch.setattr(display, "display", shown.append)
    path = tmp_path / "line.png"
    show_figure(labelled_line(), alt="x", filename=path)
    assert path.read_bytes().startswith(b"\x89PNG")
    assert not shown


def test_show_figure_writes_an_opaque_white_png(tmp_path):
    """The PNG reads in a dark image viewer: every pixel opaque, the background white."""
    path = tmp_path / "line.png"
    show_figure(labelled_line(), alt="x", filename=path)
    pixels = plt.imread(path)
    assert pixels.shape[2] == 4 and pixels[..., 3].min() == 1.0
    assert (pixels[0, 0, :3] == 1.0).all()  # a corner is white
    assert (pixels[..., :3] < 0.5).any()  # and the ink is dark on it
