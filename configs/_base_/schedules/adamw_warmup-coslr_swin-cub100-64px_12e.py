# The 64 px CPU results recipe of Swin-T / SwinFC-T on cub100 (issue 12):
# adamw_warmup-coslr_swin-cub100_30e.py (AdamW 1e-3, batch 16) shortened so
# that a model trains to its end in about half an hour on 2 cores: a 1-epoch
# warm-up, then a per-iteration cosine over the other epochs.
_base_ = ['./adamw_warmup-coslr_swin-cub100_30e.py']

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
