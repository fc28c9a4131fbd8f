# mmpretrain's ResNet-18 on the GLMNet-tiny CPU results recipe (issue 12):
# the plain-CNN baseline of the GLMNet table, same data, size, schedule,
# optimizer and loss as glmnet-tiny_1xb32-8e_intel-mini-64px.py; only the
# model differs (ResNet-18, global average pooling, linear head).
_base_ = ['../glmnet/glmnet-tiny_1xb32-8e_intel-mini-64px.py']

model = dict(
    _delete_=True,
    type='ImageClassifier',
    backbone=dict(
        type='ResNet', depth=18, num_stages=4, out_indices=(3, ),
        style='pytorch'),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(
        type='LinearClsHead',
        num_classes=6,
        in_channels=512,
        loss=dict(
            type='LabelSmoothLoss', label_smooth_val=0.1, mode='original'),
        topk=(1, )))
custom_hooks = []  # no gammas
