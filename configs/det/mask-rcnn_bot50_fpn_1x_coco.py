# Mask R-CNN + FPN with a BoT50 backbone (BoTNet, arXiv:2101.11605; the
# paper's COCO model), 1x schedule on COCO 2017. mmdet's ResNet-50 Mask R-CNN
# is inherited unchanged (SGD, lr 0.02) except for the backbone.
_base_ = '../_base_/det/mask-rcnn_fpn_1x_coco.py'

# See retinanet_bot50_fpn_1x_coco.py.
pretrained = 'work_dirs/bot50_in1k/epoch_100.pth'

model = dict(
    backbone=dict(
        _delete_=True,
        _scope_='mmglm',
        type='BoTNet',
        arch='bot50',
        img_size=224,
        dynamic_size=True,
        out_indices=(0, 1, 2, 3),
        frozen_stages=1,
        norm_eval=True,
        init_cfg=dict(
            type='Pretrained', prefix='backbone.', checkpoint=pretrained)),
    neck=dict(in_channels=[256, 512, 1024, 2048]))
