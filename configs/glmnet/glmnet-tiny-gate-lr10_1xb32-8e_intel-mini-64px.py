# Investigation of the mixture's margin (issue 12): GLMNet-tiny whose gates
# gamma_1..3 learn 10x faster than the other weights (lr_mult 10, still no
# weight decay), so that the global branch can take in the local features
# early in an 8-epoch schedule. Recipe otherwise identical to
# glmnet-tiny_1xb32-8e_intel-mini-64px.py.
_base_ = ['./glmnet-tiny_1xb32-8e_intel-mini-64px.py']

optim_wrapper = dict(
    paramwise_cfg=dict(custom_keys={'.gamma': dict(lr_mult=10.0)}))
