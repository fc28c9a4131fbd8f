# Plain Swin-T at 128 px (window 4), the baseline of the CPU recipe.
_base_ = ['./swin-b_384.py']
model = dict(
    backbone=dict(arch='tiny', img_size=128, window_size=4),
    head=dict(num_classes=100, in_channels=768),
)
