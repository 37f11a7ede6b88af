"""The release hooks: a page becomes a notebook, the book one print page; one version everywhere."""

import base64
import hashlib
import html
import re
import subprocess
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from book import notebooks, print_book, wheel

import backprop

ROOT = Path(__file__).resolve().parent.parent


PAGE = """# 2. A page

Prose with $w_k$ and a [link](other.md#part).

$$
\\frac{dJ}{dw} = 2
$$

```python exec="on" source="above" session="p" result="text"
w = 0.5
print(w)
```

```python exec="on" session="p" continuation
assert w < 1
print(f"The weight is ${w}$.")
```

```python exec="on" html="1"
from figures.page import drawing

print(drawing())
```

```bash
pip install something
```

??? question "Exercise 1"

    Why?

    ```python title="starter"
    raise NotImplementedError()
    ```

    ??? success "Solution"

        Because.

        ```python
        print("solved")
        ```
"""

SVG = (
    '<svg width="100%" style="max-width:640px" aria-label="A line">'
    '<path stroke="currentColor"/></svg>'
)
RUNS = [
    ("w = 0.5\nprint(w)", "0.5\n"),
    (
        "from figures.page import drawing\n\nprint(drawing())",
        f"<figure>{SVG}<figcaption>Cap</figcaption></figure>",
    ),
    ('assert w < 1\nprint(f"The weight is ${w}$.")', "The weight is $0.5$.\n"),
]


def make_notebook(runs=RUNS) -> dict:
    blocks = notebooks.split_blocks(PAGE)
    notebooks.pair_outputs(blocks, runs)
    return notebooks.notebook(
        blocks,
        "*intro*",
        lambda target, anchor: f"https://site/{target[:-3]}/{anchor}",
        "https://repo",
    )


def test_page_cells_follow_the_page_in_order():
    cells = make_notebook()["cells"]
    kinds = [c["cell_type"] for c in cells]
    assert kinds == ["markdown", "code", "code"] + ["markdown"] * 4 + ["code"]
    assert cells[1]["source"] == notebooks.INSTALL_CELL
    assert cells[2]["source"] == "w = 0.5\nprint(w)"
    assert cells[2]["outputs"][0]["text"] == "0.5\n"
    # the exercise's solution: a written answer graded by hand, then code that is all answer
    assert cells[6]["source"] == "Because."
    assert cells[6]["metadata"]["nbgrader"] == {
        "grade": True,
        "grade_id": "ex1-0-written",
        "locked": False,
        "points": 1,
        "schema_version": 3,
        "solution": True,
        "task": False,
    }
    assert cells[7]["source"] == 'print("solved")'
    assert cells[7]["metadata"]["nbgrader"]["solution"] is True
    assert "NotImplementedError" not in "".join(c["source"] for c in cells[3:])  # no starter


def test_first_code_cell_installs_the_package_only_where_it_is_missing():
    cell = make_notebook()["cells"][1]["source"]
    assert 'if importlib.util.find_spec("backprop") is None:' in cell
    assert f'"pip", "install", "--quiet", "{notebooks.WHEEL_URL}"' in cell
    compile(cell, "install cell", "exec")  # plain Python: it runs in a script as in Jupyter


def test_pinned_wheel_url_names_the_wheel_in_dist_and_its_digest(tmp_path):
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "w-1-py3-none-any.whl").write_bytes(b"wheel")
    url = notebooks.pinned_wheel_url(tmp_path, "https://site/")
    digest = hashlib.sha256(b"wheel").hexdigest()
    assert url == f"https://site/dist/w-1-py3-none-any.whl#sha256={digest}"


def test_figure_shown_as_an_image_file_is_attached_from_the_file():
    picture = (
        '<figure><picture class="bp-figure__light"><img src="../assets/figures/a.svg" '
        'alt="A curve" width="10" height="5"></picture><picture class="bp-figure__dark">'
        '<img src="../assets/figures/b.svg" alt="A curve"></picture>'
        "<figcaption>Cap</figcaption></figure>"
    )
    block = notebooks.Block("figure", "from figures.page import drawing", output=picture)
    files = {"../assets/figures/a.svg": "<svg>light</svg>"}
    cell = notebooks.figure_cell(block, 1, "https://repo", files.get)
    assert cell["source"].startswith("![A curve](attachment:figure-1-1.svg)")
    assert list(cell["attachments"]) == ["figure-1-1.svg"]  # the light palette's only
    data = cell["attachments"]["figure-1-1.svg"]["image/svg+xml"]
    assert base64.b64decode(data).decode() == "<svg>light</svg>"
    with pytest.raises(RuntimeError, match="image file was not written"):
        notebooks.figure_cell(block, 1, "https://repo", {}.get)


