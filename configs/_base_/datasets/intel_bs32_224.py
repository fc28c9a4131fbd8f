# Intel Image Classification (Kaggle puneet6060/intel-image-classification):
# 6 scene classes, 150x150 images, 14,034 train / 3,000 test. The GLMNet recipe
# upsamples to 224. Put the unpacked Kaggle folders at data/intel
# (data/intel/seg_train/<class>/*.jpg, data/intel/seg_test/<class>/*.jpg).
# The base of the Intel pipeline family: intel-mini_bs32_{112,64}.py inherit
# it and set the size (mmglm.datasets.transforms.at_size).
dataset_type = 'IntelImageClassification'
data_root = 'data/intel'
data_preprocessor = dict(
    num_classes=6,
    mean=[123.675, 116.28, 103.53],
    std=[58.395, 57.12, 57.375],
    to_rgb=True,
)

train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='RandomResizedCrop', scale=224, crop_ratio_range=(0.5, 1.0)),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='PackInputs'),
]

test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='Resize', scale=(224, 224)),
    dict(type='PackInputs'),
]

train_dataloader = dict(
    batch_size=32,
    num_workers=4,
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        split='train',
        pipeline=train_pipeline),
    sampler=dict(type='DefaultSampler', shuffle=True),
)

val_dataloader = dict(
    batch_size=64,
    num_workers=4,
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        split='test',
        pipeline=test_pipeline),
    sampler=dict(type='DefaultSampler', shuffle=False),
)
val_evaluator = dict(type='Accuracy', topk=(1, ))

test_dataloader = val_dataloader
test_evaluator = val_evaluator
