"""The checker's JavaScript, kept as ``.js`` files beside the modules (package data)."""

from __future__ import annotations

import functools
from importlib import resources


@functools.cache
def script(name: str) -> str:
    """The text of ``js/<name>.js``: a function expression for ``page.evaluate`` or
    ``page.wait_for_function``, or a plain script for ``page.add_init_script``.

    Examples
    --------
    >>> from sitecheck._js import script
    >>> script("duplicate_ids").rstrip().endswith("}")
    True
    """
    path = resources.files("sitecheck").joinpath("js", f"{name}.js")
    if not path.is_file():
        raise ValueError(f"name must be one of the files in sitecheck/js/, got {name!r}")
    return path.read_text(encoding="utf-8")
