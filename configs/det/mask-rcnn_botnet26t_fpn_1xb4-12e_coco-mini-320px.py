# CPU recipe: Mask R-CNN + FPN with BoTNet-26t on coco_mini, about 320 px.
# Same data, schedule and narrow heads as the GLMNet-tiny recipe; only the
# backbone changes.
_base_ = './mask-rcnn_glmnet-tiny_fpn_1xb4-12e_coco-mini-320px.py'

# See retinanet_botnet26t_fpn_1xb4-12e_coco-mini-320px.py.
pretrained = 'work_dirs/botnet26t_256_mmglm.pth'

model = dict(
    backbone=dict(
        _delete_=True,
        _scope_='mmglm',
        type='BoTNet',
        arch='botnet26t',
        img_size=256,
        dynamic_size=True,
        out_indices=(0, 1, 2, 3),
        init_cfg=dict(
            type='Pretrained', prefix='backbone.', checkpoint=pretrained)),
    neck=dict(in_channels=[256, 512, 1024, 2048]))
