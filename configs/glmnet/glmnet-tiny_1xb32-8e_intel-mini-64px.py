# GLMNet-tiny CPU results recipe (issue 12): intel_mini (3,000 train / 600
# val images, 6 classes) at 64 px, trained from scratch to the end of its
# schedule in under 10 minutes on 2 idle cores (make demo trains it). Tuned
# on val only (docs/results.md). The recipe (data, crop, AdamW, warm-up +
# cosine, 8 epochs) is ../_base_/recipes/intel-mini-64px_adamw-8e.py, shared
# with the other families' results configs; here GLMNet-tiny with label
# smoothing 0.1 and no CutMix (it slows convergence in a schedule this short).
_base_ = [
    '../_base_/models/glmnet/glmnet-tiny.py',
    '../_base_/recipes/intel-mini-64px_adamw-8e.py',
]

model = dict(
    head=dict(
        loss=dict(
            _delete_=True, type='LabelSmoothLoss', label_smooth_val=0.1,
            mode='original')),
    train_cfg=None)

# Log the exchange gates gamma_1..3 (plot: tools/visualization/plot_gamma.py).
custom_hooks = [dict(type='GammaLoggerHook')]
