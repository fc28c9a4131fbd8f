# GLMNet-tiny on intel_mini (3,000 train / 600 val images, 6 classes) at
# 112 px on one CPU: the README's main demo and the base of the CPU ablations.
# Same recipe as the 224 px configs (AdamW, warm-up + cosine, CutMix) scaled
# down: 30 epochs, 1 warm-up epoch, lr 5e-4 for a batch of 32 (our choice).
# On a shared CPU, run with OMP_NUM_THREADS=1 (oversubscribed threads are
# several times slower).
_base_ = [
    '../_base_/models/glmnet/glmnet-tiny.py',
    '../_base_/datasets/intel-mini_bs32_112.py',
    '../_base_/schedules/adamw_warmup-coslr_100e.py',
    '../_base_/default_runtime.py',
]

# 112 = 7 x 16 is not a multiple of 32: both branches round the last stage up
# to 4x4 the same way, so allow multiples of 16 (GLMNet's size_divisor).
model = dict(backbone=dict(size_divisor=16))

optim_wrapper = dict(optimizer=dict(lr=5e-4))
param_scheduler = [
    dict(
        type='LinearLR',
        start_factor=1e-2,
        by_epoch=True,
        begin=0,
        end=1,
        convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', eta_min=1e-5, by_epoch=True, begin=1),
]
train_cfg = dict(max_epochs=30, val_interval=1)
auto_scale_lr = dict(base_batch_size=32)

default_hooks = dict(logger=dict(interval=20))
# Log the exchange gates gamma_1..3 (plot: tools/visualization/plot_gamma.py).
custom_hooks = [dict(type='GammaLoggerHook')]
