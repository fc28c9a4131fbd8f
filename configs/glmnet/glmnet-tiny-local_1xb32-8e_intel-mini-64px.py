# Ablation: local branch only. GLMNet-tiny's ResNeXt-26-FReLU (8x4d,
# 64/128/256/512) straight into the same SE head (its 512 channels are the
# fused width C_f already, so no neck); recipe identical to
# glmnet-tiny_1xb32-8e_intel-mini-64px.py.
_base_ = ['./glmnet-tiny_1xb32-8e_intel-mini-64px.py']

model = dict(
    backbone=dict(
        _delete_=True,
        type='ResNeXtFReLU',
        depth=26,
        stem_channels=32,
        base_channels=16,
        groups=8,
        width_per_group=4,
        out_indices=(3, )),
    neck=None)
custom_hooks = []  # no gammas
