# RetinaNet + FPN with a GLMNet-base backbone, 1x schedule on COCO 2017.
# mmdet's own config is inherited; only the backbone, the FPN input widths and
# the optimizer (AdamW, as mmdet's PVTv2 RetinaNets) change: the fragment
# ../_base_/det/backbones/glmnet-base.py, shared with Mask R-CNN.
_base_ = ['../_base_/det/backbones/glmnet-base.py',
          '../_base_/det/retinanet_fpn_1x_coco.py']
__det = _base_.pop('det_backbone')  # noqa: F821 (a fragment, not a key)
pretrained, optim_wrapper = __det.pretrained, __det.optim_wrapper
model = dict(backbone=__det.backbone, neck=__det.neck)
