# Swin-B 384 (swin-b_384.py) initialised from the ImageNet-22k -> 1k weights
# (swin-b_384_22kto1k-init.py).
_base_ = ['./swin-b_384.py', './swin-b_384_22kto1k-init.py']
model = dict(
    backbone=dict(init_cfg=_base_.pop('pretrained_init')))  # noqa: F821
