# minigrad's set-up and everyday commands (GNU make).
#
#   make demo    creates .venv, installs minigrad (and Graphviz's dot when it can),
#                trains the lecture's two models
#   make test    creates .venv, installs the test extras, runs ruff and the test suite
#
# Everything is installed into .venv; each set of extras has its own stamp file
# (.venv/.stamp-<extras>), redone when setup.cfg or pyproject.toml changes.

PYTHON ?= python3
VENV = .venv
PY = $(VENV)/bin/python

# Extras installed for each group of targets (one stamp per set).
DEMO_EXTRAS  = examples
TEST_EXTRAS  = test,examples,docs
BENCH_EXTRAS = test,examples,bench
PARITY_EXTRAS = test,examples,parity
DOCS_EXTRAS  = docs,examples

# Only lint directories that exist.
LINT_DIRS = $(wildcard minigrad tests examples bench tools)

# Extra arguments for pytest, e.g. make test PYTEST_ARGS='-k tanh -x'
PYTEST_ARGS ?=

# Cases per op drawn by the differential tests against PyTorch under make parity
# (make test draws 3 per op, when torch is installed).
PARITY_EXAMPLES ?= 40

.DEFAULT_GOAL := help
# All stamps share one .venv: never build two at once, even under make -j.
.NOTPARALLEL:

.PHONY: help demo test lint fuzz parity bench docs docs-serve docs-assets ensure-dot \
	ensure-korean-font ensure-chromium notebooks clean

help:
	@echo "make demo         set up .venv and run the demo (trains the lecture's two models)"
	@echo "make test         set up .venv, run ruff and the test suite"
	@echo "make lint         run ruff"
	@echo "make fuzz         run the random-program fuzz tests (hypothesis profile 'fuzz')"
	@echo "make parity       compare every op with PyTorch on many cases (installs a CPU torch)"
	@echo "make bench        run the benchmarks (installs a CPU build of torch)"
	@echo "make docs         build the documentation into site/"
	@echo "make docs-serve   serve the documentation locally"
	@echo "make docs-assets  regenerate the pictures used by the documentation (English and Korean)"
	@echo "make notebooks    remake docs/notebooks/*.ipynb from Getting started and the tutorial"
	@echo "make clean        remove .venv, site, build, *.egg-info and minigrad-out"

# The virtual environment, with minigrad installed editable plus the extras in the
# stamp's name, e.g. .venv/.stamp-test,examples,docs installs '.[test,examples,docs]'.
$(VENV)/.stamp-%: setup.cfg pyproject.toml
	bash tools/make_venv.sh $(PYTHON) $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[$*]'
	touch '$@'

ensure-dot:
	@bash tools/ensure_dot.sh

# Chromium and chromedriver for tests/test_browser.py (the docs site and the stepper page
# in a real browser); without them those tests are skipped.
ensure-chromium:
	@bash tools/ensure_chromium.sh

# A font with Hangul for the Korean labels of the plots (docs-assets only; without
# one the Korean plots get English labels, and nothing fails).
ensure-korean-font:
	@bash tools/ensure_korean_font.sh

demo: $(VENV)/.stamp-$(DEMO_EXTRAS) ensure-dot
	$(PY) -m minigrad demo

test: $(VENV)/.stamp-$(TEST_EXTRAS) ensure-dot ensure-chromium
	$(VENV)/bin/ruff check $(LINT_DIRS)
	$(PY) -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

lint: $(VENV)/.stamp-$(TEST_EXTRAS)
	$(VENV)/bin/ruff check $(LINT_DIRS)

fuzz: $(VENV)/.stamp-$(TEST_EXTRAS) ensure-dot
	$(PY) -m pytest tests -m fuzz --hypothesis-profile=fuzz -n 2 $(PYTEST_ARGS)

# Every test marked `torch` (tests/parity and any other that needs torch), with
# PARITY_EXAMPLES cases per op; a missing torch is an error here, not a skip.
parity: $(VENV)/.stamp-$(PARITY_EXTRAS)
	MINIGRAD_REQUIRE_TORCH=1 MINIGRAD_PARITY_EXAMPLES=$(PARITY_EXAMPLES) \
		$(PY) -m pytest tests -m torch -n 2 $(PYTEST_ARGS)

bench: $(VENV)/.stamp-$(BENCH_EXTRAS) ensure-dot
	$(PY) -m bench

docs: $(VENV)/.stamp-$(DOCS_EXTRAS) ensure-dot
	$(PY) -m mkdocs build --strict -d site

docs-serve: $(VENV)/.stamp-$(DOCS_EXTRAS) ensure-dot
	$(PY) -m mkdocs serve

docs-assets: $(VENV)/.stamp-$(DOCS_EXTRAS) ensure-dot ensure-korean-font
	$(PY) tools/make_docs_assets.py

# The pages are the source; the notebooks are made from them (tests/test_notebooks.py
# checks they are current and runs them).
notebooks: $(VENV)/.stamp-$(DOCS_EXTRAS)
	$(PY) tools/notebooks.py

clean:
	rm -rf $(VENV) site build *.egg-info minigrad-out
