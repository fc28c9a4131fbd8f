# BoTNet-26t (timm's botnet26t_256 architecture: BoT blocks in c4 and c5) as
# a detection backbone (coco_mini CPU recipes).
# A fragment of the detector configs (configs/det): see README.md here.
__pretrained = 'work_dirs/botnet26t_256_mmglm.pth'
det_backbone = dict(
    # timm's botnet26t_256 converted by
    # tools/model_converters/timm_botnet_to_mmglm.py (or a BoTNet-26t trained
    # with mmglm's tools/train.py).
    pretrained=__pretrained,
    backbone=dict(
        _delete_=True,
        _scope_='mmglm',
        type='BoTNet',
        arch='botnet26t',
        img_size=256,  # the checkpoint's tables; inputs interpolate them
        dynamic_size=True,
        out_indices=(0, 1, 2, 3),
        init_cfg=dict(
            type='Pretrained', prefix='backbone.', checkpoint=__pretrained)),
    neck=dict(in_channels=[256, 512, 1024, 2048]))
