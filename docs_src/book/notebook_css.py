"""Trim the stylesheet mkdocs-jupyter inlines into every notebook page to the rules it uses.

mkdocs-jupyter writes JupyterLab's whole stylesheet (about 590 kB: every widget, dialog and
toolbar of the JupyterLab app) into each lab page, which made a lab the heaviest page of the
site. A notebook rendered as HTML uses a few dozen of its classes. This hook keeps a style rule
when every class and id its selector names appears on the page, and drops it otherwise, as
PurgeCSS does; at-rules (``@media``, ``@supports``) are trimmed inside, others are kept whole.
Then the custom properties (``--jp-...``, many of them icons as data URIs) that nothing kept
reads are dropped too.

The CSS is read by tinycss2 (the parser nbconvert and bleach use), so strings, comments,
``url(...)`` and nested blocks are tokenised by the CSS Syntax specification, not by hand.
tinycss2 writes strings back with double quotes; nothing else about the kept text changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import NamedTuple

import tinycss2
from tinycss2 import ast

_STYLE = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.S)
_CLASS_ATTR = re.compile(r'\sclass="([^"]*)"')
_ID_ATTR = re.compile(r'\sid="([^"]*)"')
_VAR = re.compile(r"var\(\s*(--[\w-]+)")
_NESTED = {"media", "supports", "layer", "container", "document"}
MIN_SIZE = 20_000  # smaller <style> blocks are left alone

Rule = Callable[[ast.QualifiedRule], str]


def _rules(css: str) -> list:
    """The top-level rules of a stylesheet, comments dropped, ``@media`` blocks parsed too."""
    nodes = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return [_parse_nested(node) for node in nodes]


class _Block(NamedTuple):
    """An ``@media`` (or ``@supports``, ...) rule and the rules inside it, parsed."""

    at_rule: ast.AtRule
    rules: list

    type = "block"


def _parse_nested(node):
    if node.type == "at-rule" and node.lower_at_keyword in _NESTED and node.content is not None:
        rules = tinycss2.parse_rule_list(node.content, skip_comments=True, skip_whitespace=True)
        return _Block(node, [_parse_nested(r) for r in rules])
    return node


def _map_rules(nodes: list, rule: Rule) -> str:
    """Rebuild the rules with each style rule replaced by ``rule(it)`` (``""`` drops it).

    Rules inside ``@media`` and its kin are visited too (a block left empty goes); other
    at-rules (``@font-face``, ``@keyframes``) and statements (``@import``) stay as they are.
    """
    out = []
    for node in nodes:
        if node.type == "qualified-rule":
            out.append(rule(node))
        elif node.type == "block":
            inner = _map_rules(node.rules, rule)
            if inner:
                at = node.at_rule
                head = f"@{at.at_keyword}{tinycss2.serialize(at.prelude)}".rstrip()
                out.append(f"{head}{{{inner}}}")
        elif node.type == "at-rule":
            out.append(node.serialize())
        # anything else is a parse error, which a browser skips too
    return "".join(out)


def _selectors(prelude: list) -> list[list]:
    """Split a selector list at its top-level commas (those in ``:is(a, b)`` are inside)."""
    out: list[list] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            out.append([])
        else:
            out[-1].append(token)
    return out


def _required(selector: Iterable) -> set[str]:
    """The ``.class`` and ``#id`` names an element must carry to match ``selector``.

    Names inside functions (``:not()``, ``:is()``, ``:where()``, ``:has()``) and attribute
    selectors (``[class~=x]``) are not required: keeping a rule too many is harmless, dropping
    one in use is not.
    """
    names, dot = set(), False
    for token in selector:
        if token.type == "hash":
            names.add("#" + token.value)
        elif token.type == "ident" and dot:
            names.add("." + token.value)
        dot = token.type == "literal" and token.value == "."
    return names


def purge(css: str, names: set[str]) -> str:
    """Keep the rules of ``css`` that can match an element whose classes and ids are ``names``.

    ``names`` holds ``.class`` and ``#id`` strings.

    >>> purge(".a{color:red}.b{color:blue}.a .b,.c{margin:0}", {".a"})
    '.a{color:red}'
    >>> purge("@media (min-width:1px){.a{x:1}.z{x:2}}@font-face{src:url(f)}", {".a"})
    '@media (min-width:1px){.a{x:1}}@font-face{src:url(f)}'
    """

    def rule(node: ast.QualifiedRule) -> str:
        kept = [
            tinycss2.serialize(s).strip() for s in _selectors(node.prelude) if _required(s) <= names
        ]
        return f"{','.join(kept)}{{{tinycss2.serialize(node.content)}}}" if kept else ""

    return _map_rules(_rules(css), rule)


def _declarations(node: ast.QualifiedRule) -> list:
    return [
        d
        for d in tinycss2.parse_blocks_contents(node.content, skip_whitespace=True)
        if d.type in ("declaration", "qualified-rule", "at-rule")
    ]


def drop_unused_properties(css: str, also_used: str = "") -> str:
    """Remove the custom properties (``--x: ...``) that nothing left reads with ``var(--x)``.

    A property is read when an ordinary declaration, ``also_used`` (the rest of the page) or a
    custom property that is itself read names it; a chain of unread properties goes whole.

    >>> drop_unused_properties(":root{--a:1;--b:var(--c);--c:2;--d:3}.x{top:var(--b)}")
    ':root{--b:var(--c);--c:2}.x{top:var(--b)}'
    """
    custom: dict[str, set[str]] = {}  # each property -> the properties its value reads
    read = set(_VAR.findall(also_used))

    def collect(node: ast.QualifiedRule) -> str:
        for d in _declarations(node):
            reads = set(_VAR.findall(d.serialize()))
            if d.type == "declaration" and d.name.startswith("--"):
                custom.setdefault(d.name, set()).update(reads)
            else:
                read.update(reads)
        return ""

    nodes = _rules(css)
    _map_rules(nodes, collect)
    _visit_at_rules(nodes, read)
    todo = list(read)
    while todo:
        for name in custom.get(todo.pop(), ()):
            if name not in read:
                read.add(name)
                todo.append(name)

    def keep_read(node: ast.QualifiedRule) -> str:
        kept = [
            d.serialize()
            for d in _declarations(node)
            if not (d.type == "declaration" and d.name.startswith("--") and d.name not in read)
        ]
        return f"{tinycss2.serialize(node.prelude).strip()}{{{';'.join(kept)}}}"

    return _map_rules(nodes, keep_read)


def _visit_at_rules(nodes: list, read: set[str]) -> None:
    """Add the properties that at-rules kept whole (``@font-face``, ``@keyframes``) read."""
    for node in nodes:
        if node.type == "block":
            _visit_at_rules(node.rules, read)
        elif node.type == "at-rule":
            read.update(_VAR.findall(node.serialize()))


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
