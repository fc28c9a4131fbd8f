# SwinFC on Swin-T at 128 px, the CPU recipe: window 4 so that stage 4 (4x4)
# is a single, global window as Swin-B's 12x12 is at 384 px (mmpretrain's
# Swin does not shrink windows larger than the map). Branch width 768.
_base_ = ['./swinfc_swin-b_384.py']
model = dict(
    backbone=dict(arch='tiny', img_size=128, window_size=4),
    neck=dict(in_channels=(192, 384, 768), out_channels=768),
    head=dict(num_classes=100, in_channels=768, branch_channels=768),
)
