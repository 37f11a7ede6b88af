"""The classic >>> prompt's reading of a paste, as sitecheck.paste models it."""

from __future__ import annotations

from sitecheck import paste_errors, spaced_by_the_formatter


def test_a_statement_straight_after_a_loop_fails_and_a_blank_line_fixes_it():
    assert paste_errors("for i in range(2):\n    total = i\nprint(total)") == [
        "line 3: SyntaxError: invalid syntax (after an indented block, add a blank line)"
    ]
    assert paste_errors("for i in range(2):\n    total = i\n\nprint(total)") == []


def test_a_blank_line_inside_a_function_ends_it_early():
    found = paste_errors("def f():\n    x = 1\n\n    return x\n\n\nprint(f())")
    assert found == ["line 4: IndentationError: unexpected indent"]


def test_plain_statements_and_a_last_open_block_paste_cleanly():
    assert paste_errors("import math\n\nx = math.pi\nif x > 3:\n    print(x)") == []


def test_classes_and_inner_functions_are_recognised_as_exempt():
    assert spaced_by_the_formatter("class A:\n    pass")
    assert spaced_by_the_formatter("for i in range(2):\n\n    def f():\n        return i")
    assert not spaced_by_the_formatter("def f():\n    return 1")
