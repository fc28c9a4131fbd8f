# T2T-ViT-7 (performer T2T module) on Intel at 224 px, from scratch,
# with the GLMNet recipe family (AdamW, warm-up + cosine, CutMix).
# The T2T-ViT-14 config with another arch and head width.
_base_ = ['./t2t-vit-14_1xb32_intel-224px.py']

model = dict(backbone=dict(arch='7'), head=dict(in_channels=256))
