# ViT-L/16 on Intel at 224 px, from scratch, with the GLMNet recipe family
# (AdamW, warm-up + cosine, CutMix).
_base_ = [
    '../_base_/models/vit/vit-base-p16.py',
    '../_base_/datasets/intel_bs32_224.py',
    '../_base_/schedules/adamw_warmup-coslr_100e.py',
    '../_base_/default_runtime.py',
]

model = dict(
    backbone=dict(arch='l', patch_size=16),
    head=dict(in_channels=1024))
