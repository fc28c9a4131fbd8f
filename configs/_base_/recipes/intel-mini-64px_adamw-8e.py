# The CPU results recipe on intel_mini (3,000 train / 600 val images, 6
# classes) at 64 px, from scratch (issue 12, docs/results.md): everything but
# the model, which a config adds (with label smoothing 0.1 in its head, also
# part of the recipe). Tuned on val only, for GLMNet-tiny, and shared by every
# family's results config so that only the model differs. What differs from
# the 224 px recipe, all our choices for an 8-epoch schedule on 3,000 images:
# 64 px, the 8-epoch schedule of ../schedules/adamw_warmup-coslr_8e.py (lr
# 2e-3 for a batch of 32, a 1-epoch warm-up, cosine), a milder crop (75-100%
# of the area) and no batch augment (a model base's CutMix/Mixup is the
# config's to switch off).
_base_ = [
    '../datasets/intel-mini_bs32_64.py',
    '../schedules/adamw_warmup-coslr_8e.py',
    '../default_runtime.py',
]

train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='RandomResizedCrop', scale=64, crop_ratio_range=(0.75, 1.0)),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='PackInputs'),
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))

default_hooks = dict(logger=dict(interval=20))
custom_hooks = []
