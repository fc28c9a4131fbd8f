# Ablation: GLMNet-tiny without gamma gating: every gamma_i is a constant 1,
# so the local information enters the global branch at full strength from the
# first step. Recipe identical to glmnet-tiny_1xb32-8e_intel-mini-64px.py.
_base_ = ['./glmnet-tiny_1xb32-8e_intel-mini-64px.py']

model = dict(backbone=dict(gate='fixed', gamma_init=1.0))