def test_math_stays_tex_and_links_point_at_the_site():
    first = make_notebook()["cells"][0]["source"]
    assert first.startswith("# 2. A page\n\n*intro*")
    assert "$w_k$" in first and "$$\n\\frac{dJ}{dw} = 2\n$$" in first
    assert "[link](https://site/other/#part)" in first


def test_hidden_prose_block_becomes_its_printed_markdown():
    cells = make_notebook()["cells"]
    assert cells[3]["source"] == "The weight is $0.5$."
    assert "assert w < 1" not in "".join(c["source"] for c in cells)


def test_figure_is_attached_with_caption_and_link_to_its_code():
    cell = make_notebook()["cells"][4]
    assert cell["source"].startswith("![A line](attachment:figure-1-1.svg)")
    assert "*Cap*" in cell["source"]
    assert "https://repo/blob/main/docs_src/figures/page.py" in cell["source"]
    svg = base64.b64decode(cell["attachments"]["figure-1-1.svg"]["image/svg+xml"]).decode()
    assert 'width="640px"' in svg and "currentColor" not in svg


def test_exercise_admonitions_become_bold_titles_and_other_fences_stay():
    source = "".join(c["source"] for c in make_notebook()["cells"])
    assert "**Exercise 1**\n\nWhy?\n\n**Solution**Because." in source
    assert "```bash\npip install something\n```" in source
    assert "???" not in source


def test_notebook_is_valid_nbformat_and_its_script_is_percent_format():
    nb = nbformat.from_dict(make_notebook())
    nbformat.validate(nb)
    script = notebooks.script(make_notebook(), "https://site/page/")
    assert "# %% [markdown]" in script and "[Figure: A line](https://site/page/)" in script


def test_a_block_whose_run_is_missing_fails_the_build():
    with pytest.raises(RuntimeError, match="no run of this block"):
        make_notebook(RUNS[:2])


def test_snippets_are_included_at_their_indent(tmp_path):
    (tmp_path / "part.py").write_text("a = 1\nb = 2\n")
    page = '```python\n--8<-- "part.py"\n```\n    --8<-- "part.py"'
    assert (
        notebooks.expand_snippets(page, tmp_path)
        == "```python\na = 1\nb = 2\n```\n    a = 1\n    b = 2"
    )


def test_paper_version_opens_solutions_and_drops_widgets():
    page = (
        '<details class="success"><summary>S</summary></details>'
        '<div class="bp-static"><figure>f</figure></div>'
        '<div class="bp-widget" data-widget="descent" hidden></div>'
        '<p class="bp-downloads"><a href="x.ipynb">Download</a></p>'
    )
    out = print_book.for_paper(page)
    assert out == (
        '<details open class="success"><summary>S</summary></details>'
        '<div class="bp-static"><figure>f</figure></div>'
    )


def test_print_page_links_to_other_files_keep_working_from_its_depth():
    html = '<a href="labs/autograd/">lab</a><a href="derivatives/#slope">d</a>'
    out = print_book.relink(html, "home", {"/": "home", "/derivatives/": "derivatives"}, "/")
    assert out == '<a href="../labs/autograd/">lab</a><a href="#derivatives--slope">d</a>'


def test_links_that_leave_the_printed_book_go_to_the_hosted_site():
    html = '<a href="../labs/autograd/">lab</a><a href="../run/#pip">run</a><a href="#x">x</a>'
    site = "https://example.org/book/"
    out = print_book.relink(html, "graphs", {"/graphs/": "graphs"}, "/graphs/", site)
    assert out == (
        '<a href="https://example.org/book/labs/autograd/">lab</a>'
        '<a href="https://example.org/book/run/#pip">run</a><a href="#graphs--x">x</a>'
    )


