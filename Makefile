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

# The web application's JavaScript comes from the npm registry by name and version at install
# time (never a CDN, never copied by hand) and is checked against the digest pinned here
# (scripts/fetch_npm_file.py: Python alone, no npm).
HTMX_VERSION := 2.0.11
HTMX_SHA256 := d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717
# Cytoscape.js draws the network view (verweven/web/static/netwerk.js).
CYTOSCAPE_VERSION := 3.35.0
CYTOSCAPE_SHA256 := 71fa9ebec21a7ca2c40cff6aacc30d1f6464e363662ad4b2c197e1adc770cd94
VENDOR := verweven/web/static/vendor
# axe-core checks the pages against WCAG 2.1 AA in the browser tests (a test tool: not served).
AXE_VERSION := 4.11.0
AXE_SHA256 := e9e5863c33a874f09bc01acd9234b7e3c871479f5eef8802fa582544465e6d01
AXE := $(VENV)/share/verweven/axe.min.js

# Public person-linkage sets for benchmarks/public_linkage_bench.py: RLdata500 and RLdata10000
# (R RecordLinkage) as the mismo package on the package index ships them, pinned by SHA-256.
LINKAGE := $(VENV)/share/verweven/linkage
MISMO := mismo 0.4.1 mismo/_data/_datasets/rldata

.PHONY: demo test lint bench clean assets linkage-data spark-cluster spark-cluster-stop

assets: $(VENDOR)/htmx.min.js $(VENDOR)/cytoscape.min.js

$(VENDOR)/htmx.min.js:
	$(PYTHON) scripts/fetch_npm_file.py htmx.org $(HTMX_VERSION) package/dist/htmx.min.js $(HTMX_SHA256) $@

$(VENDOR)/cytoscape.min.js:
	$(PYTHON) scripts/fetch_npm_file.py cytoscape $(CYTOSCAPE_VERSION) package/dist/cytoscape.min.js $(CYTOSCAPE_SHA256) $@

$(AXE):
	$(PYTHON) scripts/fetch_npm_file.py axe-core $(AXE_VERSION) package/axe.min.js $(AXE_SHA256) $@

$(RUNTIME): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "verweven needs Python >= 3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --no-compile -e .
	touch $(RUNTIME)

# The tests drive the web application in a browser, with its scripts (`make assets` alone
# for a server: the pages work without them, htmx only makes them quicker).
$(DEV): $(RUNTIME) $(VENDOR)/htmx.min.js $(VENDOR)/cytoscape.min.js $(AXE) $(LINKAGE)/RLdata500.csv $(LINKAGE)/RLdata10000.csv
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

linkage-data: $(LINKAGE)/RLdata500.csv $(LINKAGE)/RLdata10000.csv

$(LINKAGE)/RLdata500.csv: | $(RUNTIME)
	$(BIN)/python scripts/fetch_pypi_file.py $(MISMO)/RLdata500.csv 2778d1346fe275171fe670ac5560f694daba46f6639a73323502dfdae24438dd $@

$(LINKAGE)/RLdata10000.csv: | $(RUNTIME)
	$(BIN)/python scripts/fetch_pypi_file.py $(MISMO)/RLdata10000.csv a77d6c70829e1d53905daddb603a7b3359cd1a94e68e68f8c5fedf17d1e172f3 $@

# A Spark standalone cluster on this machine (a master and a worker, each a process of its own)
# for `verweven resolve --backend spark` with VERWEVEN_SPARK_MASTER=spark://127.0.0.1:7077.
spark-cluster: $(DEV)
	$(BIN)/python -m verweven.resolve.spark_cluster start --folder out/spark

spark-cluster-stop:
	$(BIN)/python -m verweven.resolve.spark_cluster stop --folder out/spark

bench: $(DEV) linkage-data
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) out *.duckdb *.duckdb.wal $(VENDOR)
