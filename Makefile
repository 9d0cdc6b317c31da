# Two commands on a fresh machine with only Python 3.11+: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench fuzz openapi clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

## Start the register simulators and the API (embedded PostgreSQL when DATABASE_URL is unset).
run: $(STAMP)
	$(BIN)/zelfstandigenloket serve

## Install what is needed and run every test against a real PostgreSQL.
test: $(STAMP)
	$(BIN)/ruff check app tests bench
	$(BIN)/mypy app
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check app tests bench
	$(BIN)/mypy app

## Every benchmark, each against its baseline in the same run.
bench: $(STAMP)
	$(BIN)/python -m bench

## Write the committed OpenAPI document from the code.
openapi: $(STAMP)
	$(BIN)/zelfstandigenloket openapi

clean:
	rm -rf $(VENV) var test-artifacts
