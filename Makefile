# Two entry points, each creating its own virtual environment on a fresh machine:
#   make serve   build the project's site (with the demo report page) and serve it
#   make test    run the gates (ruff, mypy) and every test, the browser test included
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build demo lint test test-fast browser fuzz-long bench rules-doc screenshots clean

$(BIN)/mkdocs-report: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

serve: $(BIN)/mkdocs-report
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(BIN)/mkdocs-report
	$(BIN)/mkdocs build

# The demo as a student's project: docs/mkdocs.yaml with docs_dir: source, the report in reports/.
demo: $(BIN)/mkdocs-report
	cd demo/docs && ../../$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8001

# The browser test needs Debian's chromium (apt-get install chromium); .ci/run installs it.
# The gates: lint and types first, so a test run never starts on code they reject.
lint: $(BIN)/mkdocs-report
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest

# The inner loop, under a minute: every test but those marked slow (real builds, servers, command lines) or browser.
test-fast: $(BIN)/mkdocs-report
	$(BIN)/python -m pytest -m "not slow and not browser"

browser: $(BIN)/mkdocs-report
	$(BIN)/python -m pytest -m browser

fuzz-long: $(BIN)/mkdocs-report
	$(BIN)/python scripts/fuzz_long.py

bench: $(BIN)/mkdocs-report
	$(BIN)/python benchmarks/run.py

rules-doc: $(BIN)/mkdocs-report
	$(BIN)/mkdocs-report rules > docs/rules.md

# The picture on 'Add it to your course project' (needs Debian's chromium).
screenshots: $(BIN)/mkdocs-report
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) site test-artifacts .pytest_cache
