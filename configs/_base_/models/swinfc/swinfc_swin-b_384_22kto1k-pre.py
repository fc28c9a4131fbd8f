# SwinFC on Swin-B 384 (swinfc_swin-b_384.py) initialised from the
# ImageNet-22k -> 1k Swin-B weights (swin-b_384_22kto1k-init.py).
_base_ = ['./swinfc_swin-b_384.py', './swin-b_384_22kto1k-init.py']
model = dict(
    backbone=dict(init_cfg=_base_.pop('pretrained_init')))  # noqa: F821
