# The seed's stem: one conv stem with patchify feeding both branches
# (stem='shared_patchify') instead of a stem per branch. Recipe identical to
# glmnet-tiny_1xb32-8e_intel-mini-64px.py.
_base_ = ['./glmnet-tiny_1xb32-8e_intel-mini-64px.py']

model = dict(backbone=dict(stem='shared_patchify'))
