# Quick start: `make run` serves the demo at http://127.0.0.1:8000, `make test` runs the tests.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1:8000

.PHONY: install run test test-redis-outage test-faults test-all test-browser screenshots report-pages lint typecheck format bandit audit check-translations messages demo worker beat restore-drill clean

# uv (from PyPI, into the virtualenv) installs the hashed lock file several times
# faster than pip and keeps a download cache between checkouts.
$(PY):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv==0.13.9

$(VENV)/.installed: requirements.lock | $(PY)
	$(BIN)/uv pip install --quiet --python $(PY) --require-hashes -r requirements.lock
	touch $@

install: $(VENV)/.installed

# Development settings, written once and never committed: DEBUG on and a random key
# (the settings have no default key, so nothing is signed with a published one).
.env:
	printf '# Written by make for development; never commit it.\nDEBUG=true\nSECRET_KEY=%s\n' \
	  "$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > $@
	@echo "Wrote .env (DEBUG=true and a random SECRET_KEY) for development."

run: install .env
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver $(HOST)

# The suite on the embedded default (SQLite, eager Celery); browser tests and the
# real-worker tests need Chromium, PostgreSQL and Redis and run in `.ci/run`.
test: install
	$(BIN)/pytest -m "not browser and not celery_worker and not redis_outage and not faults" -q

# Redis stopped and hung under the web process: a private redis-server on port 6392.
test-redis-outage: install
	$(BIN)/pytest -m redis_outage -q

# A private portal (PostgreSQL cluster, Redis, SMTP sink, gunicorn, Celery) broken one
# service at a time; see the README's "Reliability" section.
test-faults: install
	$(BIN)/pytest -m faults -q tests/faults

test-browser: install
	$(BIN)/pytest tests/browser -q

# Home, chapter, answer form, View Answers, thread, moderation queue and report page at
# 375 px and 1280 px in both languages, as PNG files in screenshots/ (ignored by git).
screenshots: install
	$(BIN)/pytest tests/screenshots -q

# The report of the demo's closed consultation (after `make demo`), run in this process,
# its PDF pages in both languages as PNG files in screenshots/report/ for a look.
REPORT_CONSULTATION ?= trade-and-aid-2025
report-pages: install
	$(PY) manage.py report_run --consultation $(REPORT_CONSULTATION)
	rm -rf screenshots/report && mkdir -p screenshots/report
	folder=$$($(PY) manage.py shell -v 0 -c "from django.db.models import Q; from reports.models import ReportRun, RunState; from reports.outputs import run_folder; print(run_folder(ReportRun.objects.filter(Q(consultation__slug_en='$(REPORT_CONSULTATION)') | Q(consultation__slug_fr='$(REPORT_CONSULTATION)'), state=RunState.SUCCEEDED).latest('pk').pk))") && \
	for language in en fr; do \
		pdftoppm -png -r 60 "$$folder/report-$$language.pdf" screenshots/report/report-$$language || exit 1; \
	done
	@ls screenshots/report

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	git ls-files -z '*.html' | xargs -0 $(BIN)/djhtml --check

# mypy with django-stubs and celery-types over the whole project: strict on every
# services.py, selectors.py and tasks.py, the default checks elsewhere (pyproject.toml).
typecheck: install
	$(BIN)/mypy .

# Static security analysis of the application code (tests excluded, see pyproject.toml):
# any medium or high finding fails; a reviewed one carries `# nosec BXXX # reason`.
bandit: install
	$(BIN)/bandit -c pyproject.toml -r . --severity-level medium --quiet

# Known vulnerabilities in the locked versions. Needs a vulnerability database on the
# network (PyPI's advisory service or OSV), so it is not a CI gate on offline machines.
audit: install
	$(BIN)/pip-audit --strict --require-hashes --disable-pip -r requirements.lock

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	git ls-files -z '*.html' | xargs -0 $(BIN)/djhtml

messages: install .env
	$(PY) manage.py makemessages -l fr --no-obsolete --add-location file -i ".venv/*" -i "staticfiles/*" -i "node_modules/*"
	$(PY) manage.py compilemessages -l fr -i ".venv"

worker: install .env
	$(BIN)/celery -A config worker -Q default,reports -l info

beat: install .env
	$(BIN)/celery -A config beat -l info

# Back up the configured PostgreSQL database and file folders, restore them somewhere
# fresh and check every row count and report file checksum (docs/deploy.md, Backups).
restore-drill: install
	$(PY) bin/restore-drill

clean:
	rm -rf $(VENV) staticfiles
