# A narrow NesT for CPU runs on intel_mini at 64 px (the GradCAT demo model,
# ../_base_/models/nest/mini_64.py).
# The shared recipe (AdamW 1e-3, warm-up, cosine, label smoothing) shortened
# to 3 epochs with 50 warm-up iterations and no batch augment, so that a few
# CPU epochs on a shared machine already learn something.
_base_ = [
    '../_base_/models/nest/mini_64.py',
    '../_base_/datasets/intel-mini_bs32_64.py',
    '../_base_/schedules/adamw_warmup-coslr_100e.py',
    '../_base_/default_runtime.py',
]

# Warm-up counted in iterations; the base's cosine from iteration 0.
param_scheduler = [
    dict(type='LinearLR', start_factor=1e-3, by_epoch=False, begin=0, end=50),
    dict(
        _base_.param_scheduler[1],  # noqa: F821
        begin=0, end=3, convert_to_iter_based=True),
]
train_cfg = dict(by_epoch=True, max_epochs=3, val_interval=1)
default_hooks = dict(logger=dict(interval=10))
