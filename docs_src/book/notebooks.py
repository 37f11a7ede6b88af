"""Every chapter as a Jupyter notebook and a percent script, made while the site is built.

For each page of the nav's "Chapters" section the build writes ``notebooks/<page>.ipynb`` and
``notebooks/<page>.py`` (jupytext's percent format) into the site, and puts a download line under
the chapter's title. Nothing is committed: the files exist only in the built site.

How a page becomes cells:

- prose becomes Markdown cells, with arithmatex's ``$...$`` and ``$$`` left as TeX (Jupyter
  typesets the same delimiters); admonitions lose their indentation and keep their title in bold,
  links (to other pages, or to a section of the same page) point at the hosted site;
- each visible Python block (a plain ``python`` fence, or a markdown-exec block with ``source``)
  becomes a code cell, in order, with the output the build printed under it;
- a hidden prose block (markdown-exec, no ``source``) contributes the Markdown it printed;
- an exercise is an nbgrader assignment: what its "Solution" holds becomes answer cells (the
  code between ``### BEGIN SOLUTION`` and ``### END SOLUTION``, or all of a block without
  them; written answers graded by hand), its ``check_...`` lines a locked, graded cell, and its
  starter (``title="starter"``) is left out, since ``<page>-student.ipynb``, written beside
  the notebook as ``nbgrader generate_assignment`` would make it, holds it;
- a hidden figure block (``html="1"``) imports the book's own ``figures`` modules, which a reader
  with only the package installed does not have, so the notebook carries the figure the build
  drew: its SVG as a Markdown cell attachment (offline, no second request), its caption, and a
  link to the code that draws it in the repository, for a reader who wants to change it.

The outputs come from the build itself: the hook that runs the blocks (``book.execute``) puts
each run of the page on it (``page.book_runs``), and the page's hidden blocks are paired with
those runs in order (a block whose run cannot be found fails the build). Nothing runs twice.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

SECTION = "Chapters"  # the nav section whose pages become notebooks
FOLDER = "notebooks"
ROOT = Path(__file__).resolve().parents[2]
SNIPPETS = ROOT / "docs_src"

_FENCE = re.compile(r"^(?P<indent> *)(?P<ticks>`{3,}|~{3,})\s*(?P<info>.*)$")
_ADMONITION = re.compile(
    r'^ *(?:!!!|\?\?\?\+?|===)\s*(?P<kind>[\w-]*)\s*(?:"(?P<title>[^"]*)")?\s*$'
)
_SNIPPET = re.compile(r'^(?P<indent> *)--8<--\s+"(?P<path>[^"]+)"\s*$')
_ATTR = re.compile(r'(\w+)="([^"]*)"|(\w+)=(\S+)|(\S+)')
_LINK = re.compile(r"\]\((?P<target>[^)\s]+\.(?:md|py))(?P<anchor>#[^)\s]*)?\)")  # pages, labs
_ATTR_LIST = re.compile(r"\s*\{\s*[:.#][^}]*\}")
_TAG_LINE = re.compile(r"^\s*</?div\b[^>]*>\s*$")
_ABBR = re.compile(r"^\*\[[^\]]+\]:")
_SVG = re.compile(r"<svg\b.*?</svg>", re.S)
_LIGHT_IMG = re.compile(
    r'<picture class="bp-figure__light">.*?<img src="([^"]+)" alt="([^"]*)"', re.S
)
SOLUTION_START, SOLUTION_END = "<!-- solution -->", "<!-- /solution -->"
WHEEL_URL = "{{ pinned_wheel_url }}"  # filled in when the notebooks are written, from dist/
_FIGURE = re.compile(r"<figure\b.*?</figure>", re.S)
_CAPTION = re.compile(r"<figcaption>(.*?)</figcaption>", re.S)
_FIGURE_MODULE = re.compile(r"^from (figures(?:\.\w+)*) import", re.M)


# --------------------------------------------------------------------------- the page as blocks


@dataclass
class Block:
    """One piece of a page: prose, or a fenced block with its language and options."""

    kind: str  # "prose", "code" (visible Python), "hidden" (prose printed by code), "figure"
    text: str
    options: dict[str, str] = field(default_factory=dict)
    output: str | None = None  # what the build printed, once paired with its run
    solution: bool = False  # inside an exercise's "Solution" admonition


def fence_options(info: str) -> tuple[str, dict[str, str]]:
    """The language and options of a fence's info string, in either of its two spellings.

    >>> fence_options('python exec="on" html="1"')
    ('python', {'exec': 'on', 'html': '1'})
    >>> fence_options('{.python exec="on" source="block" continuation}')
    ('python', {'exec': 'on', 'source': 'block', 'continuation': ''})
    """
    info = info.strip()
    if info.startswith("{") and info.endswith("}"):
        info = info[1:-1].strip()
    words = [m for m in _ATTR.finditer(info)]
    lang, options = "", {}
    for i, m in enumerate(words):
        if m[1] or m[3]:
            options[m[1] or m[3]] = m[2] if m[1] else m[4]
        elif i == 0:
            lang = m[5].lstrip(".")
        else:
            options[m[5]] = ""
    return lang, options


def expand_snippets(markdown: str, base: Path = SNIPPETS) -> str:
    """Replace pymdownx.snippets' ``--8<-- "file"`` lines by the file, at the line's indent."""

    def include(m: re.Match) -> str:
        text = (base / m["path"]).read_text(encoding="utf-8").rstrip("\n")
        return expand_snippets(textwrap.indent(text, m["indent"], lambda _: True), base)

    return "\n".join(
        include(m) if (m := _SNIPPET.match(line)) else line for line in markdown.split("\n")
    )


def flatten_admonitions(lines: list[str]) -> list[str]:
    """Turn admonitions and tabs into plain paragraphs: the title in bold, the body dedented;
    the body of a ``success`` admonition (an exercise's solution) between two marker lines.

    >>> flatten_admonitions(['??? question "Exercise 1"', "", "    Why?", "after"])
    ['**Exercise 1**', '', 'Why?', 'after']
    >>> flatten_admonitions(['??? success "Solution"', "    Because.", "after"])
    ['**Solution**', '<!-- solution -->', 'Because.', '<!-- /solution -->', 'after']
    """
    out, stack, fence = [], [], None  # stack: (the indent of an open admonition's body, kind)
    for line in lines:
        indent = len(line) - len(line.lstrip(" "))
        if line.strip() and fence is None:
            while stack and indent < stack[-1][0]:
                if stack.pop()[1] == "success":
                    out.append(SOLUTION_END)
        cut = stack[-1][0] if stack else 0
        body = line[cut:] if line[:cut].strip() == "" else line.lstrip(" ")
        if fence is not None:
            if re.fullmatch(rf" *{fence[0]}{{{len(fence)},}}\s*", body):
                fence = None
        elif m := _FENCE.match(body):
            fence = m["ticks"]
        elif a := _ADMONITION.match(line):
            title = a["title"] if a["title"] is not None else a["kind"].capitalize()
            out.append(f"**{title}**" if title else "")
            stack.append((indent + 4, a["kind"]))
            if a["kind"] == "success":
                out.append(SOLUTION_START)
            continue
        out.append(body)
    out += [SOLUTION_END for _, kind in reversed(stack) if kind == "success"]
    return out


def split_blocks(markdown: str) -> list[Block]:
    """Cut a page's Markdown into prose and fenced blocks, in order; an exercise's starter
    (``title="starter"``) is left out, since the student notebook makes it from the solution."""
    lines = flatten_admonitions(expand_snippets(markdown).split("\n"))
    blocks: list[Block] = []
    prose: list[str] = []
    solution = False

    def flush() -> None:
        blocks.append(Block("prose", "\n".join(prose), solution=solution))
        prose.clear()

    i = 0
    while i < len(lines):
        if lines[i] in (SOLUTION_START, SOLUTION_END):
            flush()
            solution = lines[i] == SOLUTION_START
            i += 1
            continue
        m = _FENCE.match(lines[i])
        if not m:
            prose.append(lines[i])
            i += 1
            continue
        ticks, indent = m["ticks"], len(m["indent"])
        end = i + 1
        while end < len(lines) and not re.match(rf"^ *{ticks[0]}{{{len(ticks)},}}\s*$", lines[end]):
            end += 1
        body = textwrap.dedent("\n".join(line[indent:] for line in lines[i + 1 : end]))
        lang, options = fence_options(m["info"])
        kind = _kind(lang, options)
        if kind == "prose":  # another language: stays in the Markdown as it is
            prose.extend(lines[i : end + 1])
        elif options.get("title") != "starter":
            flush()
            blocks.append(Block(kind, body.strip("\n"), options, solution=solution))
        i = end + 1
    flush()
    return [b for b in blocks if b.kind != "prose" or b.text.strip()]


def _kind(lang: str, options: dict[str, str]) -> str:
    if lang not in ("python", "py"):
        return "prose"
    if options.get("exec") not in ("on", "1", "true"):
        return "code"
    if "source" in options:
        return "code"
    return "figure" if options.get("html") in ("1", "on", "true") else "hidden"


def pair_outputs(blocks: list[Block], runs: list[tuple[str, str]]) -> None:
    """Give each executed block the output of its run; ``runs`` is (code, output) as run.

    Blocks are matched to runs by their code (Python-Markdown does not run nested blocks, those
    in admonitions, in page order); a block with no run fails the build.
    """
    pending = list(runs)
    for block in (b for b in blocks if "exec" in b.options):
        i = next(
            (k for k, (code, _) in enumerate(pending) if code.strip() == block.text.strip()), None
        )
        if i is None:
            raise RuntimeError(f"no run of this block was recorded:\n{block.text[:300]}")
        block.output = pending.pop(i)[1]


# --------------------------------------------------------------------------- blocks as cells


def prose_markdown(text: str, link) -> str:
    """Prose as Jupyter reads it: links to pages made absolute, MkDocs-only markup dropped."""
    text = _LINK.sub(lambda m: f"]({link(m['target'], m['anchor'] or '')})", text)
    lines = [
        _ATTR_LIST.sub("", line)
        for line in text.split("\n")
        if not _TAG_LINE.match(line) and not _ABBR.match(line)
    ]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def _svg_for_image(svg: str) -> str:
    """An inline SVG made to stand alone as an image: a fixed width, black ink."""
    svg = re.sub(r'width="100%" style="max-width:(\d+)px"', r'width="\1px"', svg, count=1)
    return svg.replace("currentColor", "#1a1a1a")


def figure_cell(block: Block, number: int, repo_url: str, read_image=None) -> dict:
    """The build's figure as a Markdown cell with its SVG attached, its caption and its code.

    The figure is inline ``<svg>`` in the output, or (as the site shows it) an image file of the
    light palette that ``read_image(src)`` returns the text of.
    """
    out = block.output or ""
    images = [
        (_svg_for_image(svg), re.search(r'aria-label="([^"]*)"', svg)) for svg in _SVG.findall(out)
    ]
    if read_image is not None:
        images += [(read_image(src), alt) for src, alt in _LIGHT_IMG.findall(out)]
    attachments, parts = {}, []
    for k, (svg, label) in enumerate(images):
        if svg is None:
            raise RuntimeError(f"figure {number} of the page: its image file was not written")
        name = f"figure-{number}-{k + 1}.svg"
        alt = label if isinstance(label, str) else label[1] if label else "figure"
        alt = html.unescape(alt)
        attachments[name] = {"image/svg+xml": base64.b64encode(svg.encode()).decode()}
        parts.append(f"![{alt.replace(']', ')')}](attachment:{name})")
    if caption := _CAPTION.search(out):
        parts.append("*" + html.unescape(re.sub(r"<[^>]+>", "", caption[1])).strip() + "*")
    modules = sorted(set(_FIGURE_MODULE.findall(block.text)))
    if modules and repo_url:
        links = ", ".join(
            f"[`{m}`]({repo_url}/blob/main/docs_src/{m.replace('.', '/')}.py)" for m in modules
        )
        parts.append(f"(Drawn by {links} in the book's repository.)")
    cell = {"cell_type": "markdown", "metadata": {}, "source": "\n\n".join(parts)}
    if attachments:
        cell["attachments"] = attachments
    return cell


def code_cell(block: Block) -> dict:
    outputs = []
    if block.output:
        if block.options.get("html") in ("1", "on", "true"):
            outputs.append(
                {"output_type": "display_data", "metadata": {}, "data": {"text/html": block.output}}
            )
        else:
            outputs.append({"output_type": "stream", "name": "stdout", "text": block.output})
    return {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {},
        "outputs": outputs,
        "source": block.text,
    }


def _nbgrader(grade_id: str, solution: bool = False, points: int = 0) -> dict:
    """nbgrader's cell metadata (schema 3): an answer (``solution``), or a check worth
    ``points`` (locked), or, both set, an answer graded by hand."""
    meta = {
        "grade": points > 0,
        "grade_id": grade_id,
        "locked": points > 0 and not solution,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    return {"nbgrader": {**meta, "points": points} if points else meta}


def exercise_cells(block: Block, part: str) -> list[dict]:
    """A solution's code as nbgrader cells: the answer, then its check (the ``check_...``
    lines, graded and locked), then the rest as a plain cell. A block without a solution
    region is an answer as a whole, which nbgrader replaces whole in the student notebook.

    >>> from book.notebooks import Block, exercise_cells
    >>> code = "def f(x):\\n    ### BEGIN SOLUTION\\n    return x\\n    ### END SOLUTION\\n\\n"
    >>> cells = exercise_cells(Block("code", code + "check_f(f)\\n\\nprint(f(2))"), "ex3-1")
    >>> [c["metadata"].get("nbgrader", {}).get("grade_id") for c in cells]
    ['ex3-1-answer', 'ex3-1-check', None]
    """
    lines = block.text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.startswith("check_")), None)
    if "BEGIN SOLUTION" not in block.text or first is None:
        return [{**code_cell(block), "metadata": _nbgrader(f"{part}-answer", solution=True)}]
    last = next((i for i in range(first, len(lines)) if not lines[i].strip()), len(lines))
    parts = [
        ("\n".join(lines[:first]), _nbgrader(f"{part}-answer", solution=True)),
        ("\n".join(lines[first:last]), _nbgrader(f"{part}-check", points=1)),
        ("\n".join(lines[last:]), {}),
    ]
    return [
        {**code_cell(Block("code", text.strip("\n"))), "metadata": meta}
        for text, meta in parts
        if text.strip()
    ]


def hidden_markdown(block: Block) -> str:
    out = (block.output or "").strip("\n")
    if out and block.options.get("result"):
        return f"```{block.options['result']}\n{out}\n```"
    return out


def install_cell(wheel_url: str, extra: str = "", modules: tuple[str, ...] = ("backprop",)) -> str:
    """The source of a notebook's first code cell: install the package where it is missing.

    ``extra`` names an optional dependency set of the package (the digits lab needs ``labs``,
    scikit-learn), and ``modules`` the imports whose absence triggers the install.

    >>> from book.notebooks import install_cell
    >>> cell = install_cell("https://x/b.whl", extra="labs", modules=("backprop", "sklearn"))
    >>> '"backprop-from-scratch[labs] @ https://x/b.whl"' in cell
    True
    >>> 'find_spec("sklearn") is None' in cell
    True
    """
    missing = " or ".join(f'importlib.util.find_spec("{m}") is None' for m in modules)
    target = f"backprop-from-scratch[{extra}] @ {wheel_url}" if extra else wheel_url
    return f"""\
