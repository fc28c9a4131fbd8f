# The two commands of the README. Both build (or reuse) the pinned environment
# in .venv first: see tools/setup_env.sh.
PY := .venv/bin/python
export PYTHONPATH := $(CURDIR):$(PYTHONPATH)

.PHONY: env demo test test-fast

env:
	bash tools/setup_env.sh

demo: env
	$(PY) tools/demo.py $(DEMO_ARGS)

test: env
	$(PY) -m pytest tests -q -rs --durations=15

test-fast: env
	$(PY) -m pytest tests -q -rs -m "not slow"
