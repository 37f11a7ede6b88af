"""Code blocks read from a built page's HTML, and run as a reader runs them."""

from __future__ import annotations

import pytest
from sitecheck.blocks import CodeBlock, code_blocks, python_blocks, run_block
from sitecheck.console import early_exceptions, run_console


def _highlight(lang: str, code: str, title: str = "") -> str:
    head = f'<span class="filename">{title}</span>' if title else ""
    return (
        f'<div class="language-{lang} highlight">{head}<pre><span></span>'
        f"<code>{code}</code></pre></div>"
    )


PAGE = (
    "<article>"
    + _highlight("python", '<span class="kn">import</span> math\nprint(math.pi)\n')
    + _highlight("pycon", '<span class="gp">&gt;&gt;&gt; </span>1 + 1\n2\n')
    + _highlight("python", "x.append(1)\n", title="Fragment")
    + '<div class="result">' + _highlight("text", "output") + "</div>"
    + '<div class="doc-signature highlight"><pre><code>fit(model)</code></pre></div>'
    + '<div class="jp-Cell">' + _highlight("python", "cell = 1") + "</div>"
    + _highlight("bash", "pip install backprop\n")
    + "</article>"
)  # fmt: skip


@pytest.fixture
def site(tmp_path):
    (tmp_path / "index.html").write_text("<p>home</p>")
    (tmp_path / "ch").mkdir()
    (tmp_path / "ch" / "index.html").write_text(PAGE)
    return tmp_path


def test_code_blocks_are_what_the_copy_button_gives(site):
    blocks = code_blocks(site, "ch/")
    assert [(b.index, b.lang, b.fragment) for b in blocks] == [
        (0, "python", False),
        (1, "pycon", False),
        (2, "python", True),
        (3, "bash", False),
    ]
    assert blocks[0].code == "import math\nprint(math.pi)"
    assert blocks[0].name == "ch/#0"


def test_python_blocks_are_python_and_console_blocks_of_every_page(site):
    assert [b.name for b in python_blocks(site)] == ["ch/#0", "ch/#1", "ch/#2"]


def test_a_console_block_copies_its_sources_without_prompts_or_output():
    block = CodeBlock(
        "p/", 0, "pycon", ">>> x = 1\n>>> for i in range(2):\n...     x += i\n>>> x\n2", False
    )
    assert block.console
    assert block.copied == "x = 1\nfor i in range(2):\n    x += i\nx"


def test_a_python_block_copies_as_it_is():
    block = CodeBlock("p/", 0, "python", ">>> not a prompt here", False)
    assert not block.console and block.copied == ">>> not a prompt here"
    assert block.early_exceptions() == []


def test_run_block_runs_a_python_block_alone_in_an_empty_folder():
    ok = CodeBlock("p/", 0, "python", "import os\nassert os.listdir('.') == ['block.py']", False)
    assert run_block(ok) == (0, "")
    code, stderr = run_block(CodeBlock("p/", 1, "python", "print(undefined_name)", False))
    assert code == 1 and "NameError: name 'undefined_name'" in stderr


def test_run_block_checks_what_a_console_block_shows():
    code, stderr = run_block(CodeBlock("p/", 0, "pycon", ">>> 6 * 7\n41", False))
    assert code == 1
    assert "Expected:\n    41\nGot:\n    42" in stderr and "1 of 1 examples failed" in stderr


DEMO = '>>> int("x")\nTraceback (most recent call last):\n...\nValueError: bad'


def test_an_error_demonstration_passes_only_as_the_last_example():
    last = CodeBlock(
        "p/",
        0,
        "pycon",
        ">>> 1\n1\n" + DEMO.replace("bad", "invalid literal for int() with base 10: 'x'"),
        False,
    )
    assert last.early_exceptions() == []
    assert run_block(last)[0] == 0
    early = DEMO + "\n>>> 1\n1"
    assert len(early_exceptions(early)) == 1
    code, stderr = run_block(CodeBlock("p/", 0, "pycon", early, False))
    assert code != 0 and "but is not the block's last" in stderr


def test_run_console_sees_no_names_but_its_own():
    failures, tries, report = run_console(">>> CodeBlock\n", "alone")
    assert (failures, tries) == (1, 1) and "NameError" in report


def test_run_console_elides_with_ellipsis_and_normalises_whitespace():
    assert run_console(">>> list(range(30))\n[0, 1, ..., 29]\n", "e")[0] == 0
    assert run_console(">>> print('a  b')\na b\n", "w")[0] == 0
