# GLMNet-tiny on intel_mini (3,000 train / 600 val images, 6 classes) at
# 112 px on one CPU: the README's main demo and the base of the CPU ablations.
# Same recipe as the 224 px configs (AdamW, warm-up + cosine, CutMix) scaled
# down: 30 epochs, 1 warm-up epoch, lr 5e-4 for a batch of 32 (our choice).
# On a shared CPU, run with OMP_NUM_THREADS=1 (oversubscribed threads are
# several times slower).
_base_ = [
    '../_base_/models/glmnet/glmnet-tiny.py',
    '../_base_/recipes/intel-mini-112px_adamw-30e.py',
]

# 112 = 7 x 16 is not a multiple of 32: both branches round the last stage up
# to 4x4 the same way, so allow multiples of 16 (GLMNet's size_divisor).
model = dict(backbone=dict(size_divisor=16))

# The 30-epoch schedule at lr 5e-4, its warm-up starting from 1e-2 of it.
optim_wrapper = dict(optimizer=dict(lr=5e-4))
param_scheduler = [
    dict(_base_.param_scheduler[0], start_factor=1e-2),  # noqa: F821
    _base_.param_scheduler[1],  # noqa: F821
]

default_hooks = dict(logger=dict(interval=20))
# Log the exchange gates gamma_1..3 (plot: tools/visualization/plot_gamma.py).
custom_hooks = [dict(type='GammaLoggerHook')]
