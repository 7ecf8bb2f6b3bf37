# Milepost: `make serve` to run it, `make test` to test it. See README.md.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
TEMPLATES := $(shell find milepost -path '*/templates/*' -name '*.html')
export MILEPOST_DATA_DIR ?= $(CURDIR)/var

.PHONY: serve test lint format migrations-check bench bench-site bench-mail bench-book bench-desk bench-insights bench-scale bench-lighthouse bench-deps system-test-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The stamp files record which lock file the venv was last installed from.
$(VENV)/.installed: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $@

$(VENV)/.installed-test: requirements-test.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-test.txt
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $@ $(VENV)/.installed

serve: $(VENV)/.installed
	PORT=$(PORT) $(BIN)/milepost serve

system-test-deps:
	@scripts/system-test-deps.sh

test: $(VENV)/.installed-test system-test-deps
	$(BIN)/pytest $(PYTEST_ARGS)

# Style, the one-way app layers (pyproject's [tool.importlinter]), types, template indentation.
lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/djhtml --check $(TEMPLATES)

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	$(BIN)/djhtml $(TEMPLATES)

migrations-check: $(VENV)/.installed-test
	$(BIN)/milepost makemigrations --check --dry-run

bench: bench-site bench-mail bench-book bench-desk

bench-deps:
	@scripts/bench-deps.sh

bench-site: $(VENV)/.installed-test bench-deps
	$(BIN)/python -m bench

bench-mail: $(VENV)/.installed-test
	$(BIN)/python -m bench.mail_import

bench-book: $(VENV)/.installed-test
	$(BIN)/python -m bench.book_export

# The editorial desk with 50,000 submissions on PostgreSQL (its own database).
bench-desk: $(VENV)/.installed-test
	$(BIN)/python -m bench.desk

# Readership counting under wrk and the Insights report, on PostgreSQL (its own database).
bench-insights: $(VENV)/.installed-test bench-deps
	$(BIN)/python -m bench.insights

clean:
	rm -rf $(VENV)

# 100,000 stories in PostgreSQL (its own database, milepost_scale): each listing's p50 vs 100 ms.
# Lighthouse (npm, into bench/.lighthouse) on a story, a callout page and the form.
bench-lighthouse: $(VENV)/.installed-test system-test-deps
	$(BIN)/python -m bench.lighthouse

bench-scale: $(VENV)/.installed-test
	$(BIN)/python -m bench.scale
