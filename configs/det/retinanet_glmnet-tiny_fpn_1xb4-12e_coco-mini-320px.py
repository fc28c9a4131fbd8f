# CPU recipe: RetinaNet + FPN with GLMNet-tiny on coco_mini (80 train images,
# about 320 px), 12 epochs of batch 4. The FPN and the head are narrowed to 64
# channels so that it trains on a laptop CPU; everything else is mmdet's.
_base_ = [
    'mmdet::_base_/models/retinanet_r50_fpn.py',
    '../_base_/datasets/coco-mini_detection_320.py',
    '../_base_/det/coco-mini_adamw_12e.py',
]

# GLMNet-tiny classification checkpoint from mmglm's tools/train.py (e.g.
# configs/glmnet/glmnet-tiny_1xb32_intel-mini-112px.py); override with
# --cfg-options model.backbone.init_cfg.checkpoint=PATH, or train from scratch
# with --cfg-options model.backbone.init_cfg=None.
pretrained = 'work_dirs/glmnet-tiny_1xb32_intel-mini-112px/epoch_30.pth'

model = dict(
    backbone=dict(
        _delete_=True,
        _scope_='mmglm',
        type='GLMNet',
        arch='tiny',
        out_indices=(0, 1, 2, 3),
        init_cfg=dict(
            type='Pretrained', prefix='backbone.', checkpoint=pretrained)),
    neck=dict(in_channels=[96, 192, 416, 768], out_channels=64),
    bbox_head=dict(in_channels=64, feat_channels=64))
