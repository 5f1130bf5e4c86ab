# make           : create .venv, compile the modules, regenerate the README's tables and the
#                  figures, and say which it rewrote
# make test      : create the same environment and run the whole test suite
# make reproduce : run `make` and fail unless the tree is as git has it (CI runs it on a fresh clone)
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: all test reproduce clean

# First the bytecode of the modules the scripts import: Python reads it (and the
# scripts start sooner) even where PYTHONDONTWRITEBYTECODE keeps it from writing any.
all: $(VENV)/.installed
	$(PY) -m compileall -q backprop
	$(PY) regenerate.py

# The suite on both cores, its longest test first: `regenerate.py --check` (every README
# section, figure and page as committed), then under five perturbations of exp
# (tests/test_reproducible.py).
test: $(VENV)/.installed
	$(VENV)/bin/ruff check --quiet .
	@echo "pytest on 2 cores; first, beside the others: regenerate.py --check, as it is and under 5 perturbations of exp"
	$(PY) -m pytest -q -n 2 --dist worksteal tests

reproduce: all
	@changed=$$(git status --porcelain); if [ -n "$$changed" ]; then echo "$$changed"; \
	echo "make changed the files above: what it writes depends on this machine"; exit 1; fi

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

clean:
	rm -rf $(VENV) .cache