# Run this cell first. Where the book's package is missing (Colab, a fresh Jupyter) it installs
# the version this notebook was made with; where it is installed already it does nothing.
import importlib.util
import subprocess
import sys

if {missing}:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", "{target}"])
"""


INSTALL_CELL = install_cell(WHEEL_URL)


def notebook(blocks: list[Block], intro: str, link, repo_url: str, read_image=None) -> dict:
    """The notebook (nbformat 4.5 as a dict) of a page's blocks; ``intro`` follows the title,
    then the cell that installs the package where it is missing."""
    cells: list[dict] = []
    pending: list[str] = []

    def flush():
        text = "\n\n".join(p for p in pending if p.strip())
        if text:
            cells.append({"cell_type": "markdown", "metadata": {}, "source": text})
        pending.clear()

    figures = exercises = parts = 0
    for i, b in enumerate(blocks):
        if b.solution and b.kind in ("prose", "code"):
            flush()
            if not (i and blocks[i - 1].solution):  # one solution, one exercise
                exercises, parts = exercises + 1, 0
            part, parts = f"ex{exercises}-{parts}", parts + 1
            if b.kind == "code":
                cells.extend(exercise_cells(b, part))
            else:  # a written answer, graded by hand
                text = prose_markdown(b.text, link).strip("\n")
                meta = _nbgrader(f"{part}-written", solution=True, points=1)
                cells.append({"cell_type": "markdown", "metadata": meta, "source": text})
        elif b.kind == "prose":
            pending.append(prose_markdown(b.text, link))
        elif b.kind == "hidden":  # prose printed by code, perhaps with a figure inside
            text = hidden_markdown(b)
            pending.append(prose_markdown(_FIGURE.sub("", text), link))
            for shown in _FIGURE.findall(text):
                flush()
                figures += 1
                cells.append(
                    figure_cell(
                        Block("figure", b.text, output=shown), figures, repo_url, read_image
                    )
                )
        elif b.kind == "figure":
            flush()
            figures += 1
            cells.append(figure_cell(b, figures, repo_url, read_image))
        else:
            flush()
            cells.append(code_cell(b))
    flush()
    first = cells[0]["source"] if cells and cells[0]["cell_type"] == "markdown" else ""
    title, _, rest = first.partition("\n")
    if title.startswith("# "):
        cells[0]["source"] = f"{title}\n\n{intro}\n{rest}"
    else:
        cells.insert(0, {"cell_type": "markdown", "metadata": {}, "source": intro})
    install = {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": []}
    cells.insert(1, {**install, "source": INSTALL_CELL})
    for i, cell in enumerate(cells):
        cell["id"] = f"cell-{i}"
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def script(nb: dict, page_url: str) -> str:
    """The notebook as a jupytext percent script; figures become a link to the page."""
    import jupytext
    import nbformat

    cells = []
    for cell in nb["cells"]:
        cell = {k: v for k, v in cell.items() if k != "attachments"}
        if cell["cell_type"] == "markdown":
            cell["source"] = re.sub(
                r"!\[([^\]]*)\]\(attachment:[^)]+\)", rf"[Figure: \1]({page_url})", cell["source"]
            )
        cells.append(cell)
    return jupytext.writes(nbformat.from_dict({**nb, "cells": cells}), fmt="py:percent")


# --------------------------------------------------------------------------- the MkDocs events

_state: dict = {"blocks": {}, "made": {}}


def chapter_pages(nav) -> list:
    """The pages of the nav section ``SECTION``, in order."""
    for item in nav.items:
        if item.is_section and item.title == SECTION:
            return [p for p in item.children if p.is_page]
    raise RuntimeError(f"mkdocs.yml has no nav section {SECTION!r}")


def slug(page) -> str:
    return Path(page.file.src_uri).with_suffix("").as_posix().replace("/", "-")


def on_config(config):
    _state["made"] = {}
    return config


def on_files(files, config):
    """Register the files to come, so that links to them pass the strict build."""
    from mkdocs.structure.files import File

    site = Path(config["site_dir"]) / FOLDER
    for src in Path(config["docs_dir"]).glob("*.md"):
        for name in (f"{src.stem}.ipynb", f"{src.stem}-student.ipynb", f"{src.stem}.py"):
            kept = site / name
            # a dirty build writes the placeholder over the last build's file: write it back
            content = kept.read_bytes() if _state.get("dirty") and kept.is_file() else ""
            files.append(File.generated(config, f"{FOLDER}/{name}", content=content))
    return files


def on_page_markdown(markdown, page, config, files):
    if page not in chapter_pages(_state["nav"]):
        return markdown
    name = slug(page)
    _state["blocks"][page.file.src_uri] = split_blocks(markdown)
    from book.colab import colab_url

    student = f"{name}-student.ipynb"
    downloads = (
        f'[Download this chapter as a notebook]({FOLDER}/{name}.ipynb){{ download="{name}.ipynb" }}'
        f' · [with the exercises left to you]({FOLDER}/{student}){{ download="{student}" }}'
        f' · [as a script (.py)]({FOLDER}/{name}.py){{ download="{name}.py" }}'
        f" · [open it in Colab]({colab_url(config['repo_url'], f'{name}.ipynb')})"
        f" ([the exercises]({colab_url(config['repo_url'], student)}))"
        " · [how to run it](run.md)\n{ .bp-downloads }"
    )
    title, _, rest = markdown.partition("\n")
    if not title.startswith("# "):
        return f"{downloads}\n\n{markdown}"
    return f"{title}\n\n{downloads}\n{rest}"


def on_nav(nav, config, files):
    _state["nav"] = nav
    return nav


def on_page_content(html_text, page, config, files):
    blocks = _state["blocks"].pop(page.file.src_uri, None)
    if blocks is None:
        return html_text
    pair_outputs(blocks, page.book_runs)
    site_url = config["site_url"] or "/"

    def link(target: str, anchor: str) -> str:
        f = files.get_file_from_path(
            (Path(page.file.src_uri).parent / target).as_posix().lstrip("./")
        )
        return (site_url + f.url.removeprefix("./") if f else target) + anchor

    page_url = site_url + page.url
    intro = (
        f"*This notebook is the chapter [{page.title}]({page_url}) of Backprop from Scratch, "
        f"made from the page when the site was built. It needs the package `backprop` "
        f"([how to install it]({site_url}run/)).*"
    )
    site_dir = Path(config["site_dir"])

    def read_image(src: str) -> str | None:
        path = site_dir / page.url / src  # src is relative to the page's folder
        return path.resolve().read_text(encoding="utf-8") if path.resolve().is_file() else None

    nb = notebook(blocks, intro, link, (config["repo_url"] or "").rstrip("/"), read_image)
    from assignments import absolute_links

    for cell in nb["cells"]:  # what is left relative (a same-page #anchor) goes to the site
        if cell["cell_type"] == "markdown":
            cell["source"] = absolute_links(cell["source"], page_url)
    _state["made"][slug(page)] = (nb, script(nb, page_url))
    return html_text


def pinned_wheel_url(site_dir: Path, site_url: str) -> str:
    """The hosted URL of the wheel in ``site_dir/dist``, pinned to its digest."""
    (wheel,) = (site_dir / "dist").glob("*.whl")
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    return f"{site_url}dist/{wheel.name}#sha256={digest}"


def on_startup(command: str, dirty: bool) -> None:
    # `--dirty` rebuilds only the pages that changed: the others keep their notebooks
    _state["dirty"] = dirty


def on_post_build(config):
    """Write the notebooks into the site; a chapter without its notebook fails the build, unless
    the build is dirty (``--dirty``) and the notebook of its last full build is still there."""
    folder = Path(config["site_dir"]) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    pinned = pinned_wheel_url(Path(config["site_dir"]), config["site_url"] or "/")
    import nbformat
    from assignments import student_notebook

    for name, (nb, py) in _state["made"].items():
        text = json.dumps(nb, indent=1).replace(WHEEL_URL, pinned)
        (folder / f"{name}.ipynb").write_text(text + "\n", encoding="utf-8")
        student = student_notebook(nbformat.from_dict(json.loads(text)))
        nbformat.write(student, folder / f"{name}-student.ipynb")
        (folder / f"{name}.py").write_text(py.replace(WHEEL_URL, pinned), encoding="utf-8")
    missing = [slug(p) for p in chapter_pages(_state["nav"]) if slug(p) not in _state["made"]]
    if _state.get("dirty"):
        missing = [name for name in missing if (folder / f"{name}.ipynb").stat().st_size == 0]
    if missing:
        raise RuntimeError(f"no notebook was made for the chapters {missing}")
    for path in folder.iterdir():  # the placeholders of pages that are not chapters go
        if path.stat().st_size == 0:
            path.unlink()
