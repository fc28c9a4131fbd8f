# Ablation at full size: global branch only. PVTv2-b2 with the same
# stage-fusion neck (512 -> 2048) and SE head; recipe identical to
# glmnet-base_8xb32_intel.py (glmnet_intel.py).
_base_ = ['./glmnet-base_8xb32_intel.py']

model = dict(
    backbone=dict(
        _delete_=True, type='PVTv2', arch='b2', out_indices=(3, )),
    neck=dict(in_channels=512))
custom_hooks = []  # no gammas
