# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEV_ENV := DJANGO_DEBUG=1
# Tests run with DEBUG off, as production does; the key only signs test sessions.
TEST_ENV := DJANGO_SECRET_KEY=test-only-not-a-secret
PORT ?= 8000

# The demo archive: the seed and the 110 corpus cables annotated for trafficking cases.
DEMO := fixtures/cables fixtures/demo/cables.csv.gz

.PHONY: install install-run run test lint format mutation

# Everything, for tests and lint; what serving needs is marked installed with it.
$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/.installed-run $@

# What serving needs, and no more: a first `make run` does not wait for the test tools.
# (Nothing to do where everything is installed already.)
$(BIN)/.installed-run: pyproject.toml
	if [ ! $(BIN)/.installed -nt pyproject.toml ]; then \
	    $(PYTHON) -m venv $(VENV) && $(BIN)/pip install --quiet --disable-pip-version-check -e .; \
	fi
	touch $@

# From the npm registry: the world outline of the maps (world-atlas) and, for the tests,
# axe-core (package-lock.json pins both).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch node_modules/.installed-run $@

node_modules/.installed-run: package.json package-lock.json
	if [ ! node_modules/.installed -nt package-lock.json ]; then \
	    npm ci --omit=dev --no-audit --no-fund --loglevel=error; \
	fi
	touch $@

install: $(BIN)/.installed node_modules/.installed

install-run: $(BIN)/.installed-run node_modules/.installed-run

# Imports the demo archive in bulk mode, idempotently: a second run finds every cable
# unchanged without parsing it, and serves at once.
run: install-run
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py import_cables --bulk $(DEMO)
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
# The tests run from a copy in mutants/, so the corpus beside the clone is named for them.
mutation: install
	$(TEST_ENV) CABLE_CORPUS=$(abspath ..)/shared/corpus $(BIN)/mutmut run --max-children 2
	$(BIN)/mutmut results
