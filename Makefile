# Tremplin: `make run` sets up and serves the portal with demo data; `make test` sets up and runs every test.
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium
export CHROMIUM

.PHONY: run test setup lint format messages bench clean-venv

$(VENV)/.created:
	@interpreter=$$(sh scripts/find-python.sh) || exit 1; \
	echo "Creating $(VENV) with $$interpreter"; \
	"$$interpreter" -m venv $(VENV) && \
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	@touch $@

$(VENV)/.runtime: $(VENV)/.created requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

messages: $(VENV)/.runtime
	@command -v msgfmt >/dev/null || { echo "gettext is missing: sudo apt-get install gettext"; exit 1; }
	$(PY) manage.py compilemessages --ignore=$(VENV) -v 0

setup: $(VENV)/.runtime messages
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py load_content

# Links printed and e-mailed point at this server unless SITE_URL says otherwise.
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: setup
	@$(PY) manage.py seed_demo
	@echo
	@echo "Tremplin is starting on http://127.0.0.1:$(PORT)/"
	@echo "Sign in there with the trainer name and password printed above. Stop with Ctrl+C."
	@echo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: $(VENV)/.dev messages
	@test -x "$(CHROMIUM)" || { \
		echo "Chromium is needed for the browser tests and was not found at $(CHROMIUM)."; \
		echo "Install it with: sudo apt-get install -y chromium   (or run make test CHROMIUM=/path/to/chromium)"; \
		exit 1; }
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run -v 1
	$(PY) -m pytest

# Performance, as ratios against a bare Django view measured in the same run (see bench/README.md).
bench: $(VENV)/.dev messages
	$(PY) bench/pages.py
	$(PY) bench/questionnaire.py
	$(PY) bench/pdf.py

clean-venv:
	rm -rf $(VENV)
