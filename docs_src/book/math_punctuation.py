r"""Keep inline math and the punctuation right after it on one line.

A browser may break a line between an inline-block (MathJax's typeset formula) and the comma or
full stop that follows it, which leaves a line starting with ", to the right". Each inline
formula followed by punctuation is wrapped, with that punctuation, in
``<span class="bp-nowrap">`` (``white-space: nowrap`` in extra.css).

>>> print(wrap_math_punctuation(r'at <span class="arithmatex">\(x = 0\)</span>, then'))
at <span class="bp-nowrap"><span class="arithmatex">\(x = 0\)</span>,</span> then
>>> print(wrap_math_punctuation(r'<span class="arithmatex">\(x\)</span> and'))  # no punctuation
<span class="arithmatex">\(x\)</span> and
"""

from __future__ import annotations

import re

_INLINE_MATH_THEN_PUNCTUATION = re.compile(r'(<span class="arithmatex">[^<]*</span>[,.;:!?)\]]+)')


def wrap_math_punctuation(html: str) -> str:
    return _INLINE_MATH_THEN_PUNCTUATION.sub(r'<span class="bp-nowrap">\1</span>', html)


def on_page_content(html: str, page, config, files) -> str:
    return wrap_math_punctuation(html)
