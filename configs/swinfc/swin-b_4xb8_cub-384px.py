# Swin-B (384 px) baseline on CUB-200-2011 with the SwinFC recipe: backbone lr
# 2e-3, the new linear head 5e-3 (see swinfc_swin-b_4xb8_cub-384px.py).
_base_ = [
    '../_base_/models/swinfc/swin-b_384_22kto1k-pre.py',
    '../_base_/datasets/cub_bs8_384.py',
    '../_base_/schedules/sgd_coslr_finegrained.py',
    '../_base_/default_runtime.py',
]

model = dict(head=dict(num_classes=200))
optim_wrapper = dict(
    paramwise_cfg=dict(custom_keys={'head.': dict(lr_mult=2.5)}),
)
train_cfg = dict(max_epochs=80)
