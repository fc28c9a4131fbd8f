# The two commands of the README. Both build (or reuse) the pinned environment
# in .venv first: see tools/setup_env.sh.
PY := .venv/bin/python
export PYTHONPATH := $(CURDIR):$(PYTHONPATH)
# The integration tests CI runs: real training through the tools on
# intel_mini (loss falls, evaluator reports accuracy, resume, 2-process gloo,
# slurm scripts, mim), and the reliability runs of issue 8 (SIGKILL + resume
# gives identical weights; 2 processes follow the 1-process loss curve).
# The other slow tests (each model's training check) run with `make test-all`.
INTEGRATION := tests/test_tools/test_train_test_tools.py \
               tests/test_tools/test_mim_and_mmpretrain_tools.py \
               tests/test_reliability/test_kill_resume.py \
               tests/test_reliability/test_dist_equivalence.py

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
# reliability runs (13 minutes on 2 idle cores).
test-all: env
	$(PY) -m pytest tests -q -rs --durations=30
