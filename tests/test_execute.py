"""The book's block runner (book.execute) and its cache (book.blockcache): a block runs again
only when something it depends on changed, and a session holds the same state either way."""

from __future__ import annotations

import logging
import os
import re
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from book import warmup
from book.blockcache import BlockCache, environment_digest
from book.execute import Runner
from markdown import Markdown

PAGE = """# A page

```python exec="on" session="s" result="text"
import builtins
builtins.RUNS = getattr(builtins, "RUNS", 0) + 1
x = {x}
print("x is", x)
```

Prose {prose}.

```python exec="on" session="s" result="text"
print("twice x is", 2 * x)
```
"""


def page_object(tmp_path, text: str):
    """A stand-in for MkDocs' page: its file in a docs folder."""
    path = tmp_path / "docs" / "page.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text)
    return SimpleNamespace(file=SimpleNamespace(abs_src_path=str(path), src_uri="page.md"))


def build(runner: Runner, tmp_path, text: str) -> str:
    """Render ``text`` as one page of a build, as the hook does."""
    runner.begin_page(page_object(tmp_path, text), text, tmp_path / "site")
    fence = {"name": "python", "class": "python", **runner.fence()}
    md = Markdown(
        extensions=["pymdownx.superfences"],
        extension_configs={"pymdownx.superfences": {"custom_fences": [fence]}},
    )
    return md.convert(text)


@pytest.fixture
def runs(monkeypatch):
    """How many times the page's first block has run (it counts itself in builtins)."""
    import builtins

    monkeypatch.setattr(builtins, "RUNS", 0, raising=False)
    return lambda: builtins.RUNS


def test_a_prose_change_reuses_every_output(tmp_path, runs):
    runner = Runner(BlockCache(tmp_path / "cache"), environment="env")
    first = build(runner, tmp_path, PAGE.format(x=3, prose="one"))
    second = build(runner, tmp_path, PAGE.format(x=3, prose="two"))
    assert runs() == 1
    assert first.replace("one", "two") == second
    assert "twice x is 6" in second
    assert len(runner.runs) == 2  # both runs recorded for the notebooks


def test_a_changed_block_reruns_the_blocks_after_it_in_its_session(tmp_path, runs):
    runner = Runner(BlockCache(tmp_path / "cache"), environment="env")
    build(runner, tmp_path, PAGE.format(x=3, prose="one"))
    html = build(runner, tmp_path, PAGE.format(x=4, prose="one"))
    assert runs() == 2
    assert "twice x is 8" in html


def test_a_later_block_that_must_run_sees_the_state_of_the_skipped_ones(tmp_path, runs):
    runner = Runner(BlockCache(tmp_path / "cache"), environment="env")
    build(runner, tmp_path, PAGE.format(x=3, prose="one"))
    changed = PAGE.format(x=3, prose="one").replace('"twice x is"', '"double x is"')
    html = build(runner, tmp_path, changed)
    assert "double x is 6" in html  # x came from the first block, replayed before this one
    assert runs() == 2


def test_a_deferring_build_runs_nothing_and_shows_the_cached_outputs_and_a_note(tmp_path, runs):
    cache = BlockCache(tmp_path / "cache")
    build(Runner(cache, environment="env"), tmp_path, PAGE.format(x=3, prose="one"))
    changed = PAGE.format(x=3, prose="one").replace('"twice x is"', '"double x is"')
    runner = Runner(cache, environment="env")
    runner.defer = True
    html = build(runner, tmp_path, changed)
    assert runs() == 1  # the warm-up runs the changed block, not this build
    assert "x is 3" in html and "double x is" not in html.replace('"double x is"', "")
    assert warmup.TITLE in html and runner.pending == {"page.md"}
    runner.defer = False  # the warm-up has ended: the page is built again, by the build
    html = build(runner, tmp_path, changed)
    assert "double x is 6" in html and warmup.TITLE not in html and not runner.pending


@pytest.mark.parametrize("shown", ["text", "html", "markdown"])
def test_the_waiting_note_reads_in_each_way_a_block_shows_its_output(shown):
    html = Markdown(extensions=["admonition"]).convert(warmup.note(shown))
    assert warmup.TITLE in html and "background" in html
    assert shown == "text" or 'class="admonition info"' in html


def test_the_warm_up_stops_when_its_server_goes_and_says_it_has_ended(tmp_path):
    import subprocess
    import sys

    ready, log = tmp_path / "ready", tmp_path / "log"
    serve = (  # a server that starts a warm-up (a minute's sleep) and goes after a second
        "import os, subprocess, sys, time; "
        "subprocess.Popen([sys.executable, '-m', 'book.warmup', str(os.getpid()), *sys.argv[1:]]); "
        "time.sleep(1)"
    )
    sleep = f"import os, time; open({str(log)!r}, 'w').write(str(os.getpid())); time.sleep(60)"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    server = subprocess.Popen(
        [sys.executable, "-c", serve, str(ready), sys.executable, "-c", sleep], env=env
    )
    while not log.exists() and server.poll() is None:
        time.sleep(0.05)
    assert not (ready / "done").exists()  # it builds while its server is there
    server.wait()
    for _ in range(100):
        if (ready / "done").exists():
            break
        time.sleep(0.05)
    assert (ready / "done").exists(), "the warm-up did not end when its server went"
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):
        os.kill(int(log.read_text()), 0)  # its build was stopped


