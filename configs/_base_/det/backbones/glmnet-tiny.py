# GLMNet-tiny as a detection backbone (coco_mini CPU recipes): the four stage
# maps, initialised from an mmglm classification checkpoint.
# A fragment of the detector configs (configs/det): see README.md here.
__pretrained = 'work_dirs/glmnet-tiny_1xb32_intel-mini-112px/epoch_30.pth'
det_backbone = dict(
    # GLMNet-tiny classification checkpoint from mmglm's tools/train.py (e.g.
    # configs/glmnet/glmnet-tiny_1xb32_intel-mini-112px.py); override with
    # --cfg-options model.backbone.init_cfg.checkpoint=PATH, or train from
    # scratch with --cfg-options model.backbone.init_cfg=None.
    pretrained=__pretrained,
    backbone=dict(
        _delete_=True,
        _scope_='mmglm',
        type='GLMNet',
        arch='tiny',
        out_indices=(0, 1, 2, 3),
        init_cfg=dict(
            type='Pretrained', prefix='backbone.', checkpoint=__pretrained)),
    neck=dict(in_channels=[96, 192, 416, 768]))
