# The CPU results recipe on intel_mini (3,000 train / 600 val images, 6
# classes) at 64 px, from scratch (issue 12, docs/results.md): everything but
# the model, which a config adds (with label smoothing 0.1 in its head, also
# part of the recipe). Tuned on val only, for GLMNet-tiny, and shared by every
# family's results config so that only the model differs. What differs from
# the 224 px recipe (adamw_warmup-coslr_100e.py), all our choices for an
# 8-epoch schedule on 3,000 images: 64 px, 8 epochs, lr 2e-3 for a batch of
# 32, a 1-epoch warm-up, a milder crop (75-100% of the area) and no batch
# augment (a model base's CutMix/Mixup is the config's to switch off).
_base_ = [
    '../datasets/intel-mini_bs32_64.py',
    '../schedules/adamw_warmup-coslr_100e.py',
    '../default_runtime.py',
]

train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='RandomResizedCrop', scale=64, crop_ratio_range=(0.75, 1.0)),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='PackInputs'),
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))

optim_wrapper = dict(optimizer=dict(lr=2e-3))
param_scheduler = [
    dict(
        type='LinearLR',
        start_factor=1e-2,
        by_epoch=True,
        begin=0,
        end=1,
        convert_to_iter_based=True),
    dict(
        type='CosineAnnealingLR',
        eta_min=1e-5,
        by_epoch=True,
        begin=1,
        convert_to_iter_based=True),
]
train_cfg = dict(max_epochs=8, val_interval=1)
auto_scale_lr = dict(base_batch_size=32)

default_hooks = dict(logger=dict(interval=20))
custom_hooks = []
