# Swin-B 384 (swin-b_384.py) initialised from mmpretrain's ImageNet-22k ->
# 1k Swin-B 384 weights, the start of every SwinFC-paper recipe.
_base_ = ['./swin-b_384.py']

checkpoint = 'https://download.openmmlab.com/mmclassification/v0/swin-transformer/convert/swin_base_patch4_window12_384_22kto1k-d59b0d1d.pth'  # noqa
model = dict(
    backbone=dict(
        init_cfg=dict(
            type='Pretrained', checkpoint=checkpoint, prefix='backbone')))
