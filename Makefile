# Newsroom: `make run` sets everything up and serves the seeded site; `make test` runs the tests.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test lint format setup migrate seed bench clean worker beat serve screenshots

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed

migrate: setup
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed --demo-users

run: seed
	$(PY) manage.py ensure_admin --site http://$(HOST):$(PORT)
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py runserver $(HOST):$(PORT)

# The task queue (webhooks, scheduled publishing, re-indexing, feed retention): a Celery worker with
# the periodic scheduler embedded, on the Redis at CELERY_BROKER_URL (default redis://127.0.0.1:6379/0).
# In production run `beat` once and as many workers as needed, without -B.
worker: migrate
	$(VENV)/bin/celery -A newsroom worker -B --loglevel=INFO

beat: setup
	$(VENV)/bin/celery -A newsroom beat --loglevel=INFO

# The suite runs on every core (pytest-xdist); PYTEST_ARGS="-n 0" runs it in one process.
test: setup
	$(PY) -m pytest -n auto --dist worksteal $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles .pytest_cache

# Production serving: gunicorn (newsroom/gunicorn.conf.py: GUNICORN_WORKERS, GUNICORN_THREADS, …) with
# WhiteNoise serving the collected static files; migrate and collectstatic first. README "Serving in
# production"; deploy/README.md for several machines.
serve: migrate
	$(PY) manage.py collectstatic --noinput -v0
	HOST=$(HOST) PORT=$(PORT) $(VENV)/bin/gunicorn -c newsroom/gunicorn.conf.py

# The admin's screenshots in docs/screenshots/ (both languages), from a throwaway SQLite database.
screenshots: setup
	rm -f /tmp/newsroom-screenshots.sqlite3
	DATABASE_URL=sqlite:////tmp/newsroom-screenshots.sqlite3 $(PY) manage.py migrate --noinput -v 0
	DATABASE_URL=sqlite:////tmp/newsroom-screenshots.sqlite3 $(PY) manage.py seed
	DATABASE_URL=sqlite:////tmp/newsroom-screenshots.sqlite3 $(PY) manage.py desk_screenshots --throwaway-database
