"""Trim the stylesheet mkdocs-jupyter inlines into every notebook page to the rules it uses.

mkdocs-jupyter writes JupyterLab's whole stylesheet (about 590 kB: every widget, dialog and
toolbar of the JupyterLab app) into each lab page, which made a lab the heaviest page of the
site. A notebook rendered as HTML uses a few dozen of its classes. This hook keeps a style rule
when every class and id its selector names appears on the page, and drops it otherwise, as
PurgeCSS does; at-rules (``@media``, ``@supports``) are trimmed inside, others are kept whole.
Then the custom properties (``--jp-...``, many of them icons as data URIs) that nothing kept
reads are dropped too.
"""

from __future__ import annotations

import re

_STYLE = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.S)
_CLASS_ATTR = re.compile(r'\sclass="([^"]*)"')
_ID_ATTR = re.compile(r'\sid="([^"]*)"')
_NAMES = re.compile(r"([.#])(-?[_a-zA-Z][\w-]*)")
_ANY_OF = re.compile(r":(?:not|is|where|has|matches|-webkit-any)\([^()]*\)")
_NESTED = ("@media", "@supports", "@layer", "@container", "@document")
MIN_SIZE = 20_000  # smaller <style> blocks are left alone


def _after_string(css: str, i: int) -> int:
    """The index just past the quoted string that starts at ``css[i]``."""
    end = css.find(css[i], i + 1)
    return len(css) if end < 0 else end + 1


def _blocks(css: str):
    """Yield ``(prelude, body)`` for each top-level rule (``body`` is None for a ``;`` statement).

    Strings and comments are honoured, so a ``{`` inside ``url("...")`` or a quoted ``content``
    value does not open a block.
    """
    i, n, start = 0, len(css), 0
    while i < n:
        c = css[i]
        if c in "\"'":
            i = _after_string(css, i)
        elif css.startswith("/*", i):
            end = css.find("*/", i + 2)
            end = n if end < 0 else end + 2
            if not css[start:i].strip():  # a comment before a rule is not part of it
                start = end
            i = end
        elif c == ";" and css[start:i].lstrip().startswith("@"):
            yield css[start : i + 1], None
            i = start = i + 1
        elif c == "{":
            depth, j = 1, i + 1
            while j < n and depth:
                if css[j] in "\"'":
                    j = _after_string(css, j)
                    continue
                depth += (css[j] == "{") - (css[j] == "}")
                j += 1
            yield css[start:i], css[i + 1 : j - 1]
            i = start = j
        else:
            i += 1


def _split_selectors(prelude: str) -> list[str]:
    """Split a selector list at top-level commas (not those inside ``:is(a, b)``)."""
    out, depth, start = [], 0, 0
    for k, c in enumerate(prelude):
        depth += c in "(["
        depth -= c in ")]"
        if c == "," and depth == 0:
            out.append(prelude[start:k])
            start = k + 1
    out.append(prelude[start:])
    return out


def _used(selector: str, names: set[str]) -> bool:
    """Whether every class and id the selector requires is on the page.

    Names inside ``:not()``, ``:is()``, ``:where()`` and ``:has()`` are not required (keeping a
    rule too many is harmless; dropping one in use is not).
    """
    required = _NAMES.findall(_ANY_OF.sub("", re.sub(r"\[[^\]]*\]", "", selector)))
    return all(sign + name in names for sign, name in required)


def _map_rules(css: str, rule) -> str:
    """Rebuild ``css`` with each style rule ``head{body}`` replaced by ``rule(head, body)``.

    ``rule`` returns the new text, or ``""`` to drop the rule. Rules inside ``@media`` and its
    kin are visited too (a block left empty goes); other at-rules and statements stay as they are.
    """
    out = []
    for prelude, body in _blocks(css):
        head = prelude.strip()
        if body is None:
            out.append(head)
        elif head.startswith(_NESTED):
            inner = _map_rules(body, rule)
            if inner:
                out.append(f"{head}{{{inner}}}")
        elif head.startswith("@"):
            out.append(f"{head}{{{body}}}")
        else:
            out.append(rule(head, body))
    return "".join(out)


def purge(css: str, names: set[str]) -> str:
    """Keep the rules of ``css`` that can match an element whose classes and ids are ``names``.

    ``names`` holds ``.class`` and ``#id`` strings.

    >>> purge(".a{color:red}.b{color:blue}.a .b,.c{margin:0}", {".a"})
    '.a{color:red}'
    >>> purge("@media (min-width:1px){.a{x:1}.z{x:2}}@font-face{src:url(f)}", {".a"})
    '@media (min-width:1px){.a{x:1}}@font-face{src:url(f)}'
    """

    def rule(head: str, body: str) -> str:
        kept = [s.strip() for s in _split_selectors(head) if _used(s, names)]
        return f"{','.join(kept)}{{{body}}}" if kept else ""

    return _map_rules(css, rule)


def _declarations(body: str) -> list[str]:
    """Split a rule's body at top-level semicolons (not those in ``url(data:...;base64,...)``)."""
    out, depth, start, k = [], 0, 0, 0
    while k < len(body):
        c = body[k]
        if c in "\"'":
            k = _after_string(body, k)
            continue
        depth += (c == "(") - (c == ")")
        if c == ";" and depth == 0:
            out.append(body[start:k])
            start = k + 1
        k += 1
    out.append(body[start:])
    return [d for d in out if d.strip()]


def _property_name(declaration: str) -> str:
    return declaration.split(":", 1)[0].strip()


def drop_unused_properties(css: str, also_used: str = "") -> str:
    """Remove custom properties (``--x: ...``) that no ``var(--x)`` reads, until none is left.

    ``also_used`` is other text that may read them (the rest of the page).

    >>> drop_unused_properties(":root{--a:1;--b:var(--c);--c:2;--d:3}.x{top:var(--b)}")
    ':root{--b:var(--c);--c:2}.x{top:var(--b)}'
    """
    while True:
        used = set(re.findall(r"var\(\s*(--[\w-]+)", css + also_used))

        def rule(head: str, body: str, used=used) -> str:
            kept = (
                d
                for d in _declarations(body)
                if _property_name(d) in used or not _property_name(d).startswith("--")
            )
            return f"{head}{{{';'.join(kept)}}}"

        trimmed = _map_rules(css, rule)
        if trimmed == css:
            return css
        css = trimmed


def page_names(html: str) -> set[str]:
    """The ``.class`` and ``#id`` names that elements of ``html`` carry."""
    names = {"." + c for attr in _CLASS_ATTR.findall(html) for c in attr.split()}
    return names | {"#" + i for i in _ID_ATTR.findall(html)}


def on_post_page(output: str, page, config) -> str:
    if "jupyter-wrapper" not in output:
        return output
    names = page_names(output)
    # What else on the page may read a custom property: the small <style> blocks (the code
    # colours), inline style attributes and scripts.
    rest = _STYLE.sub(lambda m: "" if len(m[2]) >= MIN_SIZE else m[0], output)

    def trim(m: re.Match) -> str:
        if len(m[2]) < MIN_SIZE:
            return m[0]
        return m[1] + drop_unused_properties(purge(m[2], names), rest) + m[3]

    return _STYLE.sub(trim, output)
