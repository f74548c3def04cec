# Two commands do all the set-up on a fresh machine with Python >= 3.11 and make:
#   make demo   the main job: a synthetic region through the pipeline to its reports
#   make test   lint, types, import contract and the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The demo needs only what verweven runs on; tests and benchmarks add the dev tools (pyspark
# among them, the largest download), so a fresh `make demo` does not wait for them.
# --no-compile: pip would byte-compile every module of every package (half the install time);
# Python compiles and caches the modules actually imported on first use instead.
RUNTIME := $(VENV)/.runtime-stamp
DEV := $(VENV)/.dev-stamp

.PHONY: demo test lint bench clean

$(RUNTIME): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "verweven needs Python >= 3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --no-compile -e .
	touch $(RUNTIME)

$(DEV): $(RUNTIME)
	$(BIN)/pip install --quiet --no-compile -e '.[dev]'
	touch $(DEV)

demo: $(RUNTIME)
	$(BIN)/verweven demo

lint: $(DEV)
	$(BIN)/ruff check verweven tests benchmarks
	$(BIN)/ruff format --check verweven tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	$(BIN)/pytest -n 2

bench: $(DEV)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) out *.duckdb *.duckdb.wal
