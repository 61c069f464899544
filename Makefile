# make run   : virtual environment, install, build data/acp.duckdb if missing, serve on :8501
# make test  : the whole test suite, browser tests included (needs /usr/bin/chromium)
# make test-fast : the unit tests alone (no AppTest, browser or drill: see the marks in pyproject.toml)
# make image-test : build the Docker image, run it, restart it, replace it (tests/image/; needs Docker and root)
# make bench : benchmarks and the long concurrency drill (tests/bench/), figures appended to docs/benchmarks.md
# make messages : extract the interface's French source strings and update every catalog (acp/locale/*/…/messages.po),
#                 and argparse's own texts for the command line (acp/locale/{fr,de}/…/argparse.po)
# make compile  : compile the catalogs (.mo, not committed); run, test and bench do it
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test test-fast image-test bench seed install install-dev compile messages clean

PO := $(wildcard acp/locale/*/LC_MESSAGES/*.po)
MO := $(PO:.po=.mo)

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

%.mo: %.po $(VENV)/.installed
	$(VENV)/bin/pybabel compile --domain $(basename $(notdir $<)) --input-file $< --output-file $@

compile: $(MO)

messages: install
	$(VENV)/bin/pybabel extract -F babel.cfg -k N_ -k NN_:1,2 -k M_ -k MN_:1,2 -k C:1c,3 -k Column:1c,3 -k T:1c,2 -k P_:1c,2 \
		--no-location --sort-output --project "ACP dashboard" --copyright-holder ICPC -o acp/locale/messages.pot .
	$(VENV)/bin/pybabel update -i acp/locale/messages.pot -d acp/locale --domain messages --width 120
	$(VENV)/bin/pybabel extract --no-default-keywords -k _ -k ngettext:1,2 --no-location --sort-output \
		--project argparse -o acp/locale/argparse.pot "$$($(PY) -c 'import argparse; print(argparse.__file__)')"
	$(VENV)/bin/pybabel update -i acp/locale/argparse.pot -d acp/locale --domain argparse --width 120 \
		-l fr --init-missing; $(VENV)/bin/pybabel update -i acp/locale/argparse.pot -d acp/locale --domain argparse \
		--width 120 -l de --init-missing

seed: install compile
	$(PY) -m acp seed

run: seed
	$(PY) -m streamlit run serve.py --server.port $(PORT) --server.headless true

test: install-dev compile
	$(PY) -m ruff check .
	$(PY) -m pytest -q tests --ignore=tests/bench --ignore=tests/image

test-fast: install-dev compile
	$(PY) -m ruff check .
	$(PY) -m pytest -q -n 2 --dist loadfile -m "not apptest and not browser and not drill" tests --ignore=tests/bench --ignore=tests/image

image-test: install-dev
	$(PY) -m pytest -q -s tests/image

bench: install-dev compile
	$(PY) -m pytest -q -s tests/bench

clean:
	rm -rf $(VENV) data/acp.duckdb data/acp.duckdb.wal $(MO)
