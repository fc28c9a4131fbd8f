# GLMNet-base as a detection backbone (COCO 1x configs): the four stage maps,
# stem and stage 1 frozen, BN in eval mode, initialised from an mmglm
# classification checkpoint; AdamW 1e-4, as mmdet's PVTv2 / Swin detectors.
# A fragment of the detector configs (configs/det): see README.md here.
__pretrained = 'work_dirs/glmnet-base_8xb32_intel/epoch_100.pth'
det_backbone = dict(
    # The backbone's classification checkpoint, saved by mmglm's
    # tools/train.py (any mmglm ImageClassifier with a GLMNet-base backbone);
    # override it with --cfg-options model.backbone.init_cfg.checkpoint=PATH.
    pretrained=__pretrained,
    backbone=dict(
        _delete_=True,
        _scope_='mmglm',  # GLMNet and its sub-modules build in mmglm's scope
        type='GLMNet',
        arch='base',
        out_indices=(0, 1, 2, 3),
        frozen_stages=1,
        norm_eval=True,
        init_cfg=dict(
            type='Pretrained', prefix='backbone.', checkpoint=__pretrained)),
    # GLMNet returns concat([PVTv2-b2, ResNeXt-50 32x4d]) per stage
    neck=dict(in_channels=[320, 640, 1344, 2560]),
    optim_wrapper=dict(
        optimizer=dict(
            _delete_=True, type='AdamW', lr=0.0001, weight_decay=0.0001)))
