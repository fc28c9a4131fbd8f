# ViT-H/14 on Intel at 224 px, from scratch, with the GLMNet recipe family
# (AdamW, warm-up + cosine, CutMix).
# The ViT-B/16 config with another arch, patch size and head width.
_base_ = ['./vit-base-p16_1xb32_intel-224px.py']

model = dict(
    backbone=dict(arch='h', patch_size=14),
    head=dict(in_channels=1280))
