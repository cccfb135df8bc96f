# Lotsen: `make run` starts the suite with demo data; `make test` runs every test tier.
# Each target creates or reuses .venv; the install is redone only when pyproject.toml changes.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test lint bench venv clean i18n

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

run: venv
	@# The certificate PDF embeds Debian's Noto fonts (shared/fonts.py); install them when missing.
	$(PY) -m shared.fonts
	$(VENV)/bin/lotsen up --demo

test: venv
	$(VENV)/bin/ruff check .
	@# The browser tests drive Debian's Chromium (never a Playwright download); install it when missing.
	$(PY) -m tests.browser.chromium
	@# The certificate PDF embeds Debian's Noto fonts (Latin, Cyrillic, Arabic, Ethiopic); install them when missing.
	$(PY) -m shared.fonts
	@# Counterparts from npm (oidc-provider, ical.js, axe-core), installed from the lock file with npm ci.
	$(PY) -m tests.node
	$(PY) -m pytest

# Extract every marked message into the templates, merge them into each language's .po file, then check
# that the catalogues are complete and their placeholders match (shared/catalogues.py; docs/web.md).
i18n: venv
	$(PY) -m shared.catalogues extract

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: venv
	$(PY) -m bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
