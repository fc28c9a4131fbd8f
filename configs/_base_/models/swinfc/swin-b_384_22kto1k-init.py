# mmpretrain's ImageNet-22k -> 1k Swin-B 384 weights, the start of every
# SwinFC-paper recipe, Swin-B baseline and SwinFC-B alike (SwinFC's backbone
# keys are Swin's). A fragment, not a model: the `_22kto1k-pre` model bases
# pop `pretrained_init` into their backbone (see swin-b_384_22kto1k-pre.py).
checkpoint = 'https://download.openmmlab.com/mmclassification/v0/swin-transformer/convert/swin_base_patch4_window12_384_22kto1k-d59b0d1d.pth'  # noqa
pretrained_init = dict(
    type='Pretrained', checkpoint=checkpoint, prefix='backbone')
