# CPU recipe: RetinaNet + FPN with BoTNet-26t (timm's botnet26t_256
# architecture: BoT blocks in c4 and c5) on coco_mini, about 320 px. Same
# data, schedule and narrow head as the GLMNet-tiny recipe; only the backbone
# changes.
_base_ = './retinanet_glmnet-tiny_fpn_1xb4-12e_coco-mini-320px.py'

# timm's botnet26t_256 converted by
# tools/model_converters/timm_botnet_to_mmglm.py (or a BoTNet-26t trained
# with mmglm's tools/train.py).
pretrained = 'work_dirs/botnet26t_256_mmglm.pth'

model = dict(
    backbone=dict(
        _delete_=True,
        _scope_='mmglm',
        type='BoTNet',
        arch='botnet26t',
        img_size=256,  # the checkpoint's tables; inputs interpolate them
        dynamic_size=True,
        out_indices=(0, 1, 2, 3),
        init_cfg=dict(
            type='Pretrained', prefix='backbone.', checkpoint=pretrained)),
    neck=dict(in_channels=[256, 512, 1024, 2048]))
