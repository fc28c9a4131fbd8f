# RetinaNet + FPN with a BoT50 backbone (BoTNet, arXiv:2101.11605), 1x
# schedule on COCO 2017. mmdet's ResNet-50 RetinaNet is inherited unchanged
# (SGD, lr 0.01) except for the backbone, the fragment
# ../_base_/det/backbones/bot50.py (shared with Mask R-CNN).
_base_ = ['../_base_/det/backbones/bot50.py',
          '../_base_/det/retinanet_fpn_1x_coco.py']
__det = _base_.pop('det_backbone')  # noqa: F821 (a fragment, not a key)
pretrained = __det.pretrained
model = dict(backbone=__det.backbone, neck=__det.neck)
