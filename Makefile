# Two commands do all the set-up: `make demo` runs the app, `make test` runs every test.
PY ?= python3
VENV := .venv

# The uv that bootstraps the environment is the one uv.lock pins (`uv sync` then keeps it).
UV_VERSION := $(shell sed -n '/^name = "uv"$$/{n;s/^version = "\(.*\)"/\1/p;}' uv.lock)

# Compiled bytecode ships with the set-up: `uv sync` compiles the dependencies (compile-bytecode in
# pyproject's [tool.uv]); odesk itself is an editable install uv leaves alone, so `bytecode` compiles
# src/. Without it every command compiles its modules at each start wherever bytecode is not written
# (a read-only install, PYTHONDONTWRITEBYTECODE): P16 in bench/startup_bench.py.
$(VENV): pyproject.toml uv.lock
	test -x $(VENV)/bin/uv || ($(PY) -m venv $(VENV) && $(VENV)/bin/pip install -q "uv==$(UV_VERSION)")
	$(VENV)/bin/uv sync --locked --compile-bytecode
	$(MAKE) --no-print-directory bytecode
	touch $(VENV)

.PHONY: demo test lint bench package soak translations bytecode
bytecode:
	$(VENV)/bin/python -m compileall -q src
# The compiled translation catalogues (resources/i18n/*.qm, not committed) the app loads.
translations: $(VENV)
	$(VENV)/bin/python packaging/translations.py build

demo: $(VENV) translations
	$(VENV)/bin/odesk demo

test: $(VENV) translations
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -p no:cacheprovider

soak: $(VENV) translations
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -m soak -p no:cacheprovider

lint: $(VENV)
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/mypy src
	$(VENV)/bin/lint-imports

# Every bench/*_bench.py and server_cost.py, then all their `P<n> ...: <ratio>x` figures together.
bench: $(VENV) bytecode
	$(VENV)/bin/python bench/run_all.py

package: $(VENV) translations
	$(VENV)/bin/python packaging/build_linux.py
