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

.PHONY: help readme install browser vnu tools serve build lint unit site-check test dist bench bench-browser clean

help:
	@echo "make serve   install what is missing, then serve the site at http://127.0.0.1:8000"
	@echo "make test    install what is missing, then run every check (lint, tests, build, browser)"
	@echo "make bench   speed benchmarks (autodiff engine, numpy network, pages)"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[docs,test]'
	$(BIN)/python -m pip install --quiet --no-deps -e tools/sitecheck
	touch $(STAMP)

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

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir $(SITE)

# zizmor audits the GitHub workflows and Dependabot's config with its strictest persona
# (offline: it asks GitHub nothing), so a movable action tag, a broad permission or a persisted
# credential fails the run.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/zizmor --offline --persona=auditor --quiet .github/

# Unit tests, doctests in the package, and every ```python block of the book, on two workers
# (pytest-xdist; PYTEST_WORKERS=0 runs them in this process). A few tests take tens of seconds
# (the labs as scripts, the book's slowest blocks): with worksteal, an idle worker takes queued
# tests from the busy one instead of waiting for it at the end.
PYTEST_WORKERS ?= 2
unit: $(STAMP)
	$(BIN)/pytest -m "not browser" -n $(PYTEST_WORKERS) $(if $(filter-out 0,$(PYTEST_WORKERS)),--dist worksteal)

# The built site in a real browser.
site-check: $(STAMP) browser vnu
	$(BIN)/pytest -m browser tests/browser --site-dir $(SITE)

test: lint unit build site-check

# The README's install command pins the wheel's SHA-256 digest; the digest changes with the
# package's sources, and a test says when to run this.
readme: $(STAMP)
	$(BIN)/python hooks/wheel.py

# What .github/workflows/release.yml does before publishing: sdist and wheel into dist/, checked.
dist: $(STAMP)
	rm -rf dist
	$(BIN)/python -m build --no-isolation --outdir dist
	$(BIN)/python -m twine check --strict dist/*

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/bench_autograd.py
	$(BIN)/python benchmarks/bench_network.py

bench-browser: build browser tools
	$(BIN)/python benchmarks/bench_pages.py $(SITE)
	$(BIN)/python benchmarks/lighthouse.py $(SITE)

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
	rm -rf $(SITE) .pytest_cache .ruff_cache .hypothesis
