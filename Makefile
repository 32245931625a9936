# Galley: two commands do all set-up on a fresh Debian/Ubuntu machine.
#   make run    set up, then open the app on the bundled example newsletter
#   make test   set up, then run ruff, mypy and the tests (offscreen), then check that the
#               wheel installs into a fresh environment and works (make wheel-check)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Layers 0 and 1 (no widgets: editor/core, editor/state) and the command line are type-checked
# strictly; the layer is read from the folders.
STRICT := editor/core editor/state editor/cli.py editor/cli_send.py editor/__init__.py

.PHONY: run test wheel-check lint typecheck clean system-deps-run system-deps-test

run: system-deps-run $(VENV)/.installed
	$(BIN)/galley resources/example-site

test: system-deps-test $(VENV)/.installed lint typecheck
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest
	@$(MAKE) --no-print-directory wheel-check  # after the tests: it is the slow part

# Build the wheel, install it with its dependencies into a fresh venv, run the installed app.
wheel-check: system-deps-test $(VENV)/bin/python
	sh scripts/check-wheel.sh $(BIN)/python

lint: $(VENV)/.installed
	$(BIN)/ruff check editor tests bench scripts
	$(BIN)/ruff format --check editor tests bench scripts

typecheck: $(VENV)/.installed
	$(BIN)/mypy $(STRICT)

system-deps-run:
	@sh scripts/system-deps.sh run

system-deps-test:
	@sh scripts/system-deps.sh test

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || \
		{ echo "Galley needs Python 3.10 or newer; set PYTHON=python3.x"; exit 1; }
	@$(PYTHON) -m venv $(VENV) || { echo "Could not create a virtual environment. On Debian/Ubuntu: sudo apt-get install python3-venv"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip "setuptools>=69" wheel

$(VENV)/.installed: $(VENV)/bin/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(BIN)/python -m compileall -q editor  # as a wheel install does: start-up skips compiling
	@touch $@

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis
