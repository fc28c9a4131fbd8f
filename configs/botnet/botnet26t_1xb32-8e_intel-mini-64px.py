# BoTNet CPU results recipe (issue 12): timm's botnet26t architecture on
# intel_mini at 64 px (MHSA over the 4x4 c4 and 2x2 c5 maps), trained from
# scratch with the results recipe of every family
# (../_base_/recipes/intel-mini-64px_adamw-8e.py: data, crop, AdamW, warm-up
# + cosine, 8 epochs) and label smoothing 0.1; only the model differs. The
# relative position tables are built for the pipeline's 64 px.
_base_ = [
    '../_base_/models/botnet/botnet26t.py',
    '../_base_/recipes/intel-mini-64px_adamw-8e.py',
]

model = dict(
    backbone=dict(img_size=64),
    head=dict(
        loss=dict(
            _delete_=True, type='LabelSmoothLoss', label_smooth_val=0.1,
            mode='original')))
