# NesT-B (224 px) for ImageNet-1k: JAX nest_base_s196_224, timm nest_base_jx
# with padding='same'. Global linspace drop-path 0.5; head = LN (backbone
# final norm) -> global mean over tokens -> Linear, as JAX NestNet. Recipe
# augments of the JAX config: Mixup 0.8 and label smoothing 0.1.
model = dict(
    type='ImageClassifier',
    backbone=dict(
        type='NesT',
        arch='base',
        img_size=224,
        padding='same',
        drop_path_rate=0.5),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(
        type='LinearClsHead',
        num_classes=1000,
        in_channels=512,
        loss=dict(
            type='LabelSmoothLoss', label_smooth_val=0.1, mode='original'),
        init_cfg=dict(type='TruncNormal', layer='Linear', std=.02, bias=0.)),
    train_cfg=dict(augments=dict(type='Mixup', alpha=0.8)),
)
