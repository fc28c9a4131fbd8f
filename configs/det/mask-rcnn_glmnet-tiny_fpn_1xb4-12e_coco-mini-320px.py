# CPU recipe: Mask R-CNN + FPN with GLMNet-tiny on coco_mini (80 train images,
# about 320 px), 12 epochs of batch 4. FPN, RPN and RoI heads are narrowed (64
# channels, 256-d box FCs, 128 sampled RoIs) so that it trains on a CPU.
_base_ = [
    'mmdet::_base_/models/mask-rcnn_r50_fpn.py',
    '../_base_/datasets/coco-mini_instance_320.py',
    'mmdet::_base_/schedules/schedule_1x.py',
    'mmdet::_base_/default_runtime.py',
]
custom_imports = dict(imports=['mmglm'], allow_failed_imports=False)

# See retinanet_glmnet-tiny_fpn_1xb4-12e_coco-mini-320px.py.
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
    rpn_head=dict(in_channels=64, feat_channels=64),
    roi_head=dict(
        bbox_roi_extractor=dict(out_channels=64),
        bbox_head=dict(in_channels=64, fc_out_channels=256),
        mask_roi_extractor=dict(out_channels=64),
        mask_head=dict(in_channels=64, conv_out_channels=64)),
    train_cfg=dict(rcnn=dict(sampler=dict(num=128))))

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
auto_scale_lr = dict(base_batch_size=4)
