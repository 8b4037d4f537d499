# teamcoach — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: run setup test test-postgres test-multinode test-all lint fmt bench lock clean

# The virtualenv is rebuilt when the pinned requirements change.
$(BIN)/.installed: requirements.lock pyproject.toml package-lock.json
	@PY=$$(scripts/find-python) || exit 1; \
	  if [ ! -x $(BIN)/python ]; then echo "Creating $(VENV) with $$PY"; "$$PY" -m venv $(VENV); fi
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	npm ci --silent --no-audit --no-fund
	@touch $@

setup: $(BIN)/.installed
	$(BIN)/teamcoach setup

## Run the site on http://127.0.0.1:$(PORT) (PORT=8123 make run to change it).
run: setup
	PORT=$(PORT) $(BIN)/teamcoach serve

## The test suite on SQLite (server and browser tests included; they skip, with the reason, where a tool is missing).
test: $(BIN)/.installed
	$(BIN)/python -m pytest

## The same suite against PostgreSQL.
test-postgres: $(BIN)/.installed
	DATABASE_URL=$(PG_URL) $(BIN)/python -m pytest

## nginx, two app servers and their workers on PostgreSQL and Redis, through faults
## (docs/deploy.md; restarts the local PostgreSQL for 3 s).
test-multinode: $(BIN)/.installed
	$(BIN)/python scripts/multinode.py

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports
	$(BIN)/mypy --strict lineup --exclude lineup/tests

fmt: $(BIN)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(BIN)/.installed
	$(BIN)/python bench/bench_solver.py
	$(BIN)/python bench/bench_http.py
	$(BIN)/python bench/bench_rotation.py

## Re-pin every dependency (then run make test and commit requirements.lock).
lock: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --strip-extras --generate-hashes --allow-unsafe --extra dev \
	  --output-file requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) var
