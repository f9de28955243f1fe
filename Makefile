# YouthVoice: `make run` serves the demo, `make test` runs lint and every test.
# Both set up everything they need on a fresh machine first.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app youthvoice
PORT ?= 5000
PG_TEST_URL ?= postgresql://postgres@127.0.0.1:5432/test
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test lint test-sqlite test-postgres browser install translations catalogues bench clean

run: install translations
	$(FLASK) init
	$(FLASK) demo
	@echo ""
	@echo "YouthVoice demo: http://127.0.0.1:$(PORT)/"
	@echo "  Try: the start page, 'Get support', the language button (Español),"
	@echo "       and staff sign-in at http://127.0.0.1:$(PORT)/staff/sign-in with the"
	@echo "       demo accounts above (add a key to an authenticator app for the code)"
	@echo "  Stop with Ctrl+C."
	@echo ""
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

test: install translations browser lint test-sqlite test-postgres

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

translations: install
	$(VENV)/bin/pybabel compile -d translations

# Re-extract strings and update every catalogue (then translate what is new).
catalogues: install
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
	  --ignore-dirs ".* instance dist build" \
	  --project YouthVoice --copyright-holder "YouthVoice contributors" -o translations/messages.pot .
	$(VENV)/bin/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete

# Browser tests drive Debian's chromium; install it when missing and we may.
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else \
	    echo "Chromium is missing: run 'sudo apt-get install -y chromium' (browser tests need it)"; exit 1; \
	  fi; \
	fi

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test-sqlite: install translations browser
	$(PY) -m pytest

# The same suite on PostgreSQL (browser and wheel tests already ran once above).
test-postgres: install translations
	@if $(PY) -c "import psycopg; psycopg.connect('$(PG_TEST_URL)', connect_timeout=3).close()" 2>/dev/null; then \
	  YOUTHVOICE_TEST_DATABASE_URL='$(PG_TEST_URL)' $(PY) -m pytest -m "not browser and not packaging"; \
	else \
	  echo "PostgreSQL does not answer at $(PG_TEST_URL): PostgreSQL suite NOT run."; \
	  if [ -n "$$CI" ]; then exit 1; fi; \
	fi

bench: install translations
	$(PY) -m bench.bench_pages
	$(PY) -m bench.bench_crypto
	YOUTHVOICE_BENCH_POSTGRES='$(PG_TEST_URL)' $(PY) -m bench.bench_audit
	$(PY) -m bench.bench_step

clean:
	rm -rf $(VENV) dist build instance .pytest_cache .ruff_cache
