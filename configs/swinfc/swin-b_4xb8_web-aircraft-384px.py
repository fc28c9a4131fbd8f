# Swin-B (384 px) baseline on Web-Aircraft (13,503 web train images) with the
# SwinFC recipe (lr 3e-2 for everything, 36 epochs; see
# swinfc_swin-b_4xb8_web-aircraft-384px.py).
_base_ = [
    '../_base_/models/swinfc/swin-b_384.py',
    '../_base_/datasets/web-aircraft_bs8_384.py',
    '../_base_/schedules/sgd_coslr_finegrained.py',
    '../_base_/default_runtime.py',
]

checkpoint = 'https://download.openmmlab.com/mmclassification/v0/swin-transformer/convert/swin_base_patch4_window12_384_22kto1k-d59b0d1d.pth'  # noqa
model = dict(
    backbone=dict(
        init_cfg=dict(
            type='Pretrained', checkpoint=checkpoint, prefix='backbone')),
    head=dict(num_classes=100),
)

optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=3e-2, momentum=0.9, weight_decay=5e-4))
train_cfg = dict(max_epochs=36)
