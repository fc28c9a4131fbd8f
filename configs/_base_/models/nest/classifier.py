# The classifier every NesT base of mmglm shares (tiny_224.py and mini_64.py,
# and those that inherit them): the NesT backbone with 'same' padding, then
# JAX NestNet's head, LN (the backbone's final norm) -> global mean over tokens
# -> Linear (truncated-normal init), with label smoothing 0.1. Not a model of
# its own: a base states the arch, size, drop-path, classes, head width and
# any batch augment.
model = dict(
    type='ImageClassifier',
    backbone=dict(type='NesT', padding='same'),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(
        type='LinearClsHead',
        loss=dict(
            type='LabelSmoothLoss', label_smooth_val=0.1, mode='original'),
        init_cfg=dict(type='TruncNormal', layer='Linear', std=.02, bias=0.)),
)
