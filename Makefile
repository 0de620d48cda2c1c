# Perspectief op Werk portal. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
TEST_ENV := DJANGO_SETTINGS_MODULE=pow_portal.settings.test
# Debian packages, each with the command or library that shows it is there: Chromium for the browser
# tests, Pango for WeasyPrint, gettext for translations, poppler-utils to read generated PDFs in tests,
# Java for the W3C Nu HTML checker, the PostgreSQL server binaries for the fault drill's private cluster.
SYSTEM_DEPS := /usr/bin/chromium:chromium msgfmt:gettext pdffonts:poppler-utils npm:npm java:default-jre-headless \
	/usr/lib/postgresql/15/bin/initdb:postgresql-15 \
	libpango-1.0.so.0:libpango-1.0-0 libpangoft2-1.0.so.0:libpangoft2-1.0-0 libharfbuzz-subset.so.0:libharfbuzz-subset0

.DEFAULT_GOAL := help
.PHONY: help install system-deps run test test-fast lint security fmt worker beat bench messages backup restore demo-code

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  %-12s %s\n", $$1, $$2}'

system-deps: ## Install missing Debian packages (only as root; otherwise say what is missing)
	@missing=""; for dep in $(SYSTEM_DEPS); do what=$${dep%%:*}; pkg=$${dep##*:}; \
	  case "$$what" in *.so.*) ldconfig -p | grep -q "$$what" ;; /*) test -x "$$what" ;; *) command -v "$$what" >/dev/null ;; esac \
	  || missing="$$missing $$pkg"; done; \
	$(PYTHON) -c "import ensurepip, venv" 2>/dev/null || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then echo "Installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Missing Debian packages:$$missing (run as root, or: sudo apt-get install$$missing)"; fi; \
	fi

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(VENV)/.installed node_modules/.installed ## Create .venv and install Python and npm packages

run: system-deps install ## Run the portal with demo data on http://127.0.0.1:8000 (SQLite, eager Celery)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) runserver 127.0.0.1:8000

test: system-deps install ## Run every check and test (set DATABASE_URL/REDIS_URL to use the real services)
	$(TEST_ENV) $(MANAGE) check --fail-level WARNING
	$(TEST_ENV) $(MANAGE) makemigrations --check --dry-run
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(MAKE) --no-print-directory security
	$(PY) -m pytest

test-fast: install ## The same checks and tests without the browser tests (no Chromium needed)
	$(TEST_ENV) $(MANAGE) check --fail-level WARNING
	$(TEST_ENV) $(MANAGE) makemigrations --check --dry-run
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(MAKE) --no-print-directory security
	$(PY) -m pytest -m "not browser"

lint: install ## ruff check and format check, bandit and the import layers
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(MAKE) --no-print-directory security

security: install ## bandit (no medium or high finding in app code) and the import-linter layer contract
	$(PY) -m bandit -c pyproject.toml -q -r pow_portal plans review monitoring --severity-level medium
	$(VENV)/bin/lint-imports --no-cache

fmt: install ## Format and fix imports
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

worker: install ## Celery workers (needs REDIS_URL): the default queue, and the A4 measure's own queue beside it (nice 5: pages first)
	export DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-pow_portal.settings.local}; trap 'kill 0' EXIT; \
	$(VENV)/bin/celery -A pow_portal worker -l info -Q $${POW_CELERY_QUEUE:-celery} -n default@%h & \
	nice -n $${POW_MEASURE_NICE:-5} $(VENV)/bin/celery -A pow_portal worker -l info -Q $${POW_MEASURE_QUEUE:-$${POW_CELERY_QUEUE:-celery}-a4} -n a4@%h

beat: install ## Celery beat (needs REDIS_URL)
	DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-pow_portal.settings.local} $(VENV)/bin/celery -A pow_portal beat -l info

BENCHES := bench/a4_measure.py bench/exports.py bench/list_pages.py bench/monitoring_dashboards.py bench/load.py

bench: install ## Print the speed figures of bench/ (SQLite and PostgreSQL; the load bench needs PostgreSQL and Redis)
	@set -e; for f in $(BENCHES); do echo "### $$f"; env -u DATABASE_URL -u REDIS_URL DJANGO_SETTINGS_MODULE=pow_portal.settings.local $(PY) $$f; done

demo-code: ## The current second-factor code of a demo account, without a phone (DEBUG only): make demo-code USER=ministerie
	@test "$(origin USER)" = "command line" || { echo "Say which demo account: make demo-code USER=ministerie"; exit 2; }
	@$(MANAGE) demo_code "$(USER)"

backup: install ## Archive the database (pg_dump or SQLite backup) and MEDIA_ROOT into backups/pow-backup-<time>.tar.gz
	$(MANAGE) backup --to backups

restore: install ## Restore an archive into a fresh database and MEDIA_ROOT: make restore ARCHIVE=backups/pow-backup-....tar.gz
	@test -n "$(ARCHIVE)" || { echo "Say which archive: make restore ARCHIVE=backups/pow-backup-....tar.gz"; exit 2; }
	$(MANAGE) restore "$(ARCHIVE)"

messages: install ## Update and compile the English catalogue
	$(MANAGE) makemessages -l en --ignore=node_modules --ignore=.venv
	$(MANAGE) compilemessages -l en
