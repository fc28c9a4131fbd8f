# cub100 (../shared/data/cub100): the project's 100-class CUB-200-2011 subset,
# 2,626 train / 277 val images (227x227 crops around the bird), for
# fine-grained runs on CPU at 128 px. data_root 'data/cub100' falls back to
# $MMGLM_DATA/cub100 and ../shared/data/cub100 (mmglm.datasets.CUB100).
# Loaders, 'val' split and normalisation of the CPU sample sets
# (intel-mini_bs32_112.py); its own dataset, pipeline, batches and top-5.
_base_ = ['./intel-mini_bs32_112.py']

dataset_type = 'CUB100'
data_root = 'data/cub100'
data_preprocessor = dict(num_classes=100)

train_pipeline = [
    dict(type='LoadImageFromFileChecked'),
    dict(type='Resize', scale=146),
    dict(type='RandomCrop', crop_size=128),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='PackInputs'),
]

test_pipeline = [
    dict(type='LoadImageFromFileChecked'),
    dict(type='Resize', scale=146),
    dict(type='CenterCrop', crop_size=128),
    dict(type='PackInputs'),
]

train_dataloader = dict(
    batch_size=16,
    dataset=dict(
        type=dataset_type, data_root=data_root, pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=32,
    dataset=dict(
        type=dataset_type, data_root=data_root, pipeline=test_pipeline))
val_evaluator = dict(topk=(1, 5))

test_dataloader = val_dataloader
test_evaluator = val_evaluator
