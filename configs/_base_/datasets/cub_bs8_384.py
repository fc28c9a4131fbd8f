# CUB-200-2011 at 384 px (SwinFC recipe): 200 classes, 5,994 train / 5,794
# test. Official layout at data/CUB_200_2011 (images/, images.txt,
# image_class_labels.txt, train_test_split.txt). 'CUB' under the mmglm scope
# is mmglm.datasets.CUB: mmpretrain's CUB plus data-root fallback and image
# checks. Validation uses the test split, as every CUB paper does; tune
# hyper-parameters on a held-out part of train (or on cub100) instead.
# The base of the SwinFC 384 px fine-grained family: NABirds and WebFG-496
# (nabirds_bs8_384.py, webfg496_bs8_384.py) inherit it and state their data.
# Normalisation, samplers and splits: classification.py; the resize and crop
# pipeline: finegrained_pipelines.py.
_base_ = ['./classification.py', './finegrained_pipelines.py']

dataset_type = 'CUB'
data_root = 'data/CUB_200_2011'
data_preprocessor = dict(num_classes=200)

# SwinFC: resize to 512x512, random crop 384, horizontal flip, random
# rotation. The paper gives no angle: +-15 degrees, uniform, is our choice
# (torchvision RandomRotation(15) defaults: nearest, black fill), written with
# mmpretrain 1.2.0's Rotate (it has no RandomRotate): magnitude uniform in
# [0, 15] ('inf' std), sign flipped with probability 0.5, applied always.
train_pipeline = _base_.train_pipeline[:-1] + [  # noqa: F821
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

train_dataloader = dict(
    batch_size=8,
    persistent_workers=True,
    dataset=dict(
        type=dataset_type, data_root=data_root, pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=8,
    persistent_workers=True,
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        pipeline=_base_.test_pipeline))  # noqa: F821
val_evaluator = dict(topk=(1, 5))

test_dataloader = val_dataloader
test_evaluator = val_evaluator
