# The classifier the plain ViTs of mmglm share (ViT: vit-base-p16.py and the
# CPU ViTs; T2T-ViT: ../t2t_vit/t2t-vit-14.py): no neck, mmpretrain's
# VisionTransformerClsHead on the class token for the 6 Intel classes, with
# label smoothing 0.1 and a truncated-normal init. Not a model of its own: a
# base adds the backbone, the head width and any batch augment.
model = dict(
    type='ImageClassifier',
    neck=None,
    head=dict(
        type='VisionTransformerClsHead',
        num_classes=6,
        loss=dict(
            type='LabelSmoothLoss', label_smooth_val=0.1, mode='original'),
        topk=(1, ),
        init_cfg=dict(type='TruncNormal', layer='Linear', std=.02)),
)
