# Swin-B (384 px) baseline on Web-Bird (18,388 web train images) with the
# SwinFC recipe (lr 3e-2 for everything, 26 epochs; see
# swinfc_swin-b_4xb8_web-bird-384px.py).
_base_ = [
    '../_base_/models/swinfc/swin-b_384_22kto1k-pre.py',
    '../_base_/recipes/swinfc_web-bird-384px.py',
]

model = dict(head=dict(num_classes=200))
