# CPU recipe: RetinaNet + FPN with BoTNet-26t (timm's botnet26t_256
# architecture: BoT blocks in c4 and c5) on coco_mini, about 320 px: the
# GLMNet-tiny recipe (../_base_/det/retinanet_fpn-64_coco-mini-320px.py) with
# the backbone of ../_base_/det/backbones/botnet26t.py.
_base_ = ['../_base_/det/backbones/botnet26t.py',
          '../_base_/det/retinanet_fpn-64_coco-mini-320px.py']
__det = _base_.pop('det_backbone')  # noqa: F821 (a fragment, not a key)
pretrained = __det.pretrained
model = dict(backbone=__det.backbone, neck=__det.neck)
