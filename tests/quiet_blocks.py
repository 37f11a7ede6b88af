"""A pytest plugin (loaded with ``-p quiet_blocks``): the book's code blocks print quietly.

pytest-markdown-docs 0.9 suspends pytest's capture while it runs a block, so every figure's SVG
would land in the test log. The capture goes inside its runner instead; what a block printed is
shown only when it fails, like any other test's output. It is a plugin, not a conftest, because
the blocks live under docs/, out of reach of tests/conftest.py.
"""

import contextlib
import io

import pytest


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    runner = getattr(item, "runner", None)
    if type(item).__name__ != "MarkdownInlinePythonItem" or runner is None:
        return (yield)
    out, err = io.StringIO(), io.StringIO()
    run = runner.runtest

    def quiet(*args, **kwargs):
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            return run(*args, **kwargs)

    runner.runtest = quiet
    try:
        return (yield)
    finally:
        del runner.runtest  # the runner's own method again
        item.add_report_section("call", "stdout", out.getvalue())
        item.add_report_section("call", "stderr", err.getvalue())
