# CPU recipe baseline: plain Swin-T at 128 px (window 4) on cub100, trained
# exactly as swinfc_swin-t_1xb16_cub100-128px.py (from scratch, AdamW 1e-3,
# 2 warm-up epochs, cosine, 30 epochs).
_base_ = [
    '../_base_/models/swinfc/swin-t_128.py',
    '../_base_/datasets/cub100_bs16_128.py',
    '../_base_/schedules/adamw_warmup-coslr_100e.py',
    '../_base_/default_runtime.py',
]

optim_wrapper = dict(
    optimizer=dict(lr=1e-3),
    paramwise_cfg=dict(
        custom_keys={'.relative_position_bias_table': dict(decay_mult=0.0)}),
)
param_scheduler = [
    dict(
        type='LinearLR',
        start_factor=1e-3,
        by_epoch=True,
        begin=0,
        end=2,
        convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', eta_min=1e-5, by_epoch=True, begin=2),
]
train_cfg = dict(max_epochs=30)
auto_scale_lr = dict(base_batch_size=16)
default_hooks = dict(logger=dict(interval=20))
