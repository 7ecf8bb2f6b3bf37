# Milepost: `make serve` to run it, `make test` to test it. See README.md.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export MILEPOST_DATA_DIR ?= $(CURDIR)/var

.PHONY: serve test lint format bench bench-site bench-mail bench-book system-test-deps clean

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

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: bench-site bench-mail bench-book

bench-site: $(VENV)/.installed-test
	$(BIN)/python -m bench

bench-mail: $(VENV)/.installed-test
	$(BIN)/python -m bench.mail_import

bench-book: $(VENV)/.installed-test
	$(BIN)/python -m bench.book_export

clean:
	rm -rf $(VENV)
