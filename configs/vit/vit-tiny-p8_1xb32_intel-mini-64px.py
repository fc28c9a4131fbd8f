# CPU variant: ViT-Ti/8 (DeiT-Ti widths: 192 dims, 12 layers, 3 heads; 8x8
# patches -> 8x8 tokens at 64 px) on intel_mini. Short warm-up and no CutMix so
# that a few CPU epochs already learn (as
# configs/resnet/resnet18_1xb32_intel-mini-64px.py).
_base_ = [
    '../_base_/models/vit/vit-base-p16.py',
    '../_base_/recipes/intel-mini-64px_adamw-30e.py',
]

model = dict(
    backbone=dict(arch='deit-t', img_size=64, patch_size=8),
    head=dict(in_channels=192),
    train_cfg=None)
optim_wrapper = dict(optimizer=dict(lr=5e-4))
