# NesT-S on CIFAR-10 from scratch at 32 px: the JAX cifar_nest.py
# recipe (per-device batch 64, AdamW 2.5e-4 per 256 images, weight
# decay 0.05 but none on the position embeddings, cosine over 300 epochs
# with 5 warm-up epochs, no gradient clipping, RandAugment 2/9 (std 0.5),
# random erasing 0.25, Mixup 0.8, label smoothing 0.1). Data: mmpretrain's
# CIFAR10 dataset in data/cifar10.
_base_ = [
    '../_base_/models/nest/cifar-small_32.py',
    'mmpretrain::_base_/datasets/cifar10_bs16.py',
    '../_base_/default_runtime.py',
]

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
train_dataloader = dict(
    batch_size=64, dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(batch_size=256)
test_dataloader = val_dataloader

optim_wrapper = dict(
    optimizer=dict(
        type='AdamW', lr=2.5e-4 * 64 / 256, weight_decay=0.05,
        betas=(0.9, 0.999), eps=1e-8),
    paramwise_cfg=dict(custom_keys={'.pos_embed': dict(decay_mult=0.0)}),
)
param_scheduler = [
    dict(
        type='LinearLR',
        start_factor=1e-3,
        by_epoch=True,
        begin=0,
        end=5,
        convert_to_iter_based=True),
    dict(
        type='CosineAnnealingLR',
        eta_min=0.,
        by_epoch=True,
        begin=5,
        end=300,
        convert_to_iter_based=True),
]
train_cfg = dict(by_epoch=True, max_epochs=300, val_interval=5)
val_cfg = dict()
test_cfg = dict()
auto_scale_lr = dict(base_batch_size=64)
