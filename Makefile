# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install screenshot bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/kg build seeds --out out
	@echo
	@echo "Open out/graph.html in a browser; the Turtle is out/graph.ttl. Try:"
	@echo "  $(BIN)/kg query out/graph.ttl --preset statements --format table"

test: $(STAMP)
	$(BIN)/python -m pytest

screenshot: demo
	$(BIN)/python -m scripts.screenshot out/graph.html docs/screenshot.png
	$(BIN)/python -m scripts.screenshot out/graph.html docs/screenshot-panel.png --select "Jesselyn McCurdy"

bench: $(STAMP)
	$(BIN)/python -m benchmarks.html_render

clean:
	rm -rf $(VENV) out/graph.* build *.egg-info
