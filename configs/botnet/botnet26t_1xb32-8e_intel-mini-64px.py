# BoTNet CPU results recipe (issue 12): timm's botnet26t architecture on
# intel_mini at 64 px (MHSA over the 4x4 c4 and 2x2 c5 maps), trained from
# scratch with the GLMNet-tiny results recipe
# (glmnet-tiny_1xb32-8e_intel-mini-64px.py: data, crop, AdamW, warm-up +
# cosine, label smoothing, 8 epochs); only the model differs. The relative
# position tables are built for the pipeline's 64 px.
_base_ = ['../glmnet/glmnet-tiny_1xb32-8e_intel-mini-64px.py']

model = dict(
    _delete_=True,
    type='ImageClassifier',
    backbone=dict(
        type='BoTNet', arch='botnet26t', img_size=64, out_indices=(3, )),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(
        type='LinearClsHead',
        num_classes=6,
        in_channels=2048,
        loss=dict(
            type='LabelSmoothLoss', label_smooth_val=0.1, mode='original'),
        topk=(1, )))
custom_hooks = []  # no gammas
