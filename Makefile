# Set-up and everyday commands. `make run` to try it, `make test` to check it.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMPS := .make
NHSUK_DIST := node_modules/nhsuk-frontend/dist/nhsuk
STATIC_NHSUK := static/nhsuk
# Debian packages: WeasyPrint's text layout and fonts for PDFs; Node.js to fetch the
# NHS.UK frontend assets; Chromium for the browser tests.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
NODE_PACKAGES := nodejs npm
BROWSER_PACKAGES := chromium
# Two workers: the machines this runs on have two cores. `make test PYTEST_WORKERS=0` for one.
PYTEST_WORKERS ?= 2
PYTEST_ARGS ?=
# Runs apt-get as root, or through sudo for everyone else.
APT := $(if $(filter 0,$(shell id -u)),,sudo) apt-get

export FLASK_APP := wsgi
# Development: a secret key made once and kept in instance/, cookies over plain http.
DEV := GOVERNORS_ENV=development

.PHONY: install install-test lock run test lint format migration bench load browser clean

install: $(STAMPS)/system $(STAMPS)/python $(STATIC_NHSUK)/nhsuk-frontend.min.css

install-test: install $(STAMPS)/python-test browser

$(STAMPS):
	@mkdir -p $(STAMPS)

# pyvenv.cfg is a real file made with the environment, so a deleted .venv is noticed.
# Debian's own Python leaves venv's pip installer to the python3-venv package.
$(VENV)/pyvenv.cfg:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python 3.11 or later is needed (found $$($(PYTHON) --version))."; exit 1; }
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || { echo "Installing python3-venv"; \
	  $(APT) update -qq && DEBIAN_FRONTEND=noninteractive $(APT) install -y -qq python3-venv; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip

# Installs only the Debian packages that are missing, so a second run asks apt nothing.
define apt_install_missing
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(APT) update -qq && DEBIAN_FRONTEND=noninteractive $(APT) install -y -qq $$missing; \
	fi
endef

$(STAMPS)/system: | $(STAMPS)
	$(call apt_install_missing,$(SYSTEM_PACKAGES))
	@command -v npm >/dev/null || { $(APT) update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(APT) install -y -qq $(NODE_PACKAGES); }
	@touch $@

browser:
	@[ -x /usr/bin/chromium ] || { echo "Installing Chromium for the browser tests"; \
	  $(APT) update -qq && DEBIAN_FRONTEND=noninteractive $(APT) install -y -qq $(BROWSER_PACKAGES); }

# The exact versions in the lock files, then the package itself (editable, no dependencies:
# the lock has them all). A changed lock file or pyproject.toml installs again.
$(STAMPS)/python: requirements.lock pyproject.toml $(VENV)/pyvenv.cfg | $(STAMPS)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

$(STAMPS)/python-test: requirements-test.lock $(STAMPS)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-test.lock
	@touch $@

# Rebuilds the lock files from pyproject.toml's ranges, keeping every version already locked
# unless it no longer fits. `make lock LOCK_ARGS=--upgrade` moves everything to the newest.
UV_VERSION := 0.13.9
LOCK_ARGS ?=
LOCK := $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 --quiet \
  --custom-compile-command "make lock" $(LOCK_ARGS)
lock: $(VENV)/pyvenv.cfg
	$(BIN)/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(LOCK) --extra standalone -o requirements.lock
	$(LOCK) --extra test -o requirements-test.lock

# The NHS.UK frontend's built styles, scripts and images, copied from the pinned npm
# package; they are not committed. The target is a copied file, so deleting them is noticed.
$(STATIC_NHSUK)/nhsuk-frontend.min.css: package.json package-lock.json | $(STAMPS)/system
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(STATIC_NHSUK) && mkdir -p $(STATIC_NHSUK)
	cp $(NHSUK_DIST)/nhsuk-frontend.min.css $(NHSUK_DIST)/nhsuk-frontend.min.js $(STATIC_NHSUK)/
	cp -r $(NHSUK_DIST)/assets $(STATIC_NHSUK)/assets

run: install
	@mkdir -p instance
	$(DEV) $(BIN)/flask db upgrade
	$(DEV) $(BIN)/flask governors demo --if-empty
	@echo
	@$(DEV) $(BIN)/flask governors demo-sign-ins
	@echo
	@echo "Serving on http://127.0.0.1:5000 (Ctrl+C to stop)"
	$(DEV) $(BIN)/flask run --host 127.0.0.1 --port 5000

test: install-test
	$(BIN)/pytest -p no:cacheprovider -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Page timings and query counts on a large made-up council (not part of the test suite).
# The cycle collector is off while measuring: on Python 3.11, a collection after the test
# client has rendered the request queue with thousands of requests crashes the interpreter.
BENCH_ARGS ?= --no-gc
bench: install-test
	$(BIN)/python -m bench.pages $(BENCH_ARGS)
	$(BIN)/python -m bench.minutes_pdf
	$(BIN)/python -m bench.meeting_queries
	$(BIN)/python -m bench.actions_log
	$(BIN)/python -m bench.pack
	$(BIN)/python -m bench.ratios $(BENCH_ARGS)

# The production set-up under load: gunicorn with 4 workers on a fresh PostgreSQL database
# and Redis, driven by Locust (500 users, then a step test against a bare Flask app).
# `make load LOAD_ARGS=--quick` for a short run; LOAD_ARGS="--database-url URL" for another server.
LOAD_ARGS ?=
load: install-test
	$(BIN)/python -m bench.load $(LOAD_ARGS)

# Rebuilds the single initial migration from the models (only while nothing is deployed).
migration: install
	rm -f migrations/versions/0001_initial_schema.py
	tmp=$$(mktemp -d) && DATABASE_URL=sqlite:///$$tmp/schema.sqlite3 $(DEV) \
	  $(BIN)/flask db revision --autogenerate -m "initial schema" --rev-id 0001 && rm -rf $$tmp
	$(BIN)/ruff check -q --fix migrations; $(BIN)/ruff format -q migrations

clean:
	rm -rf $(STAMPS) $(STATIC_NHSUK) build dist *.egg-info
