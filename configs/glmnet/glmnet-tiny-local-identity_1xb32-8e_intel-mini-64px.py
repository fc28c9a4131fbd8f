# Investigation of the mixture's margin (issue 12): GLMNet-tiny whose
# exchanges start as the identity on the local path (the local 1x1 conv is
# [0 | I], so l' = l at init and the local branch starts as the local-only
# network, as the global branch starts as PVTv2-b0 with gamma = 0). Recipe
# identical to glmnet-tiny_1xb32-8e_intel-mini-64px.py.
_base_ = ['./glmnet-tiny_1xb32-8e_intel-mini-64px.py']

model = dict(backbone=dict(exchange_cfg=dict(local_identity_init=True)))
