"""Every symbol a chapter writes has a row on the notation page.

Read from the built chapters (so math printed by a page's own code counts too): each formula
MathJax typesets (arithmatex's ``\\(...\\)`` and ``\\[...\\]``) is split into symbols, a Latin
letter or a Greek one, with its accent (``\\hat``, ``\\bar``, ``\\dot``, ...) or its blackboard or
calligraphic face. A symbol has a row when it appears in the first column of a table on
docs/notation.md. Subscripts are read as indices of the letter they hang on ($W_1$, $W_l$ and
$W$ are one symbol), words in ``\\text`` or ``\\operatorname`` are not symbols, and a ``d`` right
before a letter is the d of a derivative ($dW$, $dx$).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser  # needs the built site (it runs with the browser tests)

ROOT = Path(__file__).resolve().parents[2]
GREEK = (
    "alpha beta gamma delta epsilon varepsilon zeta eta theta iota kappa lambda mu nu xi pi rho "
    "sigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Phi Psi "
    "Omega ell nabla partial odot"
).split()
ACCENTS = "hat bar dot tilde vec mathbf boldsymbol mathbb mathcal"


def chapters() -> list[str]:
    """The pages under the nav's "Chapters" heading in mkdocs.yml, in order."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    block = re.search(r"^  - Chapters:\n((?:      - .*\n)+)", text, re.M)
    assert block, "mkdocs.yml has no Chapters section"
    return [Path(p).stem for p in re.findall(r":\s*(\S+\.md)\s*$", block.group(1), re.M)]


def symbols(tex: str) -> set[str]:
    """The symbols of one TeX formula, each as a letter with its accent: ``x``, ``\\dot{x}``."""
    tex = re.sub(r"\\(?:text|textrm|mathrm|mathit|operatorname|mbox|tag)\s*\{[^{}]*\}", " ", tex)
    tex = re.sub(r"\\(?:begin|end)\{[^{}]*\}", " ", tex)
    accents = "|".join(ACCENTS.split())
    derivative = rf"(?<![A-Za-z\\])d(?=[A-Za-z]|\\(?:{'|'.join(GREEK)}|{accents})(?![a-zA-Z]))"
    tex = re.sub(rf"\\frac\s*\{{\s*d\s*\}}|{derivative}", " ", tex)  # the d of dW, d/dx
    found = set()

    def accent(match: re.Match) -> str:
        found.add(f"\\{match.group(1)}{{{match.group(2)}}}")
        return " "

    tex = re.sub(rf"\\({accents})(?![a-zA-Z])\s*\{{?\s*(\\[a-zA-Z]+|[A-Za-z])\s*\}}?", accent, tex)
    tex = re.sub(r"_\{[^{}]*\}|_\\?[A-Za-z0-9]+", " ", tex)  # subscripts: indices
    for match in re.finditer(r"\\([a-zA-Z]+)|([A-Za-z])", tex):
        if match.group(1) in GREEK:
            found.add("\\" + match.group(1))
        elif match.group(2):
            found.add(match.group(2))
    return found


def formulas(page_html: str) -> list[str]:
    """Every formula typeset in a built page's article."""
    article = page_html.split('<article class="md-content__inner', 1)[-1]
    found = re.findall(r'class="arithmatex">\\[(\[](.*?)\\[)\]]<', article, re.S)
    return [html.unescape(tex) for tex in found]


def notation_rows(markdown: str) -> set[str]:
    """The symbols in the first column of the notation page's tables."""
    rows = set()
    for line in markdown.splitlines():
        if line.startswith("| ") and not line.startswith("|---"):
            for tex in re.findall(r"\$(.+?)\$", line.split("|")[1]):
                rows |= symbols(tex)
    return rows


def test_every_symbol_a_chapter_writes_has_a_notation_row(site_dir):
    rows = notation_rows((ROOT / "docs" / "notation.md").read_text(encoding="utf-8"))
    missing: dict[str, set[str]] = {}
    for chapter in chapters():
        page = (site_dir / chapter / "index.html").read_text(encoding="utf-8")
        for tex in formulas(page):
            for symbol in symbols(tex) - rows:
                missing.setdefault(symbol, set()).add(chapter)
    assert missing == {}, "symbols a chapter writes with no row on the notation page"


def test_the_symbol_reader_keeps_letters_accents_and_greek():
    assert symbols(r"\delta_{l-1} = (\delta_l W_l^\top) \odot \sigma'(Z_{l-1})") == {
        r"\delta",
        "W",
        r"\odot",
        r"\sigma",
        "Z",
    }
    assert symbols(r"\dot h = \dot x\, W, \quad \hat{m} = m / (1 - \beta_1^t)") == {
        r"\dot{h}",
        r"\dot{x}",
        "W",
        r"\hat{m}",
        "m",
        r"\beta",
        "t",
    }
    assert symbols(r"dW = X^\top dY, \ \frac{d}{dx} x^n, \ d\hat x") == {
        "W",
        "X",
        "Y",
        "x",
        "n",
        r"\hat{x}",
    }
    assert symbols(r"d = z - t, \ \sigma(d), \ d \times 2") == {"d", "z", "t", r"\sigma"}
    assert symbols(r"n_\text{in} \operatorname{Var}(w) \mathbb{E}[a^2], \ x, \dots") == {
        "n",
        "w",
        r"\mathbb{E}",
        "a",
        "x",
    }


def test_the_reader_finds_formulas_in_a_page_and_rows_in_the_first_column():
    page = '<article class="md-content__inner"><span class="arithmatex">\\(x &lt; y\\)</span>'
    assert formulas(page) == ["x < y"]
    assert notation_rows("| $J$ | a Jacobian, $\\partial h$ | (m, n) |\n|---|---|\n") == {"J"}
    assert {"derivatives", "network-by-hand", "modes", "beyond"} <= set(chapters())
