# bot50 from scratch on Intel Image Classification at 224 px, with
# the GLMNet recipe family (AdamW + warm-up + cosine, 100 epochs, CutMix,
# label smoothing; base lr for a total batch of 256 = 8 x 32, use
# --auto-scale-lr for other totals).
_base_ = [
    '../_base_/models/botnet/bot50.py',
    '../_base_/recipes/intel-224px_adamw-100e.py',
]

model = dict(
    head=dict(
        loss=dict(
            type='LabelSmoothLoss', label_smooth_val=0.1, mode='original')),
    train_cfg=dict(augments=dict(type='CutMix', alpha=1.0)),
)
