# Two commands set everything up on a fresh machine: `make demo` and `make test`. On Debian they install the
# system packages they need when run as root (scripts/system-packages), else say which are missing.
# The interpreter .venv is made with: the system's /usr/bin/python3 when it is 3.11 or newer and can make a venv
# (Debian, Ubuntu and Fedora compile CPython with profile-guided and link-time optimisation, and kg's extraction runs
# faster on it than on a build without them, such as pyenv's default), else python3. PYTHON=... overrides.
PYTHON ?= $(firstword $(foreach candidate,/usr/bin/python3 python3,$(shell $(candidate) -c \
	'import sys, ensurepip; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 && echo $(candidate))) python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# pip prints its errors only: its warnings (about a machine's index configuration, say) are no concern of a kg user.
PIP := $(BIN)/python -m pip -qq --disable-pip-version-check --no-input

.PHONY: demo test fuzz install screenshot bench docs clean python3-venv test-packages score

# Debian's python3-venv only when the interpreter chosen above cannot make a venv without it.
python3-venv:
	@$(PYTHON) -c 'import ensurepip' >/dev/null 2>&1 || scripts/system-packages python3-venv

test-packages: python3-venv
	@scripts/system-packages chromium raptor2-utils

$(STAMP): pyproject.toml | python3-venv
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip
	$(PIP) install -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/kg build seeds --out out --format nt --format trig --format nquads --format jsonld --format graphml --format overview
	@echo
	@echo "Open out/graph.html in a browser; the Turtle is out/graph.ttl. Try:"
	@echo "  $(BIN)/kg query out/graph.ttl --preset statements --format table"

test: test-packages $(STAMP)
	$(BIN)/python -m pytest

# Property-based fuzzing of the whole pipeline with many more examples than `make test` runs.
fuzz: $(STAMP)
	KG_FUZZ_EXAMPLES=2000 $(BIN)/python -m pytest tests/test_fuzz.py -k fuzz -p no:cacheprovider --hypothesis-show-statistics

screenshot: demo
	$(BIN)/python -m scripts.screenshot out/graph.html docs/screenshot.png
	$(BIN)/python -m scripts.screenshot out/graph.html docs/screenshot-panel.png --select "Jesselyn McCurdy"

$(VENV)/.docs-installed: $(STAMP)
	$(PIP) install -e '.[test,docs]'
	touch $@

docs: $(VENV)/.docs-installed
	mkdir -p out
	$(BIN)/pylode ontology/kg.ttl --sort -o out/ontology.html
	@echo "The ontology documentation is out/ontology.html"

# Extraction quality: the real set's two halves (tests/real-split.yaml) and the seeds, against their gold files.
REAL ?= ../shared/real
SEEDS_GOLD ?= ../shared/gold
score: $(STAMP)
	@echo "training:";   $(BIN)/kg eval $$($(BIN)/python scripts/real-split training $(REAL)) --gold $(REAL) | tail -1
	@echo "validation:"; $(BIN)/kg eval $$($(BIN)/python scripts/real-split validation $(REAL)) --gold $(REAL) | tail -1
	@echo "seeds:";      $(BIN)/kg eval seeds --gold $(SEEDS_GOLD) | tail -1

bench: $(STAMP)
	$(BIN)/python -m benchmarks.html_render
	$(BIN)/python -m benchmarks.corpus
	$(BIN)/python -m benchmarks.extraction_profile

clean:
	rm -rf $(VENV) out/graph.* build *.egg-info
