# CPU recipe: Mask R-CNN + FPN with GLMNet-tiny on coco_mini (80 train images,
# about 320 px), 12 epochs of batch 4, narrowed to 64 channels
# (../_base_/det/mask-rcnn_fpn-64_coco-mini-320px.py). The backbone block (and
# its checkpoint, `pretrained`) is ../_base_/det/backbones/glmnet-tiny.py.
_base_ = ['../_base_/det/backbones/glmnet-tiny.py',
          '../_base_/det/mask-rcnn_fpn-64_coco-mini-320px.py']
__det = _base_.pop('det_backbone')  # noqa: F821 (a fragment, not a key)
pretrained = __det.pretrained
model = dict(backbone=__det.backbone, neck=__det.neck)
