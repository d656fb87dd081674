# sumsel-coverage: one command to run everything, one to test everything.
# Needs only python3 on the machine; everything else is installed into .venv.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
STAMP := $(VENV)/.stamp-installed
# the brief compares these scenarios; the LAST one is its main scenario (its levers are also shown one by one)
SCENARIOS ?= scenarios/mandate_renewal_only.yaml scenarios/subsidy_sustained.yaml scenarios/combined_mandate_subsidy_csr.yaml
PYTEST_ARGS ?=
# apt waits up to 10 minutes for the dpkg / apt lists locks (another package manager running) instead of failing
APT_GET := apt-get -o DPkg::Lock::Timeout=600

.DEFAULT_GOAL := help
.PHONY: help venv data notebooks reports run test test-fast browser pdf-deps benchmarks lab sync-notebooks clean

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-16s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip 2>&1 | grep -v "is ignored" || true
	$(PIP) install --quiet -e '.[test]' 2>&1 | grep -v "is ignored" ; test $${PIPESTATUS[0]} -eq 0
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (sumsel)" >/dev/null
	@touch $(STAMP)

venv: $(STAMP) ## create .venv and install the package with its test extras

data: venv ## rebuild data/processed/ from data/raw/
	$(PY) -m sumsel_analysis build

notebooks: data ## execute the notebooks headless into reports/notebooks/
	$(PY) -m sumsel_analysis notebooks

reports: data pdf-deps ## write the bilingual briefs (HTML, PDF) and the Excel workbook into reports/
	$(PY) -m sumsel_analysis report $(foreach s,$(SCENARIOS),--scenario $(s)) --lang all

run: notebooks reports ## everything: install, build data, execute notebooks, write reports
	@$(PY) -m sumsel_analysis outputs

pdf-deps: ## install the Pango libraries WeasyPrint needs for PDF (Debian packages) if missing
	@ldconfig -p | grep -q 'libpango-1.0.so' && ldconfig -p | grep -q 'libpangoft2-1.0.so' || { \
	  echo "installing Pango (Debian packages) for PDF output"; \
	  ($(APT_GET) update -qq && DEBIAN_FRONTEND=noninteractive $(APT_GET) install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null) \
	  || { echo "could not install Pango: PDF output needs libpango-1.0-0"; exit 1; }; }

browser: ## install headless Chromium (Debian package) if missing; used by the HTML rendering test
	@command -v chromium >/dev/null 2>&1 || { echo "installing chromium (Debian package)"; \
	  ($(APT_GET) update -qq && DEBIAN_FRONTEND=noninteractive $(APT_GET) install -y -qq chromium >/dev/null) \
	  || { echo "could not install chromium"; exit 1; }; }

test: venv browser pdf-deps data ## the whole test suite (notebooks included)
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

test-fast: venv data ## unit tests only, no notebooks or browser
	$(PY) -m pytest -n 2 -m "not notebook and not browser" $(PYTEST_ARGS)

benchmarks: data ## print timing figures (not tests)
	@for b in benchmarks/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

lab: venv ## open JupyterLab on the notebooks
	$(VENV)/bin/jupyter lab notebooks/

sync-notebooks: venv ## regenerate the .ipynb files (no outputs) from their paired .py sources
	$(VENV)/bin/jupytext --sync notebooks/*.py

clean: ## remove generated data, reports and the venv
	rm -rf $(VENV) data/processed/*.parquet data/processed/*.csv data/processed/*.json reports/* \
	  data/.processed.staging-* data/.processed.old-* .reports.staging-* .reports.old-*
	touch data/processed/.gitkeep reports/.gitkeep
