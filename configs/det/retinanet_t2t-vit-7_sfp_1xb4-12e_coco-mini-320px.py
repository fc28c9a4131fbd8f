# CPU recipe: RetinaNet with T2T-ViT-7 (Performer T2T module, 256 dims, 7
# layers) on coco_mini, about 320 px. T2T-ViT gives one stride-16 map, so
# mmglm's SimpleFeaturePyramid (ViTDet) replaces the FPN: deconvolution (x2),
# identity and max-pooling (/2) give strides 8, 16, 32, two strided convs add
# RetinaNet's 64 and 128. Same data, schedule and narrow (64-channel) head as
# the GLMNet-tiny recipe; only the backbone and the neck change.
_base_ = './retinanet_glmnet-tiny_fpn_1xb4-12e_coco-mini-320px.py'

# The official T2T-ViT-7 checkpoint converted by
# tools/model_converters/t2t_vit_to_mmglm.py --src official (its blocks need
# qk_scale = embed_dims ** -0.5, see configs/t2t_vit/README.md), or a
# T2T-ViT-7 trained with mmglm's tools/train.py (then drop qk_scale); train
# from scratch with --cfg-options model.backbone.init_cfg=None.
pretrained = 'work_dirs/t2t-vit-7_official.pth'

model = dict(
    backbone=dict(
        _delete_=True,
        _scope_='mmglm',
        type='T2TViT',
        arch='7',
        img_size=224,
        qk_scale=256**-0.5,
        out_indices=-1,
        out_type='featmap',
        drop_path_rate=0.1,
        init_cfg=dict(
            type='Pretrained', prefix='backbone.', checkpoint=pretrained)),
    neck=dict(
        _delete_=True,
        _scope_='mmglm',
        type='SimpleFeaturePyramid',
        in_channels=256,
        out_channels=64,
        scale_factors=(2.0, 1.0, 0.5),
        num_outs=5,
        add_extra_convs=True))
