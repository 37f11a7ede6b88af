"""A pytest plugin (loaded with ``-p frozen_heap``): each test's garbage collections see only the
objects that test made.

A pytest worker that has run a few hundred tests holds a large heap (collected items, imported
modules, figures' fonts and caches), and every ``gc.collect()`` walks all of it. The book's
timing blocks call ``gc.collect()`` before each timed call (docs/network.md's cost block, 120
times per run, and again for its continuation): in a worker that took over a minute, alone in
a fresh process a second or two. Before each test the heap built so far is frozen
(:func:`gc.freeze`), so collections look only at what the test allocates; after it the heap
is unfrozen, so nothing the test left behind is kept from a later collection. What a test
asserts does not change: cycles it makes are still found and freed (``gc.collect()`` still
returns them), and objects from before the test cannot be garbage the test is about.
"""

import gc

import pytest


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    gc.freeze()
    try:
        return (yield)
    finally:
        gc.unfreeze()
