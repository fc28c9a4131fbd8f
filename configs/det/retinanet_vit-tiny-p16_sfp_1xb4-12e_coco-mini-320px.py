# CPU recipe: RetinaNet with ViT-Ti/16 (DeiT-Ti widths: 192 dims, 12 layers,
# 3 heads) on coco_mini, about 320 px. A plain ViT gives one stride-16 map, so
# mmglm's SimpleFeaturePyramid (ViTDet) replaces the FPN: deconvolution (x2),
# identity and max-pooling (/2) give strides 8, 16, 32, two strided convs add
# RetinaNet's 64 and 128. Same data, schedule and narrow (64-channel) head as
# the GLMNet-tiny recipe; only the backbone and the neck change.
_base_ = './retinanet_glmnet-tiny_fpn_1xb4-12e_coco-mini-320px.py'

# mmpretrain's DeiT-Ti (ImageNet-1k); its keys are mmglm ViT's. The 224 px
# position table is resized to each input's grid in the forward; or train from
# scratch with --cfg-options model.backbone.init_cfg=None.
pretrained = 'https://download.openmmlab.com/mmclassification/v0/deit/deit-tiny_pt-4xb256_in1k_20220218-13b382a0.pth'  # noqa

model = dict(
    backbone=dict(
        _delete_=True,
        _scope_='mmglm',
        type='ViT',
        arch='deit-t',
        img_size=224,
        patch_size=16,
        out_indices=-1,
        out_type='featmap',
        drop_path_rate=0.1,
        init_cfg=dict(
            type='Pretrained', prefix='backbone.', checkpoint=pretrained)),
    neck=dict(
        _delete_=True,
        _scope_='mmglm',
        type='SimpleFeaturePyramid',
        in_channels=192,
        out_channels=64,
        scale_factors=(2.0, 1.0, 0.5),
        num_outs=5,
        add_extra_convs=True))
