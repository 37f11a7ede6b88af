"""Console (``pycon``) blocks as a reader pastes them: the rule on where an expected exception
may stand, and the doctest run that checks what a block shows.

This module uses the standard library only, so that :func:`sitecheck.run_block` can run it as
the whole program of a fresh interpreter (``python -c <this file> BLOCK_FILE NAME``) and the
package's docstring test can call the same functions in its own process: one rule and one
runner for every console block, on the site's pages and in the docstrings they come from.
"""

from __future__ import annotations

import doctest
import sys

# Whitespace is normalised, as in the package's own doctests; numbers are compared as printed (a
# reader sees the digits the page shows); "..." in an output elides, as a reader reads it (the
# API pages drop "# doctest: +ELLIPSIS" comments).
OPTIONFLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS


def early_exceptions(text: str) -> list[str]:
    """The examples of console block ``text`` that expect an exception but are not its last.

    Pasted whole, a block stops at its first exception, so a reader never runs what the page
    shows after it: an error demonstration goes last, or in a block of its own.

    Examples
    --------
    >>> from sitecheck.console import early_exceptions
    >>> demo = '>>> int("x")\\nTraceback (most recent call last):\\nValueError: bad\\n'
    >>> early_exceptions(">>> 1 + 1\\n2\\n" + demo)
    []
    >>> print(early_exceptions(demo + ">>> 1 + 1\\n2\\n")[0])
    example 1 of 2 ('int("x")') expects 'ValueError: bad', but is not the block's last: pasted whole, the block stops there
    """  # noqa: E501
    examples = doctest.DocTestParser().get_examples(text)
    return [
        f"example {i + 1} of {len(examples)} ({ex.source.strip()!r}) expects "
        f"{ex.exc_msg.strip()!r}, but is not the block's last: pasted whole, the block stops there"
        for i, ex in enumerate(examples[:-1])
        if ex.exc_msg is not None
    ]


def run_console(text: str, name: str, filename: str | None = None) -> tuple[int, int, str]:
    """Run console block ``text`` as a doctest with no globals but what it defines itself.

    Returns ``(failures, tries, report)``: the failed and the run examples, and doctest's
    report of the failures (empty when none failed).

    Examples
    --------
    >>> from sitecheck.console import run_console
    >>> run_console(">>> x = 2\\n>>> x * 3\\n6\\n", "ok")
    (0, 2, '')
    >>> failures, tries, report = run_console(">>> 1 + 1\\n3\\n", "wrong")
    >>> failures, tries, "Expected:\\n    3\\nGot:\\n    2" in report
    (1, 1, True)
    """
    test = doctest.DocTestParser().get_doctest(text, {"__name__": "__main__"}, name, filename, 0)
    runner = doctest.DocTestRunner(optionflags=OPTIONFLAGS)
    report: list[str] = []
    runner.run(test, out=report.append)
    return runner.failures, runner.tries, "".join(report)


def main(argv: list[str]) -> int:
    """Run the console block in file ``argv[0]`` (named ``argv[1]``); report on stderr."""
    path, name = argv
    with open(path, encoding="utf-8") as f:
        text = f.read()
    failures, tries, report = run_console(text, name, path)
    sys.stderr.write(report)
    sys.stderr.write(f"{failures} of {tries} examples failed\n")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
