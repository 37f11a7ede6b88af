"""Checks for the learner's own code: the exercises of the labs and of the chapters.

Each lab of the book is an assignment: the learner writes a piece (a `Value`'s `+`, a backward
pass, a training loop) in one cell, and the next cell calls a check from here on it. A check runs
the learner's code on several cases, compares it with the package's own engine, and says in
words what is wrong, naming the case and, where it recognises one, the usual mistake:

```text
ExerciseError: d(x*y)/dx came out 2.0 at x=2.0, y=3.0; it should be y = 3.0
(the other input's value). You gave x's own value: the two local gradients are
swapped.
```

Every failure is an [`ExerciseError`][backprop.exercises.ExerciseError], a subclass of
`AssertionError`, so a grader that counts failed assertions (nbgrader's autograding does) counts
it as a failed test. A piece not written yet (its body still `raise NotImplementedError()`)
fails its check with a message that says so. A check tests one piece: the pieces it needs
besides (the node a `+` builds, the order a backward pass walks) come from the package's own
engine, so that each check says something useful even when an earlier cell is still empty.

One module per lab, `backprop.exercises.autograd` (build your own autograd) and
`backprop.exercises.digits` (handwritten digits), and one for the chapters' exercises whose
answer is code, `backprop.exercises.chapters`.

Examples
--------
>>> from backprop.exercises import ExerciseError
>>> issubclass(ExerciseError, AssertionError)
True
"""

from __future__ import annotations

import math
import textwrap
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["ExerciseError"]


class ExerciseError(AssertionError):
    """A check found a mistake in the learner's code; the message says what it is.

    Examples
    --------
    >>> from backprop.exercises import ExerciseError
    >>> try:
    ...     raise ExerciseError("add returned None; it should return a new Value")
    ... except AssertionError as err:
    ...     print(err)
    add returned None; it should return a new Value
    """

    __module__ = "backprop.exercises"

    def _render_traceback_(self) -> list[str]:
        """What Jupyter (IPython) shows for a failed check: the message, without the checker's
        own frames; where the learner's code raised, its frames come first."""
        lines = []
        cause = self.__cause__
        if cause is not None and not isinstance(cause, NotImplementedError | RecursionError):
            here = str(Path(__file__).parent)
            frames = traceback.extract_tb(cause.__traceback__)
            frames = [f for f in frames if not f.filename.startswith(here)]
            if frames:
                lines += ["Your code raised it here:", *traceback.format_list(frames)]
        text = f"\x1b[0;31m{type(self).__name__}\x1b[0m: {self}"
        return lines + textwrap.wrap(text, 100, break_on_hyphens=False)


def _fmt(x: Any) -> str:
    """A number as a learner would write it: ``2.0``, ``-0.5``, ``0.761594``."""
    if isinstance(x, bool) or not isinstance(x, int | float):
        return _short(x)
    x = float(x)
    if x == round(x, 6):
        return repr(round(x, 6))
    return f"{x:.6g}"


def _short(x: Any, limit: int = 60) -> str:
    text = repr(x)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _describe(x: Any) -> str:
    """``None``, or a value with its type: ``5.0 of type float``."""
    if x is None:
        return "None"
    return f"{_short(x)} of type {type(x).__name__}"


def _check_callable(name: str, f: Any) -> None:
    if not callable(f):
        raise ExerciseError(
            f"{name} should be the function you wrote, got {_describe(f)}: "
            f"pass the function itself, without calling it"
        )


def _call(what: str, f: Callable, *args: Any, **kwargs: Any) -> Any:
    """Run the learner's ``f``; turn whatever it raises into one sentence naming ``what``."""
    try:
        return f(*args, **kwargs)
    except ExerciseError:
        raise
    except NotImplementedError as err:
        # frames[0] is this function, frames[1] the learner's; deeper ones are what it calls
        frames = traceback.extract_tb(err.__traceback__)
        if len(frames) <= 2:
            message = f"{what} is not written yet: it raised NotImplementedError."
        else:
            message = (
                f"{what} could not run: {frames[-1].name}, which it calls, is not written yet "
                "(it raised NotImplementedError)."
            )
        raise ExerciseError(
            f"{message} Replace `raise NotImplementedError()` with your code, run that cell, "
            "then this one."
        ) from err
    except RecursionError as err:
        raise ExerciseError(
            f"{what} hit Python's recursion limit: a function that calls itself for every "
            "node cannot go deeper than sys.getrecursionlimit() nodes; use a loop and a list "
            "as a stack instead"
        ) from err
    except Exception as err:
        raise ExerciseError(f"{what} raised {type(err).__name__}: {err}") from err


def _close(got: Any, want: float, rel: float = 1e-9, abs_tol: float = 1e-12) -> bool:
    try:
        return math.isclose(float(got), float(want), rel_tol=rel, abs_tol=abs_tol)
    except (TypeError, ValueError):
        return False


def _expect_number(what: str, got: Any) -> float:
    """``got`` as a float, or one sentence saying it is not a number."""
    if got is None:
        raise ExerciseError(f"{what} is None; it should be a number (did you forget `return`?)")
    if isinstance(got, bool) or (
        not isinstance(got, int | float) and not hasattr(got, "__float__")
    ):
        raise ExerciseError(f"{what} should be a number, got {_describe(got)}")
    return float(got)
