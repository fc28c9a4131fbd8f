# mmglm's own setting, not the paper's: ONE 496-class model over the three
# WebFG-496 subsets combined. The paper trains the three subsets separately
# (swin-b_4xb8_web-{bird,aircraft,car}-384px.py) and reports their mean
# (80.98 for Swin-B, 85.84 for SwinFC); no published number applies here.
# Swin-B (384 px) baseline on WebFG-496 (53,339 web train images) with the
# SwinFC recipe (lr 3e-2 for everything, 9 epochs; see
# swinfc_swin-b_4xb8_webfg496-384px.py).
_base_ = [
    '../_base_/models/swinfc/swin-b_384.py',
    '../_base_/datasets/webfg496_bs8_384.py',
    '../_base_/schedules/sgd_coslr_finegrained.py',
    '../_base_/default_runtime.py',
]

checkpoint = 'https://download.openmmlab.com/mmclassification/v0/swin-transformer/convert/swin_base_patch4_window12_384_22kto1k-d59b0d1d.pth'  # noqa
model = dict(
    backbone=dict(
        init_cfg=dict(
            type='Pretrained', checkpoint=checkpoint, prefix='backbone')),
    head=dict(num_classes=496),
)

optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=3e-2, momentum=0.9, weight_decay=5e-4))
train_cfg = dict(max_epochs=9)
