# T2T-ViT-14 (Performer T2T module) for the 6 Intel classes. The other
# T2T-ViT configs override `backbone.arch` and `head.in_channels`.
# From scratch, so qk_scale=None (head_dims**-0.5); official released weights
# need qk_scale=embed_dims**-0.5 (see configs/t2t_vit/README.md).
# The head: ../vit/classifier.py (the plain ViTs' classifier).
_base_ = ['../vit/classifier.py']

model = dict(
    backbone=dict(
        type='T2TViT',
        arch='14',
        img_size=224,
        drop_path_rate=0.1,  # official recipe
    ),
    head=dict(in_channels=384),
    # The GLMNet recipe family
    # (configs/_base_/schedules/adamw_warmup-coslr_100e.py)
    train_cfg=dict(augments=dict(type='CutMix', alpha=1.0)),
)