def test_paper_version_drops_solution_markers_and_tab_labels():
    code = (
        '<pre><code><span class="k">def</span> f():\n'
        '    <span class="c1">### BEGIN SOLUTION</span>\n'
        '    <span class="k">return</span> 1\n'
        '    <span class="c1">### END SOLUTION</span>\n</code></pre>'
    )
    tabs = (
        '<div class="tabbed-set tabbed-alternate" data-tabs="1:2"><input id="a"/><input id="b"/>'
        '<div class="tabbed-labels"><label for="a">Result</label><label for="b">Source</label>'
        '</div><div class="tabbed-content"><div class="tabbed-block"><table></table></div>'
        '<div class="tabbed-block"><pre>code</pre></div></div></div>'
    )
    out = print_book.for_paper(code + tabs)
    assert "SOLUTION" not in out and "    <span" + ' class="k">return</span> 1\n' in out
    assert "Result" not in out and "Source" not in out and "tabbed" not in out
    assert out.endswith('<div class="bp-print-tabs"><table></table><pre>code</pre></div>')


def test_web_only_sections_leave_the_paper_and_a_missing_one_fails():
    html = '<h2 id="home--a">A</h2><p>a</p><h2 id="home--read">R</h2><p>r</p>'
    assert print_book.drop_sections(html, "home", ["read"]) == '<h2 id="home--a">A</h2><p>a</p>'
    with pytest.raises(RuntimeError, match="no section #gone"):
        print_book.drop_sections(html, "home", ["gone"])


def test_cross_references_get_a_page_number_span_but_terms_permalinks_notes_letters_do_not():
    """The PDF edition fills the span with the page the link leads to."""
    html = (
        '<p>as <a href="#gradcheck">Gradient checking</a> does; a <a class="bp-term" '
        'href="#glossary--loss"><strong>loss</strong></a><sup><a class="footnote-ref" '
        'href="#graphs--fn:1">1</a></sup><a class="headerlink" href="#graphs--x">&para;</a>'
        '<a href="https://example.org/book/run/">Run</a><a href="#glossary--a">A</a></p>'
    )
    out = print_book.pagerefs(html)
    span = '<span class="bp-print-pageref" data-anchor="gradcheck"></span>'
    assert out == html.replace("Gradient checking</a>", "Gradient checking</a>" + span)


def test_solutions_get_an_id_and_a_line_in_the_contents_under_their_chapter():
    page = (
        '<details class="question"><summary>Exercise 1</summary><p>Do.</p>'
        '<details class="success"><summary>Solution</summary><p>42</p></details></details>'
    )
    out = print_book.solutions_at_end(page, "graphs")
    assert '<div class="bp-print-solutions" id="graphs--print-solutions">' in out
    chapters = [SimpleNamespace(url=url) for url in ("graphs/", "glossary/")]
    titles = {"graphs": "4. Graphs", "glossary": "Glossary"}
    listing = print_book.contents(chapters, titles, {"graphs"})
    anchors = [a.split('"')[0] for a in listing.split('data-anchor="')[1:]]
    assert anchors == ["graphs", "graphs--print-solutions", "glossary"]
    assert '<li class="bp-print-contents__sub"><a href="#graphs--print-solutions">' in listing