def test_a_change_of_the_sources_reruns_every_block(tmp_path, runs):
    cache = BlockCache(tmp_path / "cache")
    build(Runner(cache, environment="env"), tmp_path, PAGE.format(x=3, prose="one"))
    build(Runner(cache, environment="env 2"), tmp_path, PAGE.format(x=3, prose="one"))
    assert runs() == 2


def test_a_block_that_reads_the_clock_runs_every_time_and_so_do_the_ones_after_it(tmp_path, runs):
    runner = Runner(BlockCache(tmp_path / "cache"), environment="env")
    text = PAGE.format(x=3, prose="one").replace(
        "x = 3", "import time\nt = time.perf_counter()\nx = 3"
    )
    build(runner, tmp_path, text)
    build(runner, tmp_path, text)
    assert runs() == 2
    assert not list((tmp_path / "cache" / "blocks").glob("*.json"))


def test_a_deferring_build_shows_the_times_the_warm_up_measured_and_a_full_build_never(
    tmp_path, runs
):
    cache = BlockCache(tmp_path / "cache")
    text = PAGE.format(x=3, prose="one").replace(
        "x = 3", "import time\nt = time.perf_counter()\nx = 3"
    )
    warm = Runner(cache, environment="env")
    warm.keep_clock = True  # the warm-up's build
    build(warm, tmp_path, text)
    serving = Runner(cache, environment="env")
    serving.defer = True
    html = build(serving, tmp_path, text)
    assert runs() == 1 and "twice x is 6" in html and not serving.pending
    build(Runner(cache, environment="env"), tmp_path, text)
    assert runs() == 2  # a build measures its own times


def test_an_error_names_the_pages_file_and_line_in_place_of_the_output(tmp_path, caplog):
    text = PAGE.format(x="1 / 0", prose="one")
    with caplog.at_level(logging.WARNING):
        html = build(Runner(), tmp_path, text)
    assert 'docs/page.md", line 6' in html  # the line of `x = 1 / 0` in the page's file
    assert "ZeroDivisionError" in html
    # markdown-exec logs it: `mkdocs build --strict` fails on the warning
    assert any("ZeroDivisionError" in r.getMessage() for r in caplog.records)


def test_a_block_without_a_session_starts_empty(tmp_path, caplog):
    text = '```python exec="on"\ny = 1\n```\n\n```python exec="on"\nprint(y)\n```\n'
    with caplog.at_level(logging.WARNING):
        html = build(Runner(), tmp_path, text)
    assert "NameError" in html


def test_the_cache_puts_a_figure_back_into_the_site_and_keeps_only_what_a_build_used(tmp_path):
    site, cache = tmp_path / "site", BlockCache(tmp_path / "cache")
    (site / "assets/figures").mkdir(parents=True)
    name = "0123456789abcdef.svg"
    (site / "assets/figures" / name).write_text("<svg/>")
    cache.put("k1", f'<img src="../assets/figures/{name}">', site)
    cache.put("k2", "no figure", site)
    (site / "assets/figures" / name).unlink()
    fresh = BlockCache(tmp_path / "cache")
    assert fresh.get("k1", site).endswith(f'{name}">')
    assert (site / "assets/figures" / name).read_text() == "<svg/>"
    assert fresh.prune() == 1  # k2 was not used
    assert fresh.get("k2", site) is None
    assert BlockCache(tmp_path / "cache").get("k1", site) is not None


def test_the_environment_digest_moves_with_any_source_file(tmp_path):
    for top in ("src/backprop", "docs_src"):
        (tmp_path / top).mkdir(parents=True)
        (tmp_path / top / "m.py").write_text("A = 1\n")
    before = environment_digest(tmp_path)
    assert environment_digest(tmp_path) == before
    (tmp_path / "docs_src" / ".ruff_cache").mkdir()  # a tool's cache is no source
    (tmp_path / "docs_src" / ".ruff_cache" / "x").write_text("1")
    assert environment_digest(tmp_path) == before
    (tmp_path / "docs_src" / "m.py").write_text("A = 2\n")
    assert environment_digest(tmp_path) != before


def test_the_book_imports_no_private_module_of_another_package():
    private = re.compile(r"^\s*(?:from|import)\s+(?!book\b|backprop\b)[\w.]*\._\w+", re.M)
    root = Path(__file__).resolve().parent.parent / "docs_src"
    found = [p.name for p in root.rglob("*.py") if private.search(p.read_text(encoding="utf-8"))]
    assert not found
