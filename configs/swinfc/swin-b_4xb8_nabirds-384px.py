# Swin-B (384 px) baseline on NABirds (23,929 train images) with the SwinFC
# recipe (lr 3e-2 for everything, 20 epochs; see
# swinfc_swin-b_4xb8_nabirds-384px.py).
_base_ = [
    '../_base_/models/swinfc/swin-b_384_22kto1k-pre.py',
    '../_base_/recipes/swinfc_nabirds-384px.py',
]

model = dict(head=dict(num_classes=555))
