# SwinFC on Swin-B 384 (swinfc_swin-b_384.py) initialised from the
# ImageNet-22k -> 1k Swin-B 384 weights (its backbone keys are Swin's).
_base_ = ['./swinfc_swin-b_384.py']

checkpoint = 'https://download.openmmlab.com/mmclassification/v0/swin-transformer/convert/swin_base_patch4_window12_384_22kto1k-d59b0d1d.pth'  # noqa
model = dict(
    backbone=dict(
        init_cfg=dict(
            type='Pretrained', checkpoint=checkpoint, prefix='backbone')))
