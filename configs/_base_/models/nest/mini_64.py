# A narrow NesT for CPU runs on intel_mini at 64 px (the GradCAT demo model
# and the NesT CPU results recipe): 4x4 patches -> 16x16 tokens, three levels
# of 4x4 blocks (16, 4 and 1 blocks), widths 32/64/128, heads 1/2/4, depths
# 1/1/2 (0.57 M parameters); no drop-path, label smoothing 0.1.
_base_ = ['./classifier.py']

model = dict(
    backbone=dict(
        arch=dict(
            embed_dims=[32, 64, 128], num_heads=[1, 2, 4], depths=[1, 1, 2]),
        img_size=64,
        patch_size=4,
        drop_path_rate=0.),
    head=dict(num_classes=6, in_channels=128),
)
