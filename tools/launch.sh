# Sourced by tools/{dist,slurm}_{train,test}.sh (OpenMMLab's launchers): the
# launch command they share, one function each. TOOLS is this folder; the
# repository root goes on PYTHONPATH so that `import mmglm` finds this clone.
TOOLS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export PYTHONPATH="$TOOLS/..":$PYTHONPATH

# dist_launch SCRIPT NPROC ARGS...: SCRIPT (train.py, test.py) in NPROC
# processes of this node through torch.distributed.launch; NNODES,
# NODE_RANK, PORT and MASTER_ADDR as in OpenMMLab's dist_*.sh.
dist_launch() {
  local script=$1 nproc=$2
  shift 2
  python -m torch.distributed.launch \
    --nnodes="${NNODES:-1}" \
    --node_rank="${NODE_RANK:-0}" \
    --master_addr="${MASTER_ADDR:-127.0.0.1}" \
    --nproc_per_node="$nproc" \
    --master_port="${PORT:-29500}" \
    "$TOOLS/$script" "$@" --launcher pytorch
}

# slurm_launch PARTITION JOB_NAME SCRIPT ARGS...: SCRIPT as GPUS slurm tasks
# (GPUS_PER_NODE per node, CPUS_PER_TASK each, SRUN_ARGS passed to srun).
slurm_launch() {
  local partition=$1 job_name=$2 script=$3
  shift 3
  set -x
  # SRUN_ARGS is split on purpose: it holds several srun options.
  # shellcheck disable=SC2086
  srun -p "$partition" \
    --job-name="$job_name" \
    --gres=gpu:"${GPUS_PER_NODE:-8}" \
    --ntasks="${GPUS:-8}" \
    --ntasks-per-node="${GPUS_PER_NODE:-8}" \
    --cpus-per-task="${CPUS_PER_TASK:-5}" \
    --kill-on-bad-exit=1 \
    ${SRUN_ARGS:-} \
    python -u "$TOOLS/$script" "$@" --launcher=slurm
}
