# NesT CPU results recipe (issue 12): the mini NesT of
# nest-mini_1xb32_intel-mini-64px.py (4x4 patches -> 16x16 tokens, three
# levels of 4x4 blocks, widths 32/64/128, depths 1/1/2) trained from scratch
# with the GLMNet-tiny results recipe (glmnet-tiny_1xb32-8e_intel-mini-64px.py:
# data, crop, AdamW, warm-up + cosine, label smoothing, 8 epochs); only the
# model differs.
_base_ = ['../glmnet/glmnet-tiny_1xb32-8e_intel-mini-64px.py']

model = dict(
    _delete_=True,
    type='ImageClassifier',
    backbone=dict(
        type='NesT',
        arch=dict(
            embed_dims=[32, 64, 128], num_heads=[1, 2, 4], depths=[1, 1, 2]),
        img_size=64,
        patch_size=4,
        padding='same',
        drop_path_rate=0.),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(
        type='LinearClsHead',
        num_classes=6,
        in_channels=128,
        loss=dict(
            type='LabelSmoothLoss', label_smooth_val=0.1, mode='original'),
        init_cfg=dict(type='TruncNormal', layer='Linear', std=.02, bias=0.)))
custom_hooks = []  # no gammas
