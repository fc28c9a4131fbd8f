# T2T-ViT CPU results recipe (issue 12): T2T-ViT-7 (Performer T2T module,
# 4.3 M parameters; T2T grid 16x16 -> 8x8 -> 4x4 tokens) on intel_mini at
# 64 px, trained from scratch with the results recipe of every family
# (../_base_/recipes/intel-mini-64px_adamw-8e.py: data, crop, AdamW, warm-up +
# cosine, label smoothing, 8 epochs); only the model differs.
_base_ = [
    '../_base_/models/vit/classifier.py',
    '../_base_/recipes/intel-mini-64px_adamw-8e.py',
]

model = dict(
    backbone=dict(type='T2TViT', arch='7', img_size=64, drop_path_rate=0.),
    head=dict(in_channels=256))
