# CPU variant: T2T-ViT-7 (Performer T2T module, 4.3 M parameters) on
# intel_mini at 64 px (T2T grid 16x16 -> 8x8 -> 4x4 tokens). Short warm-up and
# no CutMix so that a few CPU epochs already learn (as the ResNet-18
# reference configs/resnet/resnet18_1xb32_intel-mini-64px.py).
_base_ = [
    '../_base_/models/t2t_vit/t2t-vit-14.py',
    '../_base_/datasets/intel-mini_bs32_64.py',
    '../_base_/schedules/adamw_warmup-coslr_100e.py',
    '../_base_/default_runtime.py',
]

model = dict(
    backbone=dict(arch='7', img_size=64),
    head=dict(in_channels=256),
    train_cfg=None)
param_scheduler = [
    dict(type='LinearLR', start_factor=0.1, by_epoch=True, begin=0, end=1,
         convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', eta_min=1e-5, by_epoch=True, begin=1),
]
train_cfg = dict(max_epochs=30)
auto_scale_lr = dict(base_batch_size=32)
