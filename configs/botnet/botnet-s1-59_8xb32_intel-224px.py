# botnet-s1-59 from scratch on Intel Image Classification at 224 px, with
# the GLMNet recipe family (AdamW + warm-up + cosine, 100 epochs, CutMix,
# label smoothing; base lr for a total batch of 256 = 8 x 32, use
# --auto-scale-lr for other totals).
_base_ = [
    '../_base_/models/botnet/botnet-s1-59.py',
    '../_base_/datasets/intel_bs32_224.py',
    '../_base_/schedules/adamw_warmup-coslr_100e.py',
    '../_base_/default_runtime.py',
]

model = dict(
    backbone=dict(img_size=224),
    head=dict(
        loss=dict(
            type='LabelSmoothLoss', label_smooth_val=0.1, mode='original')),
    train_cfg=dict(augments=dict(type='CutMix', alpha=1.0)),
)
