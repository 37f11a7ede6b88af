"""What a reader copies: the copy button gives pasteable code, and every Python block runs.

The blocks come from the built HTML, as a reader's copy button gives them (the code element's
text). Sources shown by markdown-exec are ordinary Python blocks; their output sits apart in a
``div.result`` and is left out. A block fenced with ``title="fragment"`` is counted, not run;
one fenced with ``title="starter"`` (an exercise's starter) must fail its check, saying the
answer is not written yet.
Console (``pycon``) blocks, the API reference's examples, copy as their sources without prompts,
and run as doctests in the fresh interpreter: what they show is checked (outputs, and the
traceback of an error demonstration), with only the names the block itself imports, and an
expected exception may come only in a block's last example, where a reader's paste stops.
"""

from __future__ import annotations

import ast
import doctest
import sys

import pytest
import sitecheck

pytestmark = pytest.mark.browser

ALLOWED_IMPORTS = {"backprop", "numpy", "matplotlib"} | set(sys.stdlib_module_names)


@pytest.fixture(scope="session")
def block_results(site_dir, request, summary):
    futures = getattr(request.config, "_bp_block_futures", None) or sitecheck.start_blocks(site_dir)
    blocks = sitecheck.python_blocks(site_dir)
    runnable = [b for b in blocks if not b.fragment]
    results = {name: f.result() for name, f in futures.items()}
    starters = {b.name for b in runnable if b.starter}
    failed = sum(1 for name, (code, _) in results.items() if code != 0 and name not in starters)
    passed = len(runnable) - len(starters) - failed
    summary["python blocks run as copied"] = f"{passed} passed, {failed} failed"
    summary["of which exercise starters (each must fail its check)"] = len(starters)
    summary["python blocks (runnable / fragment)"] = (
        f"{len(runnable)} / {len(blocks) - len(runnable)}"
    )
    pycon = sum(1 for b in blocks if b.lang == "pycon")
    summary["of which pycon (the reference's examples, run as doctests)"] = pycon
    return results


def test_code_blocks_carry_their_language(site_dir):
    """Without language classes the tests cannot tell a Python block from a shell one."""
    blocks = [
        b for p in sitecheck.discover_pages(site_dir) for b in sitecheck.code_blocks(site_dir, p)
    ]
    unlabelled = [b.name for b in blocks if not b.lang]
    assert not unlabelled, (
        "code blocks without a language-* class (set `pygments_lang_class: true` under "
        f"pymdownx.highlight in mkdocs.yml): {unlabelled[:10]}"
    )


def test_python_block_runs_as_copied(block, block_results):
    if block is None:
        pytest.skip("no runnable Python block in the site")
    imported = set()
    for node in ast.walk(ast.parse(block.copied)):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            imported.add(node.module.split(".")[0])
    extra = sorted(imported - ALLOWED_IMPORTS)
    assert not extra, f"{block.name} imports {extra}: the reader has only backprop installed"
    code, stderr = block_results[block.name]
    lines = block.copied.splitlines()
    if block.starter:  # an exercise's starter: its check says the answer is not written yet
        assert code != 0 and sitecheck.starter_failed_as_it_should(stderr), (
            f"{block.name}: a starter should fail its check with 'not written yet', got exit "
            f"{code}\n--- block ---\n{block.copied}\n--- stderr ---\n{stderr}"
        )
        return
    head = "\n".join(lines[:6])
    last = stderr.strip().splitlines()[-1] if stderr.strip() else ""
    assert code == 0, (
        f"{block.name} ({block.lang}, first line {lines[0] if lines else ''!r}): exit {code}, "
        f"{last}\n--- block ---\n{head}\n--- stderr ---\n{stderr}"
    )


def _blank_lines_inside(source: str) -> set[str]:
    """The top-level statements of ``source`` with a blank line inside, by kind: "a class", "a
    loop with a function in it", or another kind (which the Run page does not name)."""
    lines = source.splitlines()
    found = set()
    for stmt in ast.parse(source).body:
        if all(line.strip() for line in lines[stmt.lineno : stmt.end_lineno - 1]):
            continue
        if isinstance(stmt, ast.ClassDef):
            found.add("a class")
        elif isinstance(stmt, ast.For | ast.While) and any(
            isinstance(node, ast.FunctionDef) for node in ast.walk(stmt)
        ):
            found.add("a loop with a function in it")
        else:
            found.add(f"a {type(stmt).__name__}")
    return found


