# SwinFC (Swin-B, 384 px) on CUB-200-2011 with the paper's recipe: SGD momentum
# 0.9, total batch 32 (4 GPUs x 8), cosine decay, backbone lr 2e-3 and new
# modules (neck: EACA + alignment + FFM; head: all classifiers) 5e-3. Ours, not
# in the paper: weight decay 5e-4, 1 warm-up epoch, 80 epochs (~15,000 steps,
# the length of the paper's optimiser-ablation plot).
_base_ = [
    '../_base_/models/swinfc/swinfc_swin-b_384.py',
    '../_base_/datasets/cub_bs8_384.py',
    '../_base_/schedules/sgd_coslr_finegrained.py',
    '../_base_/default_runtime.py',
]

# mmpretrain's Swin-B, ImageNet-21k pre-trained, fine-tuned on 1k at 384 px.
checkpoint = 'https://download.openmmlab.com/mmclassification/v0/swin-transformer/convert/swin_base_patch4_window12_384_22kto1k-d59b0d1d.pth'  # noqa
model = dict(
    backbone=dict(
        init_cfg=dict(
            type='Pretrained', checkpoint=checkpoint, prefix='backbone')),
    head=dict(num_classes=200),
)

# lr 2e-3 on the backbone, 2e-3 x 2.5 = 5e-3 on every new module.
optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=2e-3, momentum=0.9, weight_decay=5e-4),
    paramwise_cfg=dict(custom_keys={
        'neck.': dict(lr_mult=2.5),
        'head.': dict(lr_mult=2.5),
    }),
)
train_cfg = dict(max_epochs=80)
