# make       : create .venv from the requirements and run the main job
# make test  : create the same environment and run the whole test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: all test clean

all: $(VENV)/.installed
	$(PY) ann_numpy.py 10000
	$(PY) ann_numpy_original.py 10000

test: $(VENV)/.installed
	$(PY) -m pytest -q tests

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

clean:
	rm -rf $(VENV)
