"""Shared settings: where the built site lives (for the browser tests), and Hypothesis profiles.

Property tests have no deadline: a gradient check that takes 250 ms on a busy 2-core CI machine
is not a failure. Under CI (``$CI`` set) Hypothesis is derandomised, so every run tries the same
examples and a red CI always means a changed program, never a newly drawn input; on a laptop
each run explores new inputs.
"""

import os
from pathlib import Path

from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent

settings.register_profile("explore", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "explore")


def pytest_addoption(parser):
    parser.addoption(
        "--site-dir",
        default=str(ROOT / "site"),
        help="the built site the browser tests serve (default: site/)",
    )
    parser.addoption(
        "--clean-site-dir",
        default=None,
        help="a build that ran every block (BOOK_CACHE=off), for tests/test_cached_build.py",
    )
