# GLMNet-tiny, for CPU: PVTv2-b0 (32/64/160/256) + a narrow ResNeXt-26-FReLU
# (2 bottlenecks per stage, 8x4d groups, 64/128/256/512), fused width 512.
_base_ = ['./glmnet-base.py']
model = dict(
    backbone=dict(arch='tiny'),
    neck=dict(in_channels=256 + 512, out_channels=512),
    head=dict(in_channels=512))
