# CPU variant: T2T-ViT-7 (Performer T2T module, 4.3 M parameters) on
# intel_mini at 64 px (T2T grid 16x16 -> 8x8 -> 4x4 tokens): the T2T-ViT_t-14
# CPU variant with the other T2T module and depth, at the schedule's lr 1e-3.
_base_ = ['./t2t-vit-t-14_1xb32_intel-mini-64px.py']

model = dict(backbone=dict(arch='7'), head=dict(in_channels=256))
optim_wrapper = dict(optimizer=dict(lr=1e-3))
