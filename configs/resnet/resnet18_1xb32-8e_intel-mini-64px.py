# mmpretrain's ResNet-18 on the CPU results recipe (issue 12,
# ../_base_/recipes/intel-mini-64px_adamw-8e.py): the plain-CNN baseline of
# the GLMNet table, same data, size, schedule, optimizer and label smoothing
# as glmnet-tiny_1xb32-8e_intel-mini-64px.py; only the model differs.
_base_ = [
    '../_base_/models/resnet/resnet18.py',
    '../_base_/recipes/intel-mini-64px_adamw-8e.py',
]

model = dict(
    head=dict(
        loss=dict(
            _delete_=True, type='LabelSmoothLoss', label_smooth_val=0.1,
            mode='original')))
