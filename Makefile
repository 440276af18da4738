# Every target creates or reuses .venv and installs what it needs.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench chat browser clean wheel workers

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/practice serve

chat: $(STAMP)
	$(BIN)/practice chat $${PERSONA:-$$($(BIN)/practice personas list 2>/dev/null | head -n1 | cut -d' ' -f1)}

# Browser tests drive Debian's chromium; under CI it must be there, so install it.
browser:
	@if [ ! -x /usr/bin/chromium ] && [ "$${CI:-}" = "true" ]; then \
		apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null; fi

test: $(STAMP) browser
	$(BIN)/python -m pytest -q
	$(BIN)/ruff check practice tests bench
	$(BIN)/mypy

lint: $(STAMP)
	$(BIN)/ruff check practice tests bench
	$(BIN)/ruff format --check practice tests bench || true
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/analyzer.py
	$(BIN)/python bench/engine.py
	$(BIN)/python bench/scoring.py
	$(BIN)/python bench/question_table.py
	$(BIN)/python bench/overhead.py

# The wheel an install uses (see README, "Installing it"): code, templates, static files, prompts, personas.
wheel: $(STAMP)
	rm -rf build dist && $(BIN)/python -m pip wheel --quiet --no-deps --wheel-dir dist .

# practice serve --workers 2: 30 interviews at once, and 20 messages at once to one session.
workers: $(STAMP)
	$(BIN)/python bench/workers.py

clean:
	rm -rf $(VENV) dist .pytest_cache .mypy_cache .ruff_cache
