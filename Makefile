# Quick start: `make run` serves the demo at http://127.0.0.1:8000, `make test` runs the tests.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1:8000

.PHONY: install run test test-all test-browser screenshots lint format check-translations messages demo worker beat clean

# uv (from PyPI, into the virtualenv) installs the hashed lock file several times
# faster than pip and keeps a download cache between checkouts.
$(PY):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv==0.13.9

$(VENV)/.installed: requirements.lock | $(PY)
	$(BIN)/uv pip install --quiet --python $(PY) --require-hashes -r requirements.lock
	touch $@

install: $(VENV)/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver $(HOST)

# The suite on the embedded default (SQLite, eager Celery); browser tests and the
# real-worker tests need Chromium, PostgreSQL and Redis and run in `.ci/run`.
test: install
	$(BIN)/pytest -m "not browser and not celery_worker" -q

test-browser: install
	$(BIN)/pytest tests/browser -q

# Home, chapter, answer form, View Answers, thread, moderation queue and report page at
# 375 px and 1280 px in both languages, as PNG files in screenshots/ (ignored by git).
screenshots: install
	$(BIN)/pytest tests/screenshots -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	git ls-files -z '*.html' | xargs -0 $(BIN)/djhtml --check

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	git ls-files -z '*.html' | xargs -0 $(BIN)/djhtml

messages: install
	$(PY) manage.py makemessages -l fr --no-obsolete --add-location file -i ".venv/*" -i "staticfiles/*" -i "node_modules/*"
	$(PY) manage.py compilemessages -l fr -i ".venv"

worker: install
	$(BIN)/celery -A config worker -Q default,reports -l info

beat: install
	$(BIN)/celery -A config beat -l info

clean:
	rm -rf $(VENV) staticfiles
