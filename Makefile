# Two commands on a fresh machine: `make run` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test

.PHONY: run test bench lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# --no-compile: pip would byte-compile every installed file (all of SymPy's and Pygments', most of
# which no test imports); Python compiles what is imported, once, on first use. It took a fresh
# install from 77 s to 31 s here.
$(STAMP_TEST): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --no-compile -e '.[test]'
	touch $@ $(STAMP_RUN)

run: $(STAMP_RUN)
	$(BIN)/quizapp

lint: $(STAMP_TEST)
	$(BIN)/lint-imports

# worksteal: the default `load` hands each worker a fixed first quarter of the tests, which put all
# 88 Pilot tests (three quarters of the time) on one worker while the other sat idle after 50 s.
test: $(STAMP_TEST)
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n 2 --dist worksteal -q

bench: $(STAMP_TEST)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build *.egg-info
