#!/usr/bin/env bash
# The full-size GLMNet results on a GPU (issue 12, point 6): GLMNet-base and
# its two branches alone (global: PVTv2-b2, local: ResNeXt-50 32x4d FReLU)
# at 224 px with their 100-epoch recipe, AMP (fp16 + loss scaler), 3 seeds,
# through tools/benchmarks/seeds.py (train + test per run, mean ± std table,
# val curves). On the full Intel set when data/intel holds it (its test split
# is then the evaluation split), else on intel_mini (val). The configs are
# for 8 GPUs x 32; on one GPU the batch stays 32 and --auto-scale-lr scales
# the learning rate to it.
#
#   bash tools/benchmarks/gpu_results.sh [WORK_DIR] [SEEDS...]
#   (default: work_dirs/results/glmnet_gpu, seeds 0 1 2)
source "$(dirname "$0")/common.sh"
WORK=${1:-work_dirs/results/glmnet_gpu}
shift || true
SEEDS=("$@"); [[ ${#SEEDS[@]} -gt 0 ]] || SEEDS=(0 1 2)
if ! $PY -c 'import sys, torch; sys.exit(not torch.cuda.is_available())'; then
  echo "gpu_results.sh: no CUDA device here; nothing was run" >&2
  exit 2
fi
DATA=()
if [[ ! -d data/intel/seg_train ]]; then
  echo "gpu_results.sh: data/intel absent, using intel_mini (val split)"
  for loader in train val test; do
    DATA+=("${loader}_dataloader.dataset.data_root=data/intel_mini")
  done
  DATA+=(val_dataloader.dataset.split=val test_dataloader.dataset.split=val)
fi
M=configs/glmnet
$PY tools/benchmarks/seeds.py \
  $M/glmnet-base_8xb32_intel.py $M/glmnet-base-global_8xb32_intel.py \
  $M/glmnet-base-local_8xb32_intel.py \
  --seeds "${SEEDS[@]}" --work-dir "$WORK" --reuse \
  --train-args="--amp --auto-scale-lr" \
  ${DATA[@]+--cfg-options "${DATA[@]}"}
