# Swin-B (384 px) baseline on CUB-200-2011 with the SwinFC recipe: backbone lr
# 2e-3, the new linear head 5e-3 (see swinfc_swin-b_4xb8_cub-384px.py).
_base_ = [
    '../_base_/models/swinfc/swin-b_384_22kto1k-pre.py',
    '../_base_/recipes/swinfc_cub-384px.py',
]

model = dict(head=dict(num_classes=200))
