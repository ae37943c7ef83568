# Tousu — two commands: `make demo` runs the demo, `make test` runs lint and every test.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | sha1sum | cut -c1-12)

# The first Python >= 3.12 on PATH (.python-version selects 3.12 where pyenv is used).
PYTHON ?= $(shell for p in python3 python3.13 python3.12; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' \
	>/dev/null 2>&1 && { echo $$p; break; }; done)

.PHONY: install lock demo test lint format pytest-sqlite pytest-postgres bench messages clean e2e screenshots

$(STAMP): pyproject.toml requirements.lock
	@if [ -z "$(PYTHON)" ]; then \
		echo "Tousu needs Python >= 3.12, and none was found (python3 is $$(python3 --version 2>&1))."; \
		echo "Install Python 3.12 or 3.13 (e.g. 'pyenv install 3.12'; .python-version selects it)."; \
		exit 1; fi
	@echo "Setting up $(VENV) with $$($(PYTHON) --version)…"
	@[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --upgrade pip
	@# Exact versions, checked by hash (requirements.lock, made by `make lock`); then Tousu itself.
	@$(BIN)/python -m pip install -q --require-hashes -r requirements.lock
	@$(BIN)/python -m pip install -q --no-deps -e .
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

# Pin every dependency (with hashes) from pyproject.toml's ranges: run after changing them.
lock:
	@[ -x $(VENV)-lock/bin/pip-compile ] || { $(PYTHON) -m venv $(VENV)-lock && \
		$(VENV)-lock/bin/python -m pip install -q pip-tools; }
	$(VENV)-lock/bin/pip-compile -q --extra dev --generate-hashes --strip-extras \
		--no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

demo: $(STAMP)  ## migrate an SQLite database under ./var, load the demo centre, serve :8000
	$(BIN)/tousu demo

lint: $(STAMP)
	$(BIN)/ruff check tousu tests bench
	$(BIN)/ruff format --check tousu tests bench
	$(BIN)/mypy tousu tests bench
	$(BIN)/lint-imports --no-cache
	env -u DATABASE_URL TOUSU_HOME=$$(mktemp -d) $(BIN)/tousu manage makemigrations --check --dry-run

format: $(STAMP)
	$(BIN)/ruff check --fix tousu tests bench
	$(BIN)/ruff format tousu tests bench

pytest-sqlite: $(STAMP)
	@echo "== tests on SQLite =="
	env -u DATABASE_URL $(BIN)/pytest -n 2

pytest-postgres: $(STAMP)
	@echo "== tests on PostgreSQL ($(DATABASE_URL)) =="
	$(BIN)/pytest -n 2

# Lint, then the whole suite on SQLite, and on PostgreSQL too when DATABASE_URL points to one.
test: lint pytest-sqlite
	@if [ -n "$$DATABASE_URL" ]; then $(MAKE) --no-print-directory pytest-postgres; \
	else echo "DATABASE_URL is not set: PostgreSQL run skipped"; fi

# Translations: extract every marked string into tousu/locale/{zh_Hans,en} (docs/i18n.md), then
# compile the .mo files (committed, so running Tousu never needs gettext).
messages: $(STAMP)
	cd tousu && TOUSU_HOME=$$(mktemp -d) DJANGO_SETTINGS_MODULE=tousu.settings \
		../$(BIN)/django-admin makemessages -l zh_Hans -l en --ignore "demo/*"
	cd tousu && TOUSU_HOME=$$(mktemp -d) DJANGO_SETTINGS_MODULE=tousu.settings \
		../$(BIN)/django-admin compilemessages --ignore "demo/*"
	msgfmt --check --statistics -o /dev/null tousu/locale/zh_Hans/LC_MESSAGES/django.po

bench: $(STAMP)
	$(BIN)/python bench/bench_cases.py

# The end-to-end tests alone, in Debian's chromium (apt-get install chromium fonts-noto-cjk).
e2e: $(STAMP)
	env -u DATABASE_URL $(BIN)/pytest tests/e2e

# PNGs of the main pages (Chinese UI, demo data) to docs/screenshots/, for the README.
screenshots: $(STAMP)
	env -u DATABASE_URL $(BIN)/python tools/screenshots.py

clean:
	rm -rf $(VENV) $(VENV)-lock var .mypy_cache .ruff_cache
