# The short schedule of the first CPU variants (30 epochs on intel_mini at
# 64 px; bot50 at 112 px runs 5): the GLMNet family's AdamW
# (adamw_warmup-coslr_100e.py, lr 1e-3) for a batch of 32, a 1-epoch linear
# warm-up from 0.1, then a per-epoch cosine to 1e-5. No CutMix is the model
# config's part (train_cfg=None) so that a few CPU epochs already learn.
_base_ = ['./adamw_warmup-coslr_100e.py']

param_scheduler = [
    dict(type='LinearLR', start_factor=0.1, by_epoch=True, begin=0, end=1,
         convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', eta_min=1e-5, by_epoch=True, begin=1),
]
train_cfg = dict(max_epochs=30)
auto_scale_lr = dict(base_batch_size=32)
