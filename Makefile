# The two commands of the README. Both build (or reuse) the pinned environment
# in .venv first: see tools/setup_env.sh.
PY := .venv/bin/python
export PYTHONPATH := $(CURDIR):$(PYTHONPATH)
# The foundation's integration tests: real training through the tools on
# intel_mini (loss falls, evaluator reports accuracy, resume, 2-process gloo,
# slurm scripts). The other slow tests run with `make test-all`.
INTEGRATION := tests/test_tools/test_train_test_tools.py \
               tests/test_tools/test_mim_and_mmpretrain_tools.py

.PHONY: env demo test test-fast test-all

env:
	bash tools/setup_env.sh

demo: env
	$(PY) tools/demo.py $(DEMO_ARGS)

# CI (.ci/run): every fast test plus the integration tests.
test: env
	$(PY) -m pytest tests -q -rs -m "not slow" --durations=10
	$(PY) -m pytest $(INTEGRATION) -q -rs --durations=10

test-fast: env
	$(PY) -m pytest tests -q -rs -m "not slow"

# Everything, including each model's training check and the long
# reliability runs (about an hour on 2 cores).
test-all: env
	$(PY) -m pytest tests -q -rs --durations=30
