# Ablation: GLMNet-tiny with ReLU instead of FReLU in the local branch
# (frelu_sites='none': a plain ResNeXt). Recipe identical to
# glmnet-tiny_1xb32-8e_intel-mini-64px.py.
_base_ = ['./glmnet-tiny_1xb32-8e_intel-mini-64px.py']

model = dict(backbone=dict(frelu_sites='none'))
