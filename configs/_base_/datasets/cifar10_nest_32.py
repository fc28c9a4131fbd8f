# CIFAR-10 at 32 px with the augmentation of the JAX cifar_nest.py recipe:
# random crop (pad 4) and flip, RandAugment 2/9 (std 0.5), random erasing
# 0.25. mmpretrain's CIFAR10 dataset in data/cifar10; Mixup and label
# smoothing live in the model configs.
_base_ = ['mmpretrain::_base_/datasets/cifar10_bs16.py']

# CIFAR10 images are loaded RGB (to_rgb=False in the base data_preprocessor).
rgb_mean = [125.307, 122.961, 113.8575]
rgb_std = [51.5865, 50.847, 51.255]
train_pipeline = [
    dict(type='RandomCrop', crop_size=32, padding=4),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(
        type='RandAugment',
        policies='timm_increasing',
        num_policies=2,
        total_level=10,
        magnitude_level=9,
        magnitude_std=0.5,
        hparams=dict(pad_val=[round(x) for x in rgb_mean])),
    dict(
        type='RandomErasing',
        erase_prob=0.25,
        mode='rand',
        min_area_ratio=0.02,
        max_area_ratio=1 / 3,
        fill_color=rgb_mean,
        fill_std=rgb_std),
    dict(type='PackInputs'),
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(batch_size=256)
test_dataloader = val_dataloader
