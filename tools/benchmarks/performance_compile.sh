#!/usr/bin/env bash
# The README's torch.compile table (issue 16): mmglm models and their peers,
# all compiled (inductor, static shapes), with GLMNet-tiny also run eager in
# the same process (compiled vs eager training), rounds interleaved, compile
# time reported apart from the throughputs (cold inductor cache). Run from
# the repository root on an otherwise idle machine:
#
#   bash tools/benchmarks/performance_compile.sh [OUT_DIR]   # default: work_dirs/performance_compile
#   (GLMNet-tiny: estimated 12-15 min on 2 idle cores, most of it compiling)
#   FULL=1 bash tools/benchmarks/performance_compile.sh ...  # + ViT-S, NesT, T2T-ViT, BoTNet, ResNet-18 (long)
#
# Extra arguments go to every benchmark.py call (e.g. --device cuda --amp
# --channels-last --batch 128 --iters 20 on a GPU).
source "$(dirname "$0")/common.sh"
out_dir_and_extra work_dirs/performance_compile "$@"
COMMON=(--compile --batch 8 --threads 2 --rounds 3 --iters 3 --latency-batch 0 --num-classes 1000
        --input-size 224)
GLM=configs/glmnet/glmnet-tiny_8xb32_intel.py

# 1. GLMNet-tiny compiled against its two branches compiled (A+B), and
#    against itself eager (target: compiled training >= 1.2x eager). A model
#    has one peer, so the eager copy carries that pair: the ratio on the
#    glmnet-tiny@eager row is eager / compiled (the speed-up is 1 / ratio).
$PY tools/analysis/benchmark.py \
  $GLM "backbone:PVTv2,arch='b0'" \
  backbone:ResNeXtFReLU,depth=26,stem_channels=32,base_channels=16,groups=8,width_per_group=4 \
  $GLM@eager \
  --labels glmnet-tiny pvtv2-b0-branch resnext26-frelu-branch glmnet-tiny@eager \
  --pairs glmnet-tiny=pvtv2-b0-branch+resnext26-frelu-branch glmnet-tiny@eager=glmnet-tiny \
  "${COMMON[@]}" "${EXTRA[@]}" \
  --out-md "$OUT/compile_glmnet.md" --out-json "$OUT/compile_glmnet.json"

if [[ -n "${FULL:-}" ]]; then
  # 2. ViT-S against timm's, both compiled.
  $PY tools/analysis/benchmark.py \
  configs/vit/vit-small-p16_1xb32_intel-224px.py timm:vit_small_patch16_224,drop_path_rate=0.1 \
  --labels vit-small timm:vit_small_patch16_224 --pairs vit-small=timm:vit_small_patch16_224 \
  "${COMMON[@]}" "${EXTRA[@]}" \
  --out-md "$OUT/compile_vit.md" --out-json "$OUT/compile_vit.json"
  # 3. The other families against their peers, both compiled.
  $PY tools/analysis/benchmark.py \
    configs/nest/nest-tiny_1xb32_intel-224px.py timm:nest_tiny_jx,drop_path_rate=0.2 \
    configs/t2t_vit/t2t-vit-t-14_1xb32_intel-224px.py mmpretrain:t2t-vit-t-14_8xb64_in1k \
    configs/resnet/resnet18_1xb32_intel-mini-64px.py timm:resnet18 \
    --labels nest-tiny timm:nest_tiny_jx t2t-vit-t-14 mmpretrain:t2t-vit-t-14 resnet18 timm:resnet18 \
    --pairs nest-tiny=timm:nest_tiny_jx t2t-vit-t-14=mmpretrain:t2t-vit-t-14 resnet18=timm:resnet18 \
    "${COMMON[@]}" "${EXTRA[@]}" \
    --out-md "$OUT/compile_others.md" --out-json "$OUT/compile_others.json"
  $PY tools/analysis/benchmark.py \
    configs/botnet/botnet26t_8xb32_intel-224px.py,backbone.img_size=256 timm:botnet26t_256 \
    --labels botnet26t timm:botnet26t_256 --pairs botnet26t=timm:botnet26t_256 \
    "${COMMON[@]}" --input-size 256 "${EXTRA[@]}" \
    --out-md "$OUT/compile_botnet.md" --out-json "$OUT/compile_botnet.json"
fi
