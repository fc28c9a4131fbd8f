# Intel Image Classification (Kaggle puneet6060/intel-image-classification):
# 6 scene classes, 150x150 images, 14,034 train / 3,000 test. The GLMNet recipe
# upsamples to 224. Put the unpacked Kaggle folders at data/intel
# (data/intel/seg_train/<class>/*.jpg, data/intel/seg_test/<class>/*.jpg).
# The base of the Intel pipeline family: intel-mini_bs32_{112,64}.py inherit
# it and set the size (mmglm.datasets.transforms.at_size).
# Normalisation, samplers, splits and top-1: classification.py.
_base_ = ['./classification.py']

dataset_type = 'IntelImageClassification'
data_root = 'data/intel'
data_preprocessor = dict(num_classes=6)

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
    dataset=dict(
        type=dataset_type, data_root=data_root, pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=64,
    dataset=dict(
        type=dataset_type, data_root=data_root, pipeline=test_pipeline))

test_dataloader = val_dataloader
