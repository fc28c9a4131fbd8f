# cub100 (../shared/data/cub100: 100 CUB species, 2,626 train / 277 val
# images of 227 px), batch 16, SwinFC's pipeline scaled to 128 px (resize
# 170, crop 128, flip, rotation). Minimal placeholder written with SwinFC; the
# datasets issue owns this file. Tune on 'val' only. (mmpretrain resolves a
# `classes` file against the working directory, not data_root, so class names
# are not set here.)
dataset_type = 'CustomDataset'
data_root = 'data/cub100'
data_preprocessor = dict(
    num_classes=100,
    mean=[123.675, 116.28, 103.53],
    std=[58.395, 57.12, 57.375],
    to_rgb=True,
)

train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='Resize', scale=(170, 170)),
    dict(type='RandomCrop', crop_size=128),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(
        type='Rotate',
        magnitude_range=(0, 15),
        magnitude_std='inf',
        prob=0.5,
        interpolation='bilinear'),
    dict(type='PackInputs'),
]

test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='Resize', scale=(170, 170)),
    dict(type='CenterCrop', crop_size=128),
    dict(type='PackInputs'),
]

train_dataloader = dict(
    batch_size=16,
    num_workers=2,
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        ann_file='meta/train.txt',
        data_prefix='',
        pipeline=train_pipeline),
    sampler=dict(type='DefaultSampler', shuffle=True),
)

val_dataloader = dict(
    batch_size=32,
    num_workers=2,
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        ann_file='meta/val.txt',
        data_prefix='',
        pipeline=test_pipeline),
    sampler=dict(type='DefaultSampler', shuffle=False),
)
val_evaluator = dict(type='Accuracy', topk=(1, 5))

test_dataloader = val_dataloader
test_evaluator = val_evaluator
