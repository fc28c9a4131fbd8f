# CUB-200-2011 at 384 px (SwinFC recipe): 200 classes, 5,994 train / 5,794
# test. Official layout at data/CUB_200_2011 (images/, images.txt,
# image_class_labels.txt, train_test_split.txt). 'CUB' under the mmglm scope
# is mmglm.datasets.CUB: mmpretrain's CUB plus data-root fallback and image
# checks. Validation uses the test split, as every CUB paper does; tune
# hyper-parameters on a held-out part of train (or on cub100) instead.
# The base of the SwinFC 384 px fine-grained family: NABirds and WebFG-496
# (nabirds_bs8_384.py, webfg496_bs8_384.py) inherit it and state their data.
dataset_type = 'CUB'
data_root = 'data/CUB_200_2011'
data_preprocessor = dict(
    num_classes=200,
    # RGB normalisation of ImageNet
    mean=[123.675, 116.28, 103.53],
    std=[58.395, 57.12, 57.375],
    # convert image from BGR to RGB
    to_rgb=True,
)

# SwinFC: resize to 512x512, random crop 384, horizontal flip, random
# rotation. The paper gives no angle: +-15 degrees, uniform, is our choice
# (torchvision RandomRotation(15) defaults: nearest, black fill), written with
# mmpretrain 1.2.0's Rotate (it has no RandomRotate): magnitude uniform in
# [0, 15] ('inf' std), sign flipped with probability 0.5, applied always.
# LoadImageFromFileChecked (mmglm) refuses truncated/corrupt files by name.
train_pipeline = [
    dict(type='LoadImageFromFileChecked'),
    dict(type='Resize', scale=512),
    dict(type='RandomCrop', crop_size=384),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(
        type='Rotate',
        magnitude_level=10,
        magnitude_range=(0, 15),
        magnitude_std='inf',
        total_level=10,
        prob=1.0,
        random_negative_prob=0.5,
        pad_val=0,
        interpolation='nearest'),
    dict(type='PackInputs'),
]

test_pipeline = [
    dict(type='LoadImageFromFileChecked'),
    dict(type='Resize', scale=512),
    dict(type='CenterCrop', crop_size=384),
    dict(type='PackInputs'),
]

train_dataloader = dict(
    batch_size=8,
    num_workers=4,
    persistent_workers=True,
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        split='train',
        pipeline=train_pipeline),
    sampler=dict(type='DefaultSampler', shuffle=True),
)

val_dataloader = dict(
    batch_size=8,
    num_workers=4,
    persistent_workers=True,
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        split='test',
        pipeline=test_pipeline),
    sampler=dict(type='DefaultSampler', shuffle=False),
)
val_evaluator = dict(type='Accuracy', topk=(1, 5))

test_dataloader = val_dataloader
test_evaluator = val_evaluator
