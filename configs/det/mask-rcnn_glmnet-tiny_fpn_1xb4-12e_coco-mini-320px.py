# CPU recipe: Mask R-CNN + FPN with GLMNet-tiny on coco_mini (80 train images,
# about 320 px), 12 epochs of batch 4. FPN, RPN and RoI heads are narrowed (64
# channels, 256-d box FCs, 128 sampled RoIs) so that it trains on a CPU.
_base_ = [
    'mmdet::_base_/models/mask-rcnn_r50_fpn.py',
    '../_base_/datasets/coco-mini_instance_320.py',
    '../_base_/det/coco-mini_adamw_12e.py',
]

# See retinanet_glmnet-tiny_fpn_1xb4-12e_coco-mini-320px.py.
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
    rpn_head=dict(in_channels=64, feat_channels=64),
    roi_head=dict(
        bbox_roi_extractor=dict(out_channels=64),
        bbox_head=dict(in_channels=64, fc_out_channels=256),
        mask_roi_extractor=dict(out_channels=64),
        mask_head=dict(in_channels=64, conv_out_channels=64)),
    train_cfg=dict(rcnn=dict(sampler=dict(num=128))))
