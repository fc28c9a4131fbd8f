# Sourced by the benchmark scripts of this folder (performance.sh,
# performance_compile.sh, gpu_results.sh): strict mode, the repository root as
# the working folder, PY = $PYTHON or else the project environment's Python
# (tools/setup_env.sh) or else `python`, and the repository on PYTHONPATH.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
if [[ -z "${PYTHON:-}" && -x .venv/bin/python ]]; then PYTHON=.venv/bin/python; fi
PY=${PYTHON:-python}
export PYTHONPATH=.${PYTHONPATH:+:$PYTHONPATH}

# out_dir_and_extra DEFAULT_OUT [OUT_DIR [ARGS...]]: OUT = OUT_DIR (else
# DEFAULT_OUT), created; EXTRA = the other arguments, passed on to every
# benchmark.py call after the script's defaults (so they override them).
out_dir_and_extra() {
  local default=$1
  shift
  OUT=${1:-$default}
  shift || true
  EXTRA=("$@")
  mkdir -p "$OUT"
}
