# timm's botnet26t_256 architecture (tiered stem, 2-2-2-2 blocks, MHSA in the
# last block of stage 3 and in stage 4), timm's position scaling by default.
# The relative position tables fix the input size: img_size must equal the
# size the pipeline produces (or set dynamic_size=True).
model = dict(
    type='ImageClassifier',
    backbone=dict(
        type='BoTNet', arch='botnet26t', img_size=224, out_indices=(3, )),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(
        type='LinearClsHead',
        num_classes=6,
        in_channels=2048,
        loss=dict(type='CrossEntropyLoss', loss_weight=1.0),
        topk=(1, )),
)
