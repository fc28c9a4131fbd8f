# CPU recipe: RetinaNet with T2T-ViT-7 (Performer T2T module, 256 dims, 7
# layers) on coco_mini, about 320 px: the ViT-Ti/16 recipe (one stride-16 map
# through mmglm's SimpleFeaturePyramid, same data, schedule and head) with
# another backbone and the pyramid's input width.
_base_ = './retinanet_vit-tiny-p16_sfp_1xb4-12e_coco-mini-320px.py'

# The official T2T-ViT-7 checkpoint converted by
# tools/model_converters/t2t_vit_to_mmglm.py --src official (its blocks need
# qk_scale = embed_dims ** -0.5, see configs/t2t_vit/README.md), or a
# T2T-ViT-7 trained with mmglm's tools/train.py (then drop qk_scale); train
# from scratch with --cfg-options model.backbone.init_cfg=None.
pretrained = 'work_dirs/t2t-vit-7_official.pth'

# The ViT-Ti backbone block with T2T-ViT-7 in it: the same stride-16 map,
# out_type, drop-path and checkpoint prefix. T2T-ViT has no patch_size (its
# T2T module makes the tokens): the key is taken out of the inherited block
# (`_base_` is the live dict of the merged base, see
# ../_base_/det/backbones/README.md).
_base_.model.backbone.pop('patch_size')  # noqa: F821
model = dict(
    backbone=dict(
        type='T2TViT',
        arch='7',
        qk_scale=256**-0.5,
        init_cfg=dict(checkpoint=pretrained)),
    neck=dict(in_channels=256))
