# Bidbook: `make run` to try it, `make test` to run every test. Both need only Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUM := $(shell cksum pyproject.toml | cut -d' ' -f1)
# Two install stamps: `make run` installs only the app; tests and lint add the `test` extra.
APP_STAMP := $(VENV)/.installed-app-$(SUM)
STAMP := $(VENV)/.installed-test-$(SUM)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-extension extension lint format worker beat bench demo migrate clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Bidbook needs Python 3.11 or newer (set PYTHON=python3.11)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when pyproject.toml changes; each stamp's name carries its checksum. The test
# install includes the app, so it stands for both stamps.
$(APP_STAMP): $(BIN)/python pyproject.toml
	@if [ -e $(STAMP) ]; then touch $(APP_STAMP); else \
	  $(BIN)/python -m pip install --quiet -e . && \
	  rm -f $(VENV)/.installed-app-* && touch $(APP_STAMP); fi

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP) $(APP_STAMP)

migrate: $(APP_STAMP)
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

run: demo
	$(BIN)/python manage.py run_scheduled
	@echo ""
	@echo "  Bidbook is starting on http://$(HOST):$(PORT)/"
	@$(BIN)/python manage.py demo_login_hint
	@echo ""
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(STAMP) test-extension
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The extension's own unit tests need only Node.js (no npm packages); skipped, and said so, without it.
test-extension:
	@if command -v node >/dev/null 2>&1; then node --test extension/test/; \
	else echo "Node.js not found: the extension's unit tests were skipped (the browser tests skip too)."; fi

# The browser extension, unpacked in extension/dist/{chrome,firefox}/ and zipped for the stores:
# extension/dist/bidbook-chrome.zip and bidbook-firefox.zip. BIDBOOK_URL is the Bidbook address
# it is built for (its host permission); the options page can point it elsewhere later.
BIDBOOK_URL ?= $(or $(SITE_URL),http://127.0.0.1:8000)
extension:
	cd extension && npm ci --no-audit --no-fund --loglevel=error && node build.mjs --bidbook-url "$(BIDBOOK_URL)"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy config accounts vetting ledger dashboards workspace api bench

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

worker: $(APP_STAMP)
	@test -n "$$CELERY_BROKER_URL" || (echo "Set CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0) to run a worker." && exit 1)
	$(BIN)/celery -A config worker --loglevel=info

beat: $(APP_STAMP)
	@test -n "$$CELERY_BROKER_URL" || (echo "Set CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0) to run beat." && exit 1)
	$(BIN)/celery -A config beat --loglevel=info

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) staticfiles .mypy_cache .ruff_cache extension/dist extension/node_modules
