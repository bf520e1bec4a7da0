# Set-up and everyday commands. `make run` to try it, `make test` to check it.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMPS := .make
NHSUK_DIST := node_modules/nhsuk-frontend/dist/nhsuk
STATIC_NHSUK := governors/static/nhsuk
# Debian packages: WeasyPrint's text layout, fonts for PDFs, and Chromium for browser tests.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
BROWSER_PACKAGES := chromium

export FLASK_APP := wsgi

.PHONY: install install-test run test lint format migration clean system browser

install: $(STAMPS)/system $(STAMPS)/python $(STAMPS)/assets

install-test: install $(STAMPS)/python-test browser

$(STAMPS):
	@mkdir -p $(STAMPS)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMPS)/system: | $(STAMPS)
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $$missing; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq $$missing; fi; \
	fi
	@touch $@

browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $(BROWSER_PACKAGES); \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq $(BROWSER_PACKAGES); fi; \
	fi

$(STAMPS)/python: pyproject.toml | $(BIN)/python $(STAMPS)
	$(BIN)/pip install --quiet -e .
	@touch $@

$(STAMPS)/python-test: pyproject.toml $(STAMPS)/python
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

$(STAMPS)/assets: package.json package-lock.json | $(STAMPS)
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(STATIC_NHSUK) && mkdir -p $(STATIC_NHSUK)
	cp $(NHSUK_DIST)/nhsuk-frontend.min.css $(NHSUK_DIST)/nhsuk-frontend.min.js $(STATIC_NHSUK)/
	cp -r $(NHSUK_DIST)/assets $(STATIC_NHSUK)/assets
	@touch $@

run: install
	@mkdir -p instance
	GOVERNORS_ENV=development $(BIN)/flask db upgrade
	GOVERNORS_ENV=development $(BIN)/flask governors demo --if-empty
	GOVERNORS_ENV=development $(BIN)/flask governors demo-sign-ins
	GOVERNORS_ENV=development $(BIN)/flask run --host 127.0.0.1 --port 5000

test: install-test
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Rebuilds the single initial migration from the models (only while nothing is deployed).
migration: install
	rm -f governors/migrations/versions/0001_initial_schema.py
	tmp=$$(mktemp -d) && DATABASE_URL=sqlite:///$$tmp/schema.sqlite3 GOVERNORS_ENV=development \
	  $(BIN)/flask db revision --autogenerate -m "initial schema" --rev-id 0001 && rm -rf $$tmp
	$(BIN)/ruff check -q --fix governors/migrations; $(BIN)/ruff format -q governors/migrations

clean:
	rm -rf $(STAMPS) $(STATIC_NHSUK) build dist *.egg-info
