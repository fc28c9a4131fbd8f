# The CPU RetinaNet recipe on coco_mini (80 train images, about 320 px), 12
# epochs of batch 4: mmdet's RetinaNet + FPN with the FPN and the head
# narrowed to 64 channels so that it trains on a laptop CPU; everything else
# is mmdet's. A config adds a backbone (a fragment of ./backbones) and the FPN
# input widths.
_base_ = [
    'mmdet::_base_/models/retinanet_r50_fpn.py',
    '../datasets/coco-mini_detection_320.py',
    './coco-mini_adamw_12e.py',
]
model = dict(
    neck=dict(out_channels=64),
    bbox_head=dict(in_channels=64, feat_channels=64))
