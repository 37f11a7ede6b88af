# Two commands do all the set-up:  `make serve`  and  `make test`.
# Everything is installed into .venv from the project's own files; Chromium (for the browser
# tests) comes from Debian's package when it is missing.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SITE   ?= site
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help readme lock oldest build-properdocs build-and-oldest install browser vnu tools serve build lint unit quick pdf site-check test dist bench bench-browser clean

help:
	@echo "make serve   install what is missing, then serve the site at http://127.0.0.1:8000"
	@echo "make test    install what is missing, then run every check (lint, tests, build, browser)"
	@echo "make quick   lint and unit tests only (no build, no browser): the edit loop"
	@echo "make bench   speed benchmarks (autodiff engine, numpy network, pages)"

# The docs and test toolchain comes from the lock (requirements/dev.lock: every package pinned,
# with its hashes), so a fresh machine next year builds with what CI runs today; `make lock`
# writes it anew from pyproject.toml, and Dependabot proposes updates. NEWEST=1 ignores the lock
# and takes the newest release of everything (.github/workflows/newest.yml, weekly).
LOCK   := requirements/dev.lock
PIP    := 26.3
# uv installs the lock's 180 packages in seconds where pip takes a minute (measured on a clean
# clone: 6 s against 63 s); it comes from PyPI into the venv, pinned, and installs into it.
UV     := 0.13.9
UV_PIP  = $(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python
ifeq ($(NEWEST),1)
INSTALL_DEPS = $(UV_PIP) --upgrade -e '.[docs,test]'
else
INSTALL_DEPS = $(UV_PIP) --require-hashes -r $(LOCK) \
	&& $(UV_PIP) --no-deps --no-build-isolation -e .
endif

$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet pip==$(PIP) uv==$(UV)
	$(INSTALL_DEPS)
	$(UV_PIP) --no-deps --no-build-isolation -e tools/sitecheck
	touch $(STAMP)

lock: $(STAMP)
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --extra docs \
		--extra test --no-emit-index-url --no-emit-find-links -o $(LOCK) pyproject.toml

install: $(STAMP)

# Debian's chromium for the browser tests (never `playwright install`, which downloads a browser).
browser:
	@if [ -x "$${CHROMIUM:-/usr/bin/chromium}" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	elif command -v sudo >/dev/null && command -v apt-get >/dev/null && sudo -n true 2>/dev/null; then \
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	elif [ -n "$$CI" ]; then \
		echo "CI needs /usr/bin/chromium and cannot install it" >&2; exit 1; \
	else \
		echo "No /usr/bin/chromium: the browser tests will be skipped (apt-get install chromium)"; \
	fi

# Serving rebuilds only the page you save (mkdocs serve --dirty), and the block cache
# (.cache/book/, CONTRIBUTING) runs only the blocks whose code or inputs changed: a prose change
# shows in seconds. On a cold cache (a fresh clone, a change under src/ or docs_src/) the pages
# are served at once and their blocks run in a background build (docs_src/book/warmup.py). FULL=1
# rebuilds every page on every save, running what the cache lacks first (minutes); the print
# page waits for a full build.
serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 $(if $(FULL),,--dirty)

build: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir $(SITE)

# zizmor audits the GitHub workflows and Dependabot's config with its strictest persona
# (offline: it asks GitHub nothing), so a movable action tag, a broad permission or a persisted
# credential fails the run.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/zizmor --offline --persona=auditor --quiet .github/

# Unit tests and the package's doctests, on two workers (pytest-xdist; PYTEST_WORKERS=0 runs them
# in this process). The book's blocks are not run here: the build runs every block of a page (and
# fails on an error or a false claim), and the browser suite runs each visible block alone, as
# copied, in a fresh interpreter. A few tests take tens of seconds (the labs as scripts, the
# release): with worksteal, an idle worker takes queued tests from the busy one.
PYTEST_WORKERS ?= 2
PYTEST_XDIST = -n $(PYTEST_WORKERS) $(if $(filter-out 0,$(PYTEST_WORKERS)),--dist worksteal)
unit: $(STAMP)
	$(BIN)/pytest -m "not browser" $(PYTEST_XDIST)

# The edit loop, under a minute: ruff and the unit tests not marked slow (no build, no browser).
quick: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -m "not browser and not slow" -q $(PYTEST_XDIST)

# The built site in a real browser.
# The PDF edition (docs_src/book/pdf.py): the print page through Chromium, into the built site,
# before the browser tests read it (and the deploy publishes it).
pdf: $(STAMP) browser
	$(BIN)/python docs_src/book/pdf.py $(SITE)

site-check: $(STAMP) browser vnu pdf
	$(BIN)/pytest -m browser tests/browser --site-dir $(SITE)

# The same mkdocs.yml built by ProperDocs (PyPI properdocs), the maintained fork of MkDocs 1.6:
# CONTRIBUTING says why. It builds after `build`, from the block cache that build filled, and the
# two sites must be the same page for page (tests/test_cached_build.py): on CI's clean clone the
# first build ran every block, so this proves a cached build gives what a clean one does. Its
# site goes to site-properdocs/, which nothing else reads.
build-properdocs: build
	$(BIN)/properdocs build --strict -f mkdocs.yml --site-dir $(SITE)-properdocs
	$(BIN)/pytest -q tests/test_cached_build.py --site-dir $(SITE)-properdocs --clean-site-dir $(SITE)

# The two builds one after the other, beside the oldest-floors tests: two cores busy.
build-and-oldest:
	$(MAKE) --no-print-directory -j2 --output-sync=target build-properdocs oldest

test: lint unit build-and-oldest site-check

# The README's install command pins the wheel's SHA-256 digest; the digest changes with the
# package's sources, and a test says when to run this.
readme: $(STAMP)
	$(BIN)/python docs_src/book/wheel.py

# The package's own tests (not the book's) against the oldest Python, numpy and matplotlib that
# pyproject.toml admits, in a venv of their own: the floors are what CI has run.
OLDEST_VENV := .venv-oldest
OLDEST_TESTS := $(filter-out tests/test_figures% tests/test_docs_src.py tests/test_claims.py \
	tests/test_graphs_page.py tests/test_hooks.py tests/test_labs.py tests/test_notebook_markup.py \
	tests/test_release% tests/test_svg.py tests/test_docstrings.py tests/test_execute.py \
	tests/test_cached_build.py,$(wildcard tests/test_*.py))
# The oldest Python too: pyenv's 3.10 where the machine has it (these machines do), else
# python3.10 on the PATH; CI fails without one, a laptop skips with a word.
PYTHON_OLDEST ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.10*/bin/python3.10) \
	$(shell command -v python3.10))
