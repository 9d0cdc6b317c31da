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

## The dashboard's browser test drives the system's Chromium (never a browser Playwright downloads).
CHROMIUM ?= /usr/bin/chromium
$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

## Install what is needed and run every test against a real PostgreSQL.
test: $(STAMP) $(CHROMIUM)
	$(BIN)/ruff check app tests bench migrations
	$(BIN)/ruff format --check app tests bench migrations
	$(BIN)/mypy app
	ZL_CHROMIUM=$(CHROMIUM) $(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check app tests bench migrations
	$(BIN)/ruff format --check app tests bench migrations
	$(BIN)/mypy app

## Every benchmark, each against its baseline in the same run.
bench: $(STAMP)
	$(BIN)/python -m bench

## Hostile input at scale: schemathesis over every operation, FUZZ_VOORBEELDEN examples each
## (30 operations x 400 = 12,000), no 5xx and no answer outside the schema. Not part of `make test`.
FUZZ_VOORBEELDEN ?= 400
fuzz: $(STAMP)
	ZL_FUZZ_VOORBEELDEN=$(FUZZ_VOORBEELDEN) $(BIN)/pytest -q tests/api/test_schemathesis.py \
		--hypothesis-show-statistics

## Write the committed OpenAPI document from the code.
openapi: $(STAMP)
	$(BIN)/zelfstandigenloket openapi

clean:
	rm -rf $(VENV) var test-artifacts
