# Swin-B (384 px) baseline on Web-Aircraft (13,503 web train images) with the
# SwinFC recipe (lr 3e-2 for everything, 36 epochs; see
# swinfc_swin-b_4xb8_web-aircraft-384px.py).
_base_ = [
    '../_base_/models/swinfc/swin-b_384_22kto1k-pre.py',
    '../_base_/recipes/swinfc_web-aircraft-384px.py',
]

model = dict(head=dict(num_classes=100))
