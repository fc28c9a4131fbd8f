# The 64 px CPU results recipe of Swin-T / SwinFC-T on cub100 (issue 12):
# adamw_warmup-coslr_swin-cub100_30e.py (AdamW, batch 16) shortened so that
# a model trains to its end in about half an hour on 2 cores: a 1-epoch
# warm-up, then a per-iteration cosine over the other epochs. Tuned on val:
# at the 128 px recipe's lr 1e-3, Swin-T stayed at chance for 3 epochs here
# (train loss 4.7-4.8 above log(100) = 4.61, val top-1 0.4-1.1%, seed 0), so a
# quarter of it, 2.5e-4.
_base_ = ['./adamw_warmup-coslr_swin-cub100_30e.py']

optim_wrapper = dict(optimizer=dict(lr=2.5e-4))

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
train_cfg = dict(max_epochs=12)
