# ViT-S/16 (timm's vit_small_patch16_224: 384 wide, 6 heads, 12 blocks; in
# mmpretrain's arch names that is 'deit-small', not 'small') on Intel at
# 224 px, from scratch, with the GLMNet recipe family. The size compared with
# timm in the README's performance table.
# The ViT-B/16 config with another arch, patch size and head width.
_base_ = ['./vit-base-p16_1xb32_intel-224px.py']

model = dict(
    backbone=dict(arch='deit-small', patch_size=16),
    head=dict(in_channels=384))
