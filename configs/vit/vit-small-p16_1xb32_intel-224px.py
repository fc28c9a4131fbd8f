# ViT-S/16 (timm's vit_small_patch16_224: 384 wide, 6 heads, 12 blocks; in
# mmpretrain's arch names that is 'deit-small', not 'small') on Intel at
# 224 px, from scratch, with the GLMNet recipe family. The size compared with
# timm in the README's performance table.
_base_ = [
    '../_base_/models/vit/vit-base-p16.py',
    '../_base_/datasets/intel_bs32_224.py',
    '../_base_/schedules/adamw_warmup-coslr_100e.py',
    '../_base_/default_runtime.py',
]

model = dict(
    backbone=dict(arch='deit-small', patch_size=16),
    head=dict(in_channels=384))
