# RetinaNet + FPN with a GLMNet-base backbone, 1x schedule on COCO 2017.
# mmdet's own config is inherited; only the backbone, the FPN input widths and
# the optimizer (AdamW, as mmdet's PVTv2 RetinaNets) change.
_base_ = '../_base_/det/retinanet_fpn_1x_coco.py'

# The backbone's classification checkpoint, saved by mmglm's tools/train.py
# (any mmglm ImageClassifier with a GLMNet-base backbone); override it with
# --cfg-options model.backbone.init_cfg.checkpoint=PATH.
pretrained = 'work_dirs/glmnet-base_8xb32_intel/epoch_100.pth'

model = dict(
    backbone=dict(
        _delete_=True,
        _scope_='mmglm',  # GLMNet and its sub-modules build in mmglm's scope
        type='GLMNet',
        arch='base',
        out_indices=(0, 1, 2, 3),
        frozen_stages=1,
        norm_eval=True,
        init_cfg=dict(
            type='Pretrained', prefix='backbone.', checkpoint=pretrained)),
    # GLMNet returns concat([PVTv2-b2, ResNeXt-50 32x4d]) per stage
    neck=dict(in_channels=[320, 640, 1344, 2560]))

optim_wrapper = dict(
    optimizer=dict(
        _delete_=True, type='AdamW', lr=0.0001, weight_decay=0.0001))
