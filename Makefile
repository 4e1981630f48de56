# Convenience targets; the README's quick start needs only python3 and pip.
VENV ?= .venv
SEED = seeds/000_13e5bbda91499c74.txt

.PHONY: run test bench registry
$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q -e ".[test]"
	touch $@

run: $(VENV)/.installed
	$(VENV)/bin/statemint quotes $(SEED)

test: $(VENV)/.installed
	$(VENV)/bin/python -m pytest

registry: $(VENV)/.installed
	$(VENV)/bin/python tools/build_registry.py

bench: $(VENV)/.installed
	$(VENV)/bin/python bench/evaluate_quotes.py
