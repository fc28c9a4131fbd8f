# Ablation: global branch only. PVTv2-b0 (GLMNet-tiny's global branch) with
# the same stage-fusion neck (256 -> 512) and SE head; recipe identical to
# glmnet-tiny_1xb32-8e_intel-mini-64px.py.
_base_ = ['./glmnet-tiny_1xb32-8e_intel-mini-64px.py']

model = dict(
    backbone=dict(
        _delete_=True, type='PVTv2', arch='b0', out_indices=(3, )),
    neck=dict(in_channels=256))
custom_hooks = []  # no gammas
