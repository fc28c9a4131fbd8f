# The short from-scratch schedule of the CPU results recipes (issue 12): the
# GLMNet family's AdamW (adamw_warmup-coslr_100e.py) for an 8-epoch schedule
# on 3,000 images: lr 2e-3 for a batch of 32, a 1-epoch warm-up, then a
# per-iteration cosine over the other epochs. A longer recipe sets
# train_cfg.max_epochs (the cosine follows it).
_base_ = ['./adamw_warmup-coslr_100e.py']

optim_wrapper = dict(optimizer=dict(lr=2e-3))
param_scheduler = [
    dict(
        type='LinearLR',
        start_factor=1e-2,
        by_epoch=True,
        begin=0,
        end=1,
        convert_to_iter_based=True),
    dict(
        type='CosineAnnealingLR',
        eta_min=1e-5,
        by_epoch=True,
        begin=1,
        convert_to_iter_based=True),
]
train_cfg = dict(max_epochs=8, val_interval=1)
auto_scale_lr = dict(base_batch_size=32)
