# The from-scratch CPU recipe of Swin-T / SwinFC-T on cub100 (see
# configs/swinfc/swinfc_swin-t_1xb16_cub100-128px.py): AdamW 1e-3, no decay
# on the relative position tables, 2 warm-up epochs, cosine, 30 epochs,
# logs every 20 iterations (with the runtime, so that a config needs only
# its model and data besides this).
_base_ = ['./adamw_warmup-coslr_100e.py', '../default_runtime.py']

optim_wrapper = dict(
    optimizer=dict(lr=1e-3),
    paramwise_cfg=dict(
        custom_keys={'.relative_position_bias_table': dict(decay_mult=0.0)}),
)
# The base's warm-up and cosine, the warm-up over 2 epochs.
param_scheduler = [
    dict(_base_.param_scheduler[0], end=2),  # noqa: F821
    dict(_base_.param_scheduler[1], begin=2),  # noqa: F821
]
train_cfg = dict(max_epochs=30)
auto_scale_lr = dict(base_batch_size=16)
default_hooks = dict(logger=dict(interval=20))