def test_python_blocks_paste_into_the_classic_prompt(site_dir, summary):
    """Python 3.10 to 3.12's >>> prompt reads a paste line by line: a blank line follows each
    top-level for, if or with block. The Run page says so, and which blocks fail there and how:
    those where the formatter put a blank line inside a class, or inside a loop around a
    function defined in it, stop with "IndentationError: unexpected indent"; no other fails."""
    checked, failing, refused = 0, [], 0
    said = {"a class", "a loop with a function in it"}
    for block in sitecheck.python_blocks(site_dir):
        if block.fragment or block.console:
            continue
        errors = sitecheck.paste_errors(block.copied)
        if not sitecheck.spaced_by_the_formatter(block.copied):
            checked += 1
            failing += [f"{block.name}: {errors[0]}"] if errors else []
            continue
        inside = _blank_lines_inside(block.copied)
        assert inside <= said, f"{block.name}: blank lines in {inside - said}, not named on Run"
        assert bool(errors) == bool(inside), (block.name, inside, errors)
        assert all(e.endswith("IndentationError: unexpected indent") for e in errors[:1]), (
            f"{block.name}: {errors[0]}, not the error the Run page names"
        )
        refused += bool(errors)
    assert checked > 100
    assert not failing, "\n".join(failing)
    summary["python blocks the classic >>> prompt refuses (as the Run page says)"] = refused


# --------------------------------------------------------------------------- the copy button

_BLOCKS_JS = r"""
() => Array.from(document.querySelectorAll("div.highlight"))
  .filter((d) => !d.classList.contains("doc-signature") && !d.closest(".result, .jp-Cell"))
  .map((d, i) => ({
    index: i,
    lang: (Array.from(d.classList).find((c) => c.startsWith("language-")) || "").slice(9),
    hasButton: !!d.querySelector("button.md-code__button[data-md-type=copy]"),
  }))
"""

_COPY_JS = r"""
async (indices) => {
  const blocks = Array.from(document.querySelectorAll("div.highlight"))
    .filter((d) => !d.classList.contains("doc-signature") && !d.closest(".result, .jp-Cell"));
  const out = [];
  for (const i of indices) {
    // A reader opens a collapsed solution before copying from it.
    for (let d = blocks[i].closest("details"); d; d = d.parentElement.closest("details")) {
      d.open = true;
    }
    blocks[i].scrollIntoView();
    await navigator.clipboard.writeText("<nothing copied>");
    blocks[i].querySelector("button.md-code__button[data-md-type=copy]").click();
    out.push(await navigator.clipboard.readText());
  }
  return out;
}
"""


def _expected_from_console(code: str) -> str:
    """What a pycon block should paste as: the example sources, no prompts, no output."""
    examples = doctest.DocTestParser().get_examples(code)
    return "".join(ex.source for ex in examples).rstrip()


def test_copy_button_gives_pasteable_code(context, base_url, site_dir, summary):
    pages = {
        p: blocks
        for p in sitecheck.discover_pages(site_dir)
        if (blocks := sitecheck.code_blocks(site_dir, p))
        and any(b.lang in ("python", "pycon") for b in blocks)
    }
    if not pages:
        pytest.skip("no Python or pycon block in the site")
    problems, copied = [], 0

    def start(page_path):
        """Open a tab and start loading ``page_path`` (the next page loads while one is read)."""
        page = context.new_page()
        # Typesetting is not what this test looks at; skipping MathJax halves the page's load.
        page.route("**/assets/mathjax/**", lambda route: route.abort())
        page.goto(base_url + page_path, wait_until="commit")
        return page

    order = list(pages)
    loading = {order[0]: start(order[0])}
    for n, (page_path, blocks) in enumerate(pages.items()):
        page = loading.pop(page_path)
        if n + 1 < len(order):
            loading[order[n + 1]] = start(order[n + 1])
        try:
            page.bring_to_front()  # the clipboard answers the focused tab only
            page.wait_for_load_state("domcontentloaded")
            page.wait_for_selector("button.md-code__button[data-md-type=copy]", state="attached")
            dom = page.evaluate(_BLOCKS_JS)
            if len(dom) != len(blocks):
                problems.append(f"{page_path}: {len(dom)} blocks in the DOM, {len(blocks)} in HTML")
                continue
            wanted = []
            for b, d in zip(blocks, dom, strict=True):
                if b.lang not in ("python", "pycon"):
                    continue
                if d["hasButton"]:
                    wanted.append((b, d["index"]))
                else:
                    problems.append(f"{b.name}: no copy button")
            clips = page.evaluate(_COPY_JS, [i for _, i in wanted])
            for (b, _), got in zip(wanted, clips, strict=True):
                got = got.rstrip()
                copied += 1
                want = _expected_from_console(b.code) if b.lang == "pycon" else b.code
                if got != want:
                    problems.append(f"{b.name} ({b.lang}) copies:\n{got}\n--- expected:\n{want}")
                elif any(line.startswith((">>>", "...")) for line in got.splitlines()):
                    problems.append(f"{b.name}: copied text keeps prompts:\n{got}")
                else:
                    try:
                        compile(got, b.name, "exec")
                    except SyntaxError as exc:
                        problems.append(f"{b.name}: copied text is not Python: {exc}")
        finally:
            page.close()
    for page in loading.values():
        page.close()
    summary["copy buttons clicked and read back"] = copied
    assert not problems, "\n\n".join(problems)
