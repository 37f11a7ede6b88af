"""Markup that reached a page's visible prose unrendered: raw TeX, raw reStructuredText.

Both read the text a reader sees (the browser's ``innerText`` of the article, with code, ``pre``
and typeset math hidden first), so a formula shown in a code block is not flagged.
"""

from __future__ import annotations

import re

# Leftover TeX in visible prose.
RAW_TEX = [
    ("$$", re.compile(r"\$\$")),
    ("\\(", re.compile(r"\\\(")),
    ("\\[", re.compile(r"\\\[")),
    ("\\frac", re.compile(r"\\frac")),
    ("\\begin", re.compile(r"\\begin\b")),
    # $...$ holding something TeX-like (a backslash, ^, _ or {), so "$5 or $10" is not flagged.
    ("$...$", re.compile(r"\$[^$\n]{0,120}?[\\^_{][^$\n]{0,120}?\$")),
    ("$", re.compile(r"\$")),  # the book's prose has no dollar amounts: any $ is a delimiter
]

# Raw reStructuredText (from a docstring): table rules, literal-block markers, Sphinx roles and
# directives.
RAW_RST = [
    ("==== table rule", re.compile(r"={4,}")),
    (":: literal block", re.compile(r"::[ \t]*$", re.M)),
    ("Sphinx role", re.compile(r":(?:func|class|meth|mod|attr|obj|exc|data|ref|doc|math|term):")),
    ("directive", re.compile(r"^\.\. [\w-]+::", re.M)),
]


def raw_tex(text: str) -> list[str]:
    """One problem per kind of TeX delimiter or command left in ``text``, with its context.

    Examples
    --------
    >>> from sitecheck.text import raw_tex
    >>> raw_tex("The slope is 2, as computed.")
    []
    >>> [p.split(" in ")[0] for p in raw_tex(r"so \\(x^2\\) grows")]
    ['raw \\\\(']
    """
    return [f"raw {name} in visible text: {where}" for name, where in _finds(text, RAW_TEX, 30, 30)]


def raw_rst(text: str) -> list[str]:
    """One problem per kind of reStructuredText markup left in ``text``, with its context.

    Examples
    --------
    >>> from sitecheck.text import raw_rst
    >>> raw_rst("See fit for details.")
    []
    >>> raw_rst("See :func:`fit`.")[0].split(":")[0]
    'raw reStructuredText (Sphinx role)'
    """
    return [
        f"raw reStructuredText ({name}): {where}" for name, where in _finds(text, RAW_RST, 40, 20)
    ]


def _finds(text: str, patterns, before: int, after: int) -> list[tuple[str, str]]:
    """(name, ``...context...``) for the first match of each named pattern in ``text``."""
    found = []
    for name, rx in patterns:
        m = rx.search(text)
        if m:
            a, b = max(0, m.start() - before), min(len(text), m.end() + after)
            found.append((name, f"...{' '.join(text[a:b].split())}..."))
    return found
