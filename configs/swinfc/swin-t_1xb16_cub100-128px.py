# CPU recipe baseline: plain Swin-T at 128 px (window 4) on cub100, trained
# exactly as swinfc_swin-t_1xb16_cub100-128px.py (from scratch, AdamW 1e-3,
# 2 warm-up epochs, cosine, 30 epochs).
_base_ = [
    '../_base_/models/swinfc/swin-t_128.py',
    '../_base_/datasets/cub100_bs16_128.py',
    '../_base_/schedules/adamw_warmup-coslr_swin-cub100_30e.py',
]
