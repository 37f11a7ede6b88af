"""A page record turned into problems, check by check (the browser part is proven by the
project's tests/browser/test_negative.py, which breaks a real page on purpose)."""

from __future__ import annotations

import dataclasses

from sitecheck.visit import CHECKS, PageRecord, problems


def test_a_clean_record_has_no_problem():
    found = problems(PageRecord("ch/", mathjax="done"))
    assert list(found) == list(CHECKS)
    assert not any(found.values())


def test_mathjax_not_done_is_a_problem_naming_its_state():
    assert problems(PageRecord("ch/", mathjax="busy"))["mathjax"] == [
        'MathJax state is "busy", not "done"'
    ]


FIELD_TO_CHECK = {
    "console_errors": "console",
    "failed_requests": "requests",
    "foreign_requests": "offsite",
    "raw_tex": "raw_tex",
    "broken_images": "images",
    "empty_svgs": "images",
    "overflow": "overflow",
    "axe": "axe",
    "figure_text": "figure_text",
    "figure_contrast": "figure_contrast",
    "equation_width": "equation_width",
    "code_width": "code_width",
    "tables": "tables",
    "duplicate_ids": "ids",
    "raw_rst": "raw_rst",
}


def test_each_recorded_finding_lands_in_its_own_check():
    for name, check in FIELD_TO_CHECK.items():
        rec = dataclasses.replace(PageRecord("ch/", mathjax="done"), **{name: ["found it"]})
        found = problems(rec)
        others = {c: ps for c, ps in found.items() if c != check and ps}
        assert not others, (name, others)
        assert any(p.endswith("found it") for p in found[check]), (name, found[check])


def test_a_page_that_did_not_load_says_why():
    rec = PageRecord("ch/", mathjax="done", load_error="TimeoutError: page.goto")
    assert problems(rec)["load"] == ["TimeoutError: page.goto"]


def test_mathjax_errors_and_red_macros_are_counted():
    rec = PageRecord("ch/", mathjax="done", merrors=2, undefined_macros=["\\foo"])
    assert problems(rec)["mathjax"] == [
        "2 MathJax error box(es) (mjx-merror)",
        "undefined TeX macros shown in red: ['\\\\foo']",
    ]
