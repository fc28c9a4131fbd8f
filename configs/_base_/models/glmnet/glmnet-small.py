# GLMNet-small: PVTv2-b1 + ResNeXt-50 32x4d FReLU, fused width C_f = 1024
# (the spec's lighter option, about 42 M parameters).
_base_ = ['./glmnet-base.py']
model = dict(
    backbone=dict(arch='small'),
    neck=dict(in_channels=512 + 2048, out_channels=1024),
    head=dict(in_channels=1024))
