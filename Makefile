# teamcoach — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
# Extra pytest options, e.g. PYTEST_ARGS=--durations=25 (CI) or PYTEST_ARGS='-k lineup'.
PYTEST_ARGS ?=
# The fast tier: everything that runs inside one Python process (unit and page tests).
FAST := -m "not server and not browser and not slow"
PIP_COMPILE := $(BIN)/pip-compile --quiet --strip-extras --generate-hashes --allow-unsafe \
  --no-emit-index-url --no-emit-find-links

.PHONY: run setup messages test test-all test-postgres test-multinode lint fmt bench bench-short lock clean

# Two stamps, two locks: the runtime (requirements.lock: what `make run` and production
# need) and the development tools on top (requirements-dev.lock and npm's axe-core).
# A stamp is rebuilt when its lock, or the stamp it builds on, is newer.
$(BIN)/.runtime: requirements.lock pyproject.toml
	@PY=$$(scripts/find-python) || exit 1; \
	  if [ ! -x $(BIN)/python ]; then echo "Creating $(VENV) with $$PY"; "$$PY" -m venv $(VENV); fi
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

$(BIN)/.installed: $(BIN)/.runtime requirements-dev.lock package-lock.json
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	npm ci --silent --no-audit --no-fund
	@touch $@

setup: $(BIN)/.runtime
	$(BIN)/teamcoach setup

## Refresh the translation catalogues (locale/) from the code; then translate what is new.
messages: $(BIN)/.installed
	$(BIN)/teamcoach messages

## Run the site on http://127.0.0.1:$(PORT) (PORT=8123 make run to change it).
run: setup
	PORT=$(PORT) $(BIN)/teamcoach serve

## The fast tier on SQLite: unit and page tests, no server, no browser (a few minutes).
test: $(BIN)/.installed
	$(BIN)/python -m pytest $(FAST) $(PYTEST_ARGS)

## Every tier: also the real server, Chromium and the attack suite (tools missing: skip, CI: fail).
test-all: $(BIN)/.installed
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## Every tier against PostgreSQL.
test-postgres: $(BIN)/.installed
	DATABASE_URL=$(PG_URL) $(BIN)/python -m pytest $(PYTEST_ARGS)

## nginx, two app servers and their workers on PostgreSQL and Redis, through faults
## (docs/deploy.md; restarts the local PostgreSQL for 3 s).
test-multinode: $(BIN)/.installed
	$(BIN)/python scripts/multinode.py

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports
	$(BIN)/mypy

fmt: $(BIN)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Figures, not pass/fail: HTTP cases as ratios to /healthz, queries per page, solver (bench/README.md).
bench: $(BIN)/.installed
	$(BIN)/python bench/bench_solver.py
	$(BIN)/python bench/bench_http.py
	$(BIN)/python bench/bench_queries.py
	$(BIN)/python bench/bench_rotation.py

## The HTTP bench, 2 s per case (CI): prints figures, fails only when a case answers errors.
bench-short: $(BIN)/.installed
	$(BIN)/python bench/bench_http.py --short

## Re-pin the dependencies (then make test-all and commit both locks).
## The development lock is constrained by the runtime one: the same versions in both.
lock: $(BIN)/.installed
	$(PIP_COMPILE) --output-file requirements.lock pyproject.toml
	$(PIP_COMPILE) --extra dev --constraint requirements.lock \
	  --output-file requirements-dev.lock pyproject.toml

clean:
	rm -rf $(VENV) var