oldest: $(STAMP)
	@if [ -z "$(PYTHON_OLDEST)" ]; then \
		if [ -n "$$CI" ]; then echo "CI needs Python 3.10 for make oldest" >&2; exit 1; fi; \
		echo "No Python 3.10: make oldest skipped (set PYTHON_OLDEST)"; exit 0; fi; \
	test -x $(OLDEST_VENV)/bin/python || $(PYTHON_OLDEST) -m venv $(OLDEST_VENV)
	$(BIN)/uv pip install --quiet --python $(OLDEST_VENV)/bin/python -r requirements/oldest.txt \
		pytest hypothesis $$(grep -E '^hatchling==' $(LOCK) | cut -d' ' -f1)
	$(BIN)/uv pip install --quiet --python $(OLDEST_VENV)/bin/python --no-deps \
		--no-build-isolation -e .
	cd tests && ../$(OLDEST_VENV)/bin/python -m pytest -q -o addopts="" -p no:cacheprovider \
		--import-mode=importlib $(addprefix ../,$(OLDEST_TESTS))

# What .github/workflows/release.yml does before publishing: sdist and wheel into dist/, checked.
dist: $(STAMP)
	rm -rf dist
	$(BIN)/python -m build --no-isolation --outdir dist
	$(BIN)/python -m twine check --strict dist/*

bench: $(STAMP)
	$(UV_PIP) -e '.[bench]'
	$(BIN)/python benchmarks/bench_autograd.py
	$(BIN)/python benchmarks/bench_network.py

bench-browser: build browser tools
	$(BIN)/python benchmarks/bench_pages.py $(SITE)
	$(BIN)/python benchmarks/lighthouse.py $(SITE)
	$(BIN)/python benchmarks/main_thread.py $(SITE)

# The Nu Html Checker for tests/browser/test_valid_html.py: npm's vnu-jar into .tools/ (not
# committed), run with java (Debian's default-jre-headless when it is missing and we are root).
VNU_JAR := .tools/node_modules/vnu-jar/build/dist/vnu.jar
vnu:
	@test -f $(VNU_JAR) || npm install --no-audit --no-fund --silent --prefix .tools vnu-jar@26.9.27
	@if command -v java >/dev/null; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's java for the HTML check"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	elif [ -n "$$CI" ]; then \
		echo "CI needs java for the HTML check and cannot install it" >&2; exit 1; \
	else \
		echo "No java: the HTML check will be skipped (apt-get install default-jre-headless)"; \
	fi

# The benchmark's node tool, into .tools/ (not committed) beside the HTML checker: Lighthouse 12
# (13 needs Node 22).
tools: vnu
	@test -x .tools/node_modules/.bin/lighthouse \
		|| npm install --no-audit --no-fund --prefix .tools lighthouse@12.2.3

clean:
	rm -rf $(SITE) $(SITE)-properdocs .pytest_cache .ruff_cache .hypothesis $(OLDEST_VENV)
