# RetinaNet + FPN with a BoT50 backbone (BoTNet, arXiv:2101.11605), 1x
# schedule on COCO 2017. mmdet's ResNet-50 RetinaNet is inherited unchanged
# (SGD, lr 0.01) except for the backbone: BoT50 is a ResNet-50 whose three c5
# blocks run MHSA, with ResNet-50's key names elsewhere.
_base_ = 'mmdet::retinanet/retinanet_r50_fpn_1x_coco.py'
custom_imports = dict(imports=['mmglm'], allow_failed_imports=False)

# BoT50 classification checkpoint saved by mmglm's tools/train.py (an
# ImageClassifier with this backbone). A ResNet-50 ImageNet checkpoint of
# mmpretrain also fills everything but layer4's MHSA:
# tools/analysis_tools/check_backbone_keys.py lists what it leaves out.
pretrained = 'work_dirs/bot50_in1k/epoch_100.pth'

model = dict(
    # mmdet's detector, also when built under another scope
    # (mmpretrain.get_model, mmglm's tools)
    _scope_='mmdet',
    backbone=dict(
        _delete_=True,
        _scope_='mmglm',
        type='BoTNet',
        arch='bot50',
        # Relative position tables are kept at the classification size
        # (224 px, so checkpoints load as they are) and interpolated to each
        # padded detection input (dynamic_size).
        img_size=224,
        dynamic_size=True,
        out_indices=(0, 1, 2, 3),
        frozen_stages=1,
        norm_eval=True,
        init_cfg=dict(
            type='Pretrained', prefix='backbone.', checkpoint=pretrained)),
    neck=dict(in_channels=[256, 512, 1024, 2048]))

# mmglm's (= mmpretrain's) tools/train.py makes `default_collate` the default
# collate_fn, which cannot batch detection samples of different sizes; mmdet
# relies on the Runner's default `pseudo_collate`: name it explicitly.
train_dataloader = dict(collate_fn=dict(type='pseudo_collate'))
val_dataloader = dict(collate_fn=dict(type='pseudo_collate'))
test_dataloader = val_dataloader
