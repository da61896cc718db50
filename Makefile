# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEV_ENV := DJANGO_DEBUG=1
# Tests run with DEBUG off, as production does; the key only signs test sessions.
TEST_ENV := DJANGO_SECRET_KEY=test-only-not-a-secret
PORT ?= 8000

.PHONY: install run test lint format mutation

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# From the npm registry: the world outline of the maps (world-atlas) and, for the tests,
# axe-core (package-lock.json pins both).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(BIN)/.installed node_modules/.installed

run: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py import_cables fixtures/cables
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(TEST_ENV) $(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Mutation testing of the parser and the extractor (slow: run it now and then, not in CI).
mutation: install
	$(TEST_ENV) $(BIN)/mutmut run --max-children 2
	$(BIN)/mutmut results
