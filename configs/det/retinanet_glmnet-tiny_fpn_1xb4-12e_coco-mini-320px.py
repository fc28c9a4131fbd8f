# CPU recipe: RetinaNet + FPN with GLMNet-tiny on coco_mini (80 train images,
# about 320 px), 12 epochs of batch 4. The FPN and the head are narrowed to 64
# channels so that it trains on a laptop CPU; everything else is mmdet's.
_base_ = [
    'mmdet::_base_/models/retinanet_r50_fpn.py',
    '../_base_/datasets/coco-mini_detection_320.py',
    'mmdet::_base_/schedules/schedule_1x.py',
    'mmdet::_base_/default_runtime.py',
]
custom_imports = dict(imports=['mmglm'], allow_failed_imports=False)

# GLMNet-tiny classification checkpoint from mmglm's tools/train.py (e.g.
# configs/glmnet/glmnet-tiny_1xb32_intel-mini-112px.py); override with
# --cfg-options model.backbone.init_cfg.checkpoint=PATH, or train from scratch
# with --cfg-options model.backbone.init_cfg=None.
pretrained = 'work_dirs/glmnet-tiny_1xb32_intel-mini-112px/epoch_30.pth'

model = dict(
    # mmdet's detector, also when built under another scope
    # (mmpretrain.get_model, mmglm's tools)
    _scope_='mmdet',
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

optim_wrapper = dict(
    optimizer=dict(
        _delete_=True, type='AdamW', lr=0.0002, weight_decay=0.0001),
    clip_grad=dict(max_norm=35, norm_type=2))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.01, by_epoch=False, begin=0, end=40),
    dict(
        type='MultiStepLR',
        begin=0,
        end=12,
        by_epoch=True,
        milestones=[8, 11],
        gamma=0.1)
]
default_hooks = dict(
    logger=dict(interval=10), checkpoint=dict(interval=4, max_keep_ckpts=1))
# 80 training images at batch 4 (the 1x base assumes 8 GPUs x 2 images)
auto_scale_lr = dict(base_batch_size=4)
