# A narrow NesT for CPU runs on intel_mini at 64 px (the GradCAT demo model):
# 4x4 patches -> 16x16 tokens, three levels of 4x4 blocks (16, 4 and 1
# blocks), widths 32/64/128, heads 1/2/4, depths 1/1/2 (0.57 M parameters).
# The shared recipe (AdamW 1e-3, warm-up, cosine, label smoothing) shortened
# to 3 epochs with 50 warm-up iterations and no batch augment, so that a few
# CPU epochs on a shared machine already learn something.
_base_ = [
    '../_base_/datasets/intel-mini_bs32_64.py',
    '../_base_/schedules/adamw_warmup-coslr_100e.py',
    '../_base_/default_runtime.py',
]

model = dict(
    type='ImageClassifier',
    backbone=dict(
        type='NesT',
        arch=dict(
            embed_dims=[32, 64, 128], num_heads=[1, 2, 4], depths=[1, 1, 2]),
        img_size=64,
        patch_size=4,
        padding='same',
        drop_path_rate=0.),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(
        type='LinearClsHead',
        num_classes=6,
        in_channels=128,
        loss=dict(
            type='LabelSmoothLoss', label_smooth_val=0.1, mode='original'),
        init_cfg=dict(type='TruncNormal', layer='Linear', std=.02, bias=0.)),
)

param_scheduler = [
    dict(type='LinearLR', start_factor=1e-3, by_epoch=False, begin=0, end=50),
    dict(
        type='CosineAnnealingLR',
        eta_min=1e-5,
        by_epoch=True,
        begin=0,
        end=3,
        convert_to_iter_based=True),
]
train_cfg = dict(by_epoch=True, max_epochs=3, val_interval=1)
default_hooks = dict(logger=dict(interval=10))
