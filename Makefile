# Flux: two commands for a newcomer, `make book` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.flux-installed
EXTRAS ?= book,dev

.PHONY: book test lint lab bench clean help setup mathjax axe assignments grade

help:
	@echo "make book   build the HTML book into _build/html (executes every notebook)"
	@echo "make test   lint, type check and run every test (unit, notebooks, book build)"
	@echo "make lab    open the notebooks in JupyterLab"
	@echo "make bench  solver, widget and build-time benchmarks into _build/bench"

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[$(EXTRAS)]"
	# Build matplotlib's font cache now, so no notebook prints the notice about it.
	$(BIN)/python -c "import matplotlib.pyplot"
	touch $(STAMP)

setup: $(STAMP)

mathjax: book/_static/mathjax/tex-chtml.js
book/_static/mathjax/tex-chtml.js:
	bash tools/fetch_mathjax.sh

axe: _build/axe/axe.min.js
_build/axe/axe.min.js:
	mkdir -p _build/axe && cd _build/axe && npm pack axe-core@4 --silent >/dev/null && tar xzf axe-core-*.tgz && cp package/axe.min.js .

book: $(STAMP) mathjax
	$(BIN)/jupyter-book build . --warningiserror --keep-going
	@echo "The book is in _build/html/index.html"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: EXTRAS = book,dev,course
test: lint mathjax axe
	$(BIN)/python -m pytest

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

# Benchmarks measure speed; they are not tests (nothing here runs under pytest). Each script
# writes _build/bench/<name>.json and prints a table; build.py builds in a temporary copy.
bench: $(STAMP) mathjax
	$(BIN)/python -c "import fipy, pde, networkx" 2>/dev/null || $(BIN)/python -m pip install --quiet -e ".[bench]"
	mkdir -p _build/bench
	$(BIN)/python benchmarks/solvers.py
	$(BIN)/python benchmarks/widgets.py
	$(BIN)/python benchmarks/build.py

# Coursework (otter-grader): build the three assignments, then grade a folder of submissions.
assignments: EXTRAS = book,dev,course
assignments: $(STAMP)
	$(BIN)/python -m coursework.assign

grade: EXTRAS = book,dev,course
grade: $(STAMP)
	@test -n "$(ASSIGNMENT)" -a -n "$(SUBMISSIONS)" || { echo "usage: make grade ASSIGNMENT=<name> SUBMISSIONS=<folder>"; exit 2; }
	test -f _build/assignments/$(ASSIGNMENT)/autograder/autograder.zip || $(BIN)/python -m coursework.assign $(ASSIGNMENT)
	$(BIN)/python -m coursework.grade $(ASSIGNMENT) $(SUBMISSIONS)

clean:
	rm -rf _build
