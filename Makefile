# Newsroom: `make run` serves the demo site, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
RUN_ENV := DJANGO_DEBUG=1
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev migrate demo lint format check browser axe bench clean

run: install migrate demo
	@echo "Serving Newsroom on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	$(RUN_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install-dev
	$(BIN)/pytest

# Stamp files keep repeat runs fast: pip only runs again when pyproject.toml changes.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput

demo: install
	$(RUN_ENV) $(BIN)/python manage.py load_demo

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: install-dev
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

browser: install-dev axe
	$(BIN)/pytest -m browser

# axe-core for the accessibility browser test, kept outside the repository.
AXE_DIR ?= $(HOME)/.cache/newsroom
axe:
	@test -f $(AXE_DIR)/node_modules/axe-core/axe.min.js || \
	  npm install --silent --no-audit --no-fund --prefix $(AXE_DIR) axe-core

bench: install
	$(BIN)/python bench/pages.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
