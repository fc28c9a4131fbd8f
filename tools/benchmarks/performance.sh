#!/usr/bin/env bash
# The README's performance tables: every mmglm model against its timm /
# mmpretrain peer (and GLMNet against its two branches run one after the
# other), side by side in one process. Run from the repository root on an
# otherwise idle machine:
#
#   # fp32 on CPU (the README's tables; about 20 minutes on 2 cores)
#   bash tools/benchmarks/performance.sh [OUT_DIR]   # default: work_dirs/performance
#   # GPU with AMP: extra arguments go to every benchmark.py call, after the
#   # defaults below, so they override them
#   bash tools/benchmarks/performance.sh work_dirs/perf_gpu --device cuda \
#       --amp --channels-last --batch 128 --iters 20
#
# Peers get the drop-path rate of the mmglm config (stochastic depth costs
# time in training), so both sides run the same network.
source "$(dirname "$0")/common.sh"
out_dir_and_extra work_dirs/performance "$@"
COMMON=(--batch 8 --threads 2 --rounds 5 --num-classes 1000)

# 1. The five models of issue 8 at 224 px, ResNet-18 (mmpretrain vs timm) as the noise floor.
$PY tools/analysis/benchmark.py \
  configs/glmnet/glmnet-tiny_8xb32_intel.py "backbone:PVTv2,arch='b0'" \
  backbone:ResNeXtFReLU,depth=26,stem_channels=32,base_channels=16,groups=8,width_per_group=4 \
  configs/nest/nest-tiny_1xb32_intel-224px.py timm:nest_tiny_jx,drop_path_rate=0.2 \
  configs/t2t_vit/t2t-vit-t-14_1xb32_intel-224px.py mmpretrain:t2t-vit-t-14_8xb64_in1k \
  configs/vit/vit-small-p16_1xb32_intel-224px.py timm:vit_small_patch16_224,drop_path_rate=0.1 \
  configs/resnet/resnet18_1xb32_intel-mini-64px.py timm:resnet18 \
  --labels glmnet-tiny pvtv2-b0-branch resnext26-frelu-branch nest-tiny timm:nest_tiny_jx \
    t2t-vit-t-14 mmpretrain:t2t-vit-t-14 vit-small timm:vit_small_patch16_224 resnet18 timm:resnet18 \
  --pairs glmnet-tiny=pvtv2-b0-branch+resnext26-frelu-branch nest-tiny=timm:nest_tiny_jx \
    t2t-vit-t-14=mmpretrain:t2t-vit-t-14 vit-small=timm:vit_small_patch16_224 resnet18=timm:resnet18 \
  --input-size 224 --iters 3 "${COMMON[@]}" "${EXTRA[@]}" \
  --out-md "$OUT/cpu224.md" --out-json "$OUT/cpu224.json" --plot "$OUT/cpu224.png"

# 2. BoTNet at the resolution timm's botnet26t_256 is defined for.
$PY tools/analysis/benchmark.py \
  configs/botnet/botnet26t_8xb32_intel-224px.py,backbone.img_size=256 timm:botnet26t_256 \
  --labels botnet26t timm:botnet26t_256 --pairs botnet26t=timm:botnet26t_256 \
  --input-size 256 --iters 3 "${COMMON[@]}" "${EXTRA[@]}" \
  --out-md "$OUT/cpu256_botnet.md" --out-json "$OUT/cpu256_botnet.json"

# 3. GLMNet-base against its two branches (target: training >= 0.85x), and
#    its PVTv2-b2 branch against timm's.
$PY tools/analysis/benchmark.py \
  configs/glmnet/glmnet-base_8xb32_intel.py "backbone:PVTv2,arch='b2'" \
  backbone:ResNeXtFReLU,depth=50,groups=32,width_per_group=4 timm:pvt_v2_b2 \
  --labels glmnet-base pvtv2-b2-branch resnext50-frelu-branch timm:pvt_v2_b2 \
  --pairs glmnet-base=pvtv2-b2-branch+resnext50-frelu-branch pvtv2-b2-branch=timm:pvt_v2_b2 \
  --input-size 224 --iters 2 "${COMMON[@]}" "${EXTRA[@]}" \
  --out-md "$OUT/cpu224_glmnet_base.md" --out-json "$OUT/cpu224_glmnet_base.json"
