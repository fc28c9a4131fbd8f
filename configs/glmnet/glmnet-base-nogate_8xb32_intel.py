# Ablation at full size: GLMNet-base without gamma gating (every gamma_i a
# constant 1); recipe identical to glmnet-base_8xb32_intel.py.
_base_ = ['./glmnet-base_8xb32_intel.py']

model = dict(backbone=dict(gate='fixed', gamma_init=1.0))
