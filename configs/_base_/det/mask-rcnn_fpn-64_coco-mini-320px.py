# The CPU Mask R-CNN recipe on coco_mini (80 train images, about 320 px), 12
# epochs of batch 4: mmdet's Mask R-CNN + FPN with FPN, RPN and RoI heads
# narrowed (64 channels, 256-d box FCs, 128 sampled RoIs) so that it trains on
# a CPU. A config adds a backbone (a fragment of ./backbones) and the FPN
# input widths.
_base_ = [
    'mmdet::_base_/models/mask-rcnn_r50_fpn.py',
    '../datasets/coco-mini_instance_320.py',
    './coco-mini_adamw_12e.py',
]
model = dict(
    neck=dict(out_channels=64),
    rpn_head=dict(in_channels=64, feat_channels=64),
    roi_head=dict(
        bbox_roi_extractor=dict(out_channels=64),
        bbox_head=dict(in_channels=64, fc_out_channels=256),
        mask_roi_extractor=dict(out_channels=64),
        mask_head=dict(in_channels=64, conv_out_channels=64)),
    train_cfg=dict(rcnn=dict(sampler=dict(num=128))))
