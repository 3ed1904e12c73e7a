# Flux: two commands for a newcomer, `make book` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
EXTRAS ?= book,dev

.PHONY: book pdf test test-fast lint lab bench clean help setup mathjax axe assignments grade section

help:
	@echo "make book   build the HTML book into _build/html (executes every notebook)"
	@echo "make pdf    build the PDF edition into _build/pdf/flux.pdf through LaTeX (xelatex)"
	@echo "make test   lint, type check and run every test (unit, notebooks, book build)"
	@echo "make test-fast  the quick inner loop: fluxlib unit tests (no coursework, notebooks, book, PDF or browser), under a minute"
	@echo "make lab    open the notebooks in JupyterLab"
	@echo "make bench  solver, widget and build-time benchmarks into _build/bench"
	@echo "make section CHAPTER=2 SECTION=8 TOPIC=key TITLE=\"...\"  scaffold a new section"

# The venv step runs first in every target that needs it. tools/venv.py records which extras
# are installed (and pyproject.toml's hash) and installs only what is missing, so `make book`
# then `make test` gets the `course` extra that only the tests need. Target-specific EXTRAS
# reach it through the prerequisites (make test -> lint -> setup).
setup:
	$(PYTHON) tools/venv.py --extras $(EXTRAS) --python $(PYTHON)

mathjax: book/_static/mathjax/tex-chtml.js
book/_static/mathjax/tex-chtml.js:
	bash tools/fetch_mathjax.sh

axe: _build/axe/axe.min.js
_build/axe/axe.min.js:
	mkdir -p _build/axe && cd _build/axe && npm pack axe-core@4 --silent >/dev/null && tar xzf axe-core-*.tgz && cp package/axe.min.js .

book: setup mathjax
	$(BIN)/jupyter-book build . --warningiserror --keep-going
	@echo "The book is in _build/html/index.html"

# The PDF edition: Sphinx's LaTeX builder, then latexmk with xelatex (Debian: latexmk,
# texlive-xetex, texlive-latex-extra, fonts-freefont-otf; .ci/run installs them). Notebooks
# execute through the same jupyter-cache as `make book`. The PDF is also copied into the
# HTML site, whose landing page links to it.
pdf: setup
	rm -f _build/latex/flux.pdf
	$(BIN)/jupyter-book build . --builder pdflatex --warningiserror --keep-going
	test -s _build/latex/flux.pdf
	mkdir -p _build/pdf _build/html
	cp _build/latex/flux.pdf _build/pdf/flux.pdf
	cp _build/latex/flux.pdf _build/html/flux.pdf
	@echo "The PDF is in _build/pdf/flux.pdf"

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: EXTRAS = book,dev,course
test: lint mathjax axe
	$(BIN)/python -m pytest

# The inner loop: fluxlib and coursework logic, no notebooks, book, PDF or browser (< 1 min).
test-fast: setup
	$(BIN)/python -m pytest -q -m "not notebooks and not book and not browser and not pdf and not slow" -p no:cacheprovider

lab: setup
	$(BIN)/jupyter lab notebooks/

# Benchmarks measure speed; they are not tests (nothing here runs under pytest). Each script
# writes _build/bench/<name>.json and prints a table; build.py builds in a temporary copy.
bench: setup mathjax
	$(BIN)/python -c "import fipy, pde, networkx" 2>/dev/null || $(BIN)/python -m pip install --quiet -e ".[bench]"
	mkdir -p _build/bench
	$(BIN)/python benchmarks/solvers.py
	$(BIN)/python benchmarks/widgets.py
	$(BIN)/python benchmarks/build.py
	$(BIN)/python benchmarks/grading.py

# Coursework (otter-grader): build the three assignments, then grade a folder of submissions.
# SEED is the course's own seed, kept private (empty: the public seed 0, the masters' numbers);
# STUDENTS a file of student ids, one per line, for one variant of each question per student.
SEED ?=
STUDENTS ?=
assignments: EXTRAS = book,dev,course
assignments: setup
	$(BIN)/python -m coursework.assign $(if $(SEED),--seed $(SEED)) $(if $(STUDENTS),--students $(STUDENTS))

grade: EXTRAS = book,dev,course
grade: setup
	@test -n "$(ASSIGNMENT)" -a -n "$(SUBMISSIONS)" || { echo "usage: make grade ASSIGNMENT=<name> SUBMISSIONS=<folder>"; exit 2; }
	@test -f _build/assignments/$(ASSIGNMENT)/course.json || { echo "run make assignments (with your SEED) first: _build/assignments/$(ASSIGNMENT)/course.json is missing"; exit 2; }
	$(BIN)/python -m coursework.grade $(ASSIGNMENT) $(SUBMISSIONS)

# A new section: notebook, toc entry, models/symbolic/plotting/widgets modules named TOPIC, an
# answers module and a test file, all passing the checks (tools/new_section.py; it never
# overwrites a file and refuses a used TOPIC or section number).
section: setup
	@test -n "$(CHAPTER)" -a -n "$(SECTION)" -a -n "$(TOPIC)" -a -n "$(TITLE)" || { echo 'usage: make section CHAPTER=<n> SECTION=<m> TOPIC=<key> TITLE="<title>"'; exit 2; }
	$(BIN)/python tools/new_section.py --chapter "$(CHAPTER)" --section "$(SECTION)" --topic "$(TOPIC)" --title "$(TITLE)"

clean:
	rm -rf _build
