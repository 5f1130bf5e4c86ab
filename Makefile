# make       : create .venv from the requirements and run the main job
# make test  : create the same environment and run the whole test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: all test clean

# Scripts that write generated sections of README.md (each takes --check).
GENERATORS := convergence_test.py analyze_convergence.py

all: $(VENV)/.installed
	$(PY) ann_numpy.py 10000
	$(PY) ann_numpy_original.py 10000
	for script in $(GENERATORS); do $(PY) $$script || exit 1; done

test: $(VENV)/.installed
	$(PY) -m pytest -q tests
	for script in $(GENERATORS); do $(PY) $$script --check || exit 1; done

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

clean:
	rm -rf $(VENV)
