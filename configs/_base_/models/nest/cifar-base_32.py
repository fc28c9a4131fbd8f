# NesT-B CIFAR variant (32 px, 10 classes): JAX nest_base_s16_32,
# 4 levels of 4x4 blocks, 1x1 patches, constant width, multi-query
# attention. Global linspace drop-path 0.1; head = LN (backbone final
# norm) -> global mean over tokens -> Linear, as JAX NestNet. Recipe
# augments of the JAX CIFAR config: Mixup 0.8, label smoothing 0.1.
model = dict(
    type='ImageClassifier',
    backbone=dict(
        type='NesT',
        arch='cifar-base',
        img_size=32,
        padding='same',
        drop_path_rate=0.1),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(
        type='LinearClsHead',
        num_classes=10,
        in_channels=768,
        loss=dict(
            type='LabelSmoothLoss', label_smooth_val=0.1, mode='original'),
        init_cfg=dict(type='TruncNormal', layer='Linear', std=.02, bias=0.)),
    train_cfg=dict(augments=dict(type='Mixup', alpha=0.8)),
)
