# GLMNet-small on the full Intel Image Classification set at 224 px, trained
# from scratch: AdamW, 5 warm-up epochs then cosine, 100 epochs, CutMix,
# total batch 256 (8 GPUs x 32). The recipe is ours; the blog publishes none.
_base_ = [
    '../_base_/models/glmnet/glmnet-small.py',
    '../_base_/recipes/intel-224px_adamw-100e.py',
]

# Log the exchange gates gamma_1..3 (plot: tools/visualization/plot_gamma.py).
custom_hooks = [dict(type='GammaLoggerHook')]
