# Ablation at full size: GLMNet-base with ReLU instead of FReLU in the local
# branch (frelu_sites='none'); recipe identical to glmnet-base_8xb32_intel.py.
_base_ = ['./glmnet-base_8xb32_intel.py']

model = dict(backbone=dict(frelu_sites='none'))
