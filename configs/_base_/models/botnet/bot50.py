# BoT50 (Srinivas et al. 2021): ResNet-50 whose three c5 blocks are BoT
# blocks (at 224 px: MHSA at 14x14 then a 2x2 avg pool in the first, MHSA at
# 7x7 in the others).
# The relative position tables fix the input size: img_size must equal the
# size the pipeline produces (or set dynamic_size=True).
model = dict(
    type='ImageClassifier',
    backbone=dict(
        type='BoTNet', arch='bot50', img_size=224, out_indices=(3, )),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(
        type='LinearClsHead',
        num_classes=6,
        in_channels=2048,
        loss=dict(type='CrossEntropyLoss', loss_weight=1.0),
        topk=(1, )),
)
