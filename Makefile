# The two commands: `make run` and `make test`. Everything they need is installed here.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
NPM_STAMP := node_modules/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test seed bench wrk lint format install browser clean-test-db backup restore mail-worker import-worker

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e ".[dev]"
	touch $(STAMP)

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NPM_STAMP)

install: $(STAMP) $(NPM_STAMP)

# Debian's Chromium for the browser tests; installed when missing and apt is there, else a loud failure.
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
		if command -v apt-get >/dev/null 2>&1; then \
			echo "Installing Debian's chromium for the browser tests"; \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) || \
			(sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium); \
		fi; \
	fi
	@test -x $(CHROMIUM) || (echo "FEHLER: $(CHROMIUM) fehlt und konnte nicht installiert werden; die Browser-Tests laufen nicht." >&2; exit 1)

# The public address (PUBLIC_BASE_URL, the host of every link in mails and feeds) follows HOST and PORT unless set.
run: export PUBLIC_BASE_URL ?= http://$(HOST):$(PORT)
run: install
	DJANGO_SETTINGS_MODULE=cms.settings.dev $(PY) manage.py migrate --no-input
	DJANGO_SETTINGS_MODULE=cms.settings.dev $(PY) manage.py seed_demo
	DJANGO_SETTINGS_MODULE=cms.settings.dev $(PY) manage.py runserver $(HOST):$(PORT)

seed: install
	DJANGO_SETTINGS_MODULE=cms.settings.dev $(PY) manage.py migrate --no-input
	DJANGO_SETTINGS_MODULE=cms.settings.dev $(PY) manage.py seed_demo $(if $(SCALE),--scale $(SCALE),)

test: install browser
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) manage.py collectstatic --no-input --verbosity 0
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest --create-db $(PYTEST_ARGS)

# wrk (Debian package) for the load part of the bench; installed when missing and apt is there, else a loud failure.
wrk:
	@if ! command -v wrk >/dev/null 2>&1; then \
		if command -v apt-get >/dev/null 2>&1; then \
			echo "Installing Debian's wrk for make bench"; \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk) || \
			(sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk); \
		fi; \
	fi
	@command -v wrk >/dev/null 2>&1 || (echo "FEHLER: wrk fehlt und konnte nicht installiert werden; make bench misst keinen Durchsatz." >&2; exit 1)

# Exits non-zero when a page type is over its target (more than 2.5 x the bare Wagtail page of the same run).
# BENCH_ARGS passes options on, e.g. BENCH_ARGS="--no-load --keep-data" for a quick rerun.
bench: install wrk
	$(PY) scripts/bench.py $(if $(SCALE),--scale $(SCALE),) $(BENCH_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Backup and restore (cms/operations/backup.py): database and MEDIA_ROOT into backups/<time stamp>/ with a manifest.
# Uses the environment as it is (DJANGO_SETTINGS_MODULE, DATABASE_URL, MEDIA_ROOT); no install step.
backup:
	$(PY) manage.py backup

restore:
	@test -n "$(BACKUP)" || (echo "FEHLER: Bitte die Sicherung angeben: make restore BACKUP=backups/<Zeitstempel>" >&2; exit 1)
	$(PY) manage.py restore "$(BACKUP)"

# Sends queued e-mails (cms/operations/mail.py) until stopped; in production as its own service beside gunicorn.
mail-worker:
	$(PY) manage.py mail_worker

# Imports partner calendars queued in the admin (netzwerk/import_tasks.py) until stopped; beside gunicorn.
import-worker:
	$(PY) manage.py import_worker
