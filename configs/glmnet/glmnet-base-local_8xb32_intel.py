# Ablation at full size: local branch only. ResNeXt-50 32x4d FReLU straight
# into the same SE head (its 2048 channels are the fused width C_f already,
# so no neck); recipe identical to glmnet-base_8xb32_intel.py.
_base_ = ['./glmnet-base_8xb32_intel.py']

model = dict(
    backbone=dict(
        _delete_=True,
        type='ResNeXtFReLU',
        depth=50,
        groups=32,
        width_per_group=4,
        out_indices=(3, )),
    neck=None)
custom_hooks = []  # no gammas