def test_the_edition_note_gives_a_short_command_its_digest_and_warns_it_goes_stale(
    tmp_path, monkeypatch
):
    """The command on short lines that a POSIX shell joins into the wheel's address (readable
    on paper at the text's size), then the digest that pins it and the pinned address."""
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "backprop_from_scratch-0.1.0-py3-none-any.whl").write_bytes(b"w")

    def page(src, url, title):
        file = SimpleNamespace(src_uri=src, name=Path(src).stem)
        return SimpleNamespace(file=file, url=url, title=title, is_page=True, is_section=False)

    labs = SimpleNamespace(is_section=True, title="Labs", children=[])
    pages = [page("run.md", "run/", "Run the code"), page("api/index.md", "api/", "API")]
    nav = SimpleNamespace(pages=pages, items=[labs])
    site = "https://backprop-from-scratch.github.io/backprop-from-scratch/"
    config = {"site_url": site, "site_dir": str(tmp_path)}
    note = print_book.edition(nav, config, print_book.date(2025, 1, 2))
    digest = hashlib.sha256(b"w").hexdigest()
    url = f"{site}dist/backprop_from_scratch-0.1.0-py3-none-any.whl"
    blocks = re.findall(r'<pre class="bp-print-install"><code>(.*?)</code></pre>', note, re.S)
    command, pin = (html.unescape(b) for b in blocks)
    lines = command.splitlines()
    assert len(lines) >= 2 and max(map(len, lines)) <= print_book.INSTALL_WIDTH, lines
    assert f"one command on {len(lines)} lines" in note
    joined = subprocess.run(
        ["sh", "-c", "printf %s " + command.removeprefix("pip install ")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert joined == url
    assert pin == f"#sha256={digest}" and f'href="{url}#sha256={digest}"' in note
    assert "pip refuses the pinned command" in note and f"{site}run/" in note
    assert "print them in colour" in note


def test_the_edition_note_says_where_the_labs_belong_in_the_introductions_words():
    """The labs are printed after the chapters; the note gives the reading order of the
    introduction's section that it links to."""
    intro = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    assert print_book.READING_ORDER == "home--what-you-will-learn"
    section = intro.split("\n## What you will learn\n")[1].split("\n## ")[0]
    order = re.search(
        r"with the first lab (after chapter \d+) and the second (at the end|after chapter \d+)",
        " ".join(section.split()),
    )
    assert order, "the introduction no longer says where the labs go"
    assert print_book.LABS_READ == f"the first {order[1]} and the second {order[2]}"


def test_package_version_is_the_one_in_pyproject():
    assert backprop.__version__ == wheel.project_version()
    assert wheel.wheel_name(backprop.__version__).startswith(
        f"backprop_from_scratch-{backprop.__version__}-"
    )


def test_readme_install_command_pins_the_wheel_built_now():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    pinned = wheel.pinned_hosted_url()
    assert wheel.wheel_name(backprop.__version__) in pinned
    found = wheel.PINNED.findall(readme)
    assert found, "the README gives no install command pinned with #sha256="
    assert set(found) == {pinned}, (
        f"the README pins {found}, but the wheel built from these sources is {pinned}: "
        "run `make readme`"
    )


def test_wheel_is_reproducible_so_its_digest_can_be_published(tmp_path):
    first = wheel.build_wheel(tmp_path / "a")
    second = wheel.build_wheel(tmp_path / "b")
    assert wheel.sha256(first) == wheel.sha256(second)


def test_readme_rewrite_replaces_only_pinned_wheel_urls():
    old = (
        'pip install "https://h/w-0.1.0-py3-none-any.whl#sha256=' + "0" * 64 + '"\nhttps://h/other'
    )
    new = wheel.rewrite_readme(old, "https://h/w.whl#sha256=" + "1" * 64)
    assert new == 'pip install "https://h/w.whl#sha256=' + "1" * 64 + '"\nhttps://h/other'


def test_a_dirty_build_keeps_the_notebooks_of_the_last_full_build(tmp_path, monkeypatch):
    """`mkdocs serve --dirty` rebuilds only changed pages; the placeholders registered for the
    others carry the notebooks already in the site instead of emptying them."""
    docs, site = tmp_path / "docs", tmp_path / "site"
    docs.mkdir()
    (docs / "derivatives.md").write_text("# 1. Derivatives\n")
    (site / "notebooks").mkdir(parents=True)
    (site / "notebooks" / "derivatives.ipynb").write_text('{"cells": []}\n')
    import mkdocs.structure.files

    # File.generated needs a running build; record what the hook asks it for instead
    monkeypatch.setattr(
        mkdocs.structure.files.File,
        "generated",
        staticmethod(lambda config, src_uri, content: (src_uri, content)),
    )
    config = {"docs_dir": str(docs), "site_dir": str(site)}

    def contents(dirty):
        monkeypatch.setitem(notebooks._state, "dirty", dirty)
        return dict(notebooks.on_files([], config))

    assert contents(True)["notebooks/derivatives.ipynb"] == b'{"cells": []}\n'
    assert contents(True)["notebooks/derivatives.py"] == ""  # none in the site: a placeholder
    assert contents(False)["notebooks/derivatives.ipynb"] == ""  # a full build makes it anew


def test_a_dirty_build_leaves_the_print_page_to_a_full_build(monkeypatch):
    class Page:
        file = type("F", (), {"src_uri": print_book.PAGE})()
        content = print_book.PLACEHOLDER

    class Chapter:
        file = type("F", (), {"src_uri": "derivatives.md"})()
        content = None  # not converted in this (dirty) build

    monkeypatch.setattr(print_book, "book_pages", lambda nav: [Chapter()])
    monkeypatch.setitem(print_book._state, "dirty", True)
    page = Page()
    print_book.on_page_context({}, page, {}, nav=None)
    assert "full build" in page.content
    monkeypatch.setitem(print_book._state, "dirty", False)
    with pytest.raises(RuntimeError, match="not yet converted"):
        print_book.on_page_context({}, Page(), {}, nav=None)
