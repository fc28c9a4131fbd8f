# Swin-T CPU results recipe on cub100 (issue 12), the baseline of SwinFC-T
# (the 128 px recipe takes about 8 hours a model here): 64 px with window 2,
# so that stage 4 (2x2) is one global window as SwinFC's FSM needs, and a
# short schedule (AdamW 2.5e-4, batch 16, 1-epoch warm-up, cosine, 12 epochs:
# ../_base_/schedules/adamw_warmup-coslr_swin-cub100-64px_12e.py), from
# scratch.
_base_ = [
    '../_base_/models/swinfc/swin-t_128.py',
    '../_base_/datasets/cub100_bs16_64.py',
    '../_base_/schedules/adamw_warmup-coslr_swin-cub100-64px_12e.py',
]

model = dict(backbone=dict(img_size=64, window_size=2))
