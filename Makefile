# make run   - set everything up, migrate the embedded SQLite database, load the demo, serve
#              on http://$(HOST):$(PORT)
# make test  - set everything up, install the test tools, run the whole test suite
#              (PYTEST_ARGS="-k something" to run part of it)
# make lint  - ruff (settings in pyproject.toml); fails when it finds anything
# Both are idempotent. Needs Python 3.11+ with venv, and Node.js with npm.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app app
HOST ?= 127.0.0.1
PORT ?= 5000
BUILD := static/build
# The project installs no package of its own (the app runs from this directory), so pip
# installs it plainly: an editable install only adds setuptools' build warning. MOJ
# Frontend's Sass calls a GOV.UK mixin deprecated upstream and forces the warning on
# (--quiet-deps cannot reach it): moj.scss holds none of our own rules, so it builds
# with --quiet; app.scss keeps its warnings.
SASS := node_modules/.bin/sass --load-path=node_modules --load-path=. --load-path=static/scss \
	--style=compressed --no-source-map --quiet-deps

.PHONY: setup run test test-deps assets static clean-assets migrate demo lint

setup: $(VENV)/.installed assets

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet .
	touch $@

$(VENV)/.test-installed: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

assets: node_modules/.installed $(BUILD)/app.css $(BUILD)/moj.css $(BUILD)/.copied

SCSS := $(wildcard static/scss/*.scss)

$(BUILD)/app.css: $(SCSS) node_modules/.installed
	mkdir -p $(BUILD)
	$(SASS) static/scss/app.scss $@

$(BUILD)/moj.css: $(SCSS) node_modules/.installed
	mkdir -p $(BUILD)
	$(SASS) --quiet static/scss/moj.scss $@

$(BUILD)/.copied: node_modules/.installed
	mkdir -p $(BUILD)/govuk $(BUILD)/moj $(BUILD)/chartjs
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js $(BUILD)/govuk/
	cp -r node_modules/govuk-frontend/dist/govuk/assets $(BUILD)/govuk/
	cp node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.js $(BUILD)/moj/
	cp -r node_modules/@ministryofjustice/frontend/moj/assets $(BUILD)/moj/
	cp node_modules/chart.js/dist/chart.umd.min.js $(BUILD)/chartjs/
	touch $@

# For production: fingerprinted, compressed copies and their manifest in dist/static/
static: assets
	$(PY) -m views.static_files static dist/static

migrate: setup
	$(FLASK) db upgrade

demo: migrate
	$(FLASK) demo --host $(HOST) --port $(PORT)

# A development machine's demo: no second factor asked of the demo admin unless set.
REQUIRE_SECOND_FACTOR ?= none

run: demo
	REQUIRE_SECOND_FACTOR=$(REQUIRE_SECOND_FACTOR) $(FLASK) run --host $(HOST) --port $(PORT)

test: setup $(VENV)/.test-installed
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(VENV)/.test-installed
	$(VENV)/bin/ruff check .
