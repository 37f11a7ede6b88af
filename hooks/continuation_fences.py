"""Keep pytest-markdown-docs' ``continuation`` word out of the code blocks a page shows.

A visible block that continues the one before it is written
```` ```python exec="on" source="above" session="s" continuation ````: markdown-exec runs it in the
session, pytest-markdown-docs runs it after the blocks before it. markdown-exec copies options it
does not know onto the fence of the source it shows (``continuation="continuation"``), which
superfences does not accept, so the reader saw raw backticks and code instead of a code block.
This hook drops that one option before markdown-exec renders the source.
"""

from __future__ import annotations

from markdown_exec._internal import rendering

_code_block = rendering.code_block


def _code_block_without_continuation(language: str, code: str, **options: str) -> str:
    options.pop("continuation", None)
    return _code_block(language, code, **options)


def on_startup(command: str, dirty: bool) -> None:
    rendering.code_block = _code_block_without_continuation
