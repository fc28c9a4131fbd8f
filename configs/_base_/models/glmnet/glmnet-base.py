# GLMNet-base, the seed's model: PVTv2-b2 global branch + ResNeXt-50 32x4d
# FReLU local branch, exchanged after stages 1-3 (gamma-gated into the global
# branch), then the stage-fusion neck (2560 -> C_f = 2048) and the SE head.
# Everything below the branch level is our proposal (specs/models/glmnet.md).
model = dict(
    type='ImageClassifier',
    backbone=dict(type='GLMNet', arch='base', out_indices=(3, )),
    neck=dict(type='StageFusionNeck', in_channels=512 + 2048,
              out_channels=2048),
    head=dict(
        type='SEClsHead',
        num_classes=6,
        in_channels=2048,
        se_ratio=16,
        dropout=0.2,
        loss=dict(type='CrossEntropyLoss', loss_weight=1.0)),
    # CutMix turns labels into soft scores; CrossEntropyLoss accepts both.
    train_cfg=dict(augments=dict(type='CutMix', alpha=1.0)),
)
