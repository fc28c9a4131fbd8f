# BoTNet-S1-59 (paper's T3): stages 3-4-6-6, stride-1 c5 (output stride 16),
# SE in the ResNet blocks, SiLU; six BoT blocks at 14x14 for 224 px inputs.
# The relative position tables fix the input size: img_size must equal the
# size the pipeline produces (or set dynamic_size=True).
model = dict(
    type='ImageClassifier',
    backbone=dict(
        type='BoTNet', arch='s1-59', img_size=224, out_indices=(3, )),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(
        type='LinearClsHead',
        num_classes=6,
        in_channels=2048,
        loss=dict(type='CrossEntropyLoss', loss_weight=1.0),
        topk=(1, )),
)
