# CPU variant: T2T-ViT_t-14 (transformer T2T module, the model mmpretrain also
# has) on intel_mini at 64 px. Short warm-up and no CutMix so that a few CPU
# epochs already learn (as configs/resnet/resnet18_1xb32_intel-mini-64px.py).
_base_ = [
    '../_base_/models/t2t_vit/t2t-vit-14.py',
    '../_base_/recipes/intel-mini-64px_adamw-30e.py',
]

model = dict(backbone=dict(arch='t-14', img_size=64), train_cfg=None)
optim_wrapper = dict(optimizer=dict(lr=5e-4))
