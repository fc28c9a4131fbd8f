# ViT-B/16 for the 6 Intel classes: mmpretrain's VisionTransformer through
# mmglm's `ViT`, which only adds the choice of position-embedding resize
# kernel.
# Here the official one (scipy.ndimage.zoom(order=1) = bilinear, corners
# aligned); it acts when a checkpoint of another resolution is loaded or the
# input size differs from img_size. LN eps 1e-6 (mmpretrain default, as Flax).
# The head: classifier.py.
_base_ = ['./classifier.py']

model = dict(
    backbone=dict(
        type='ViT',
        arch='b',
        img_size=224,
        patch_size=16,
        drop_path_rate=0.1,
        interpolate_mode='bilinear',
        align_corners=True,
        init_cfg=[
            dict(
                type='Kaiming',
                layer='Conv2d',
                mode='fan_in',
                nonlinearity='linear')
        ]),
    head=dict(in_channels=768),
    # The GLMNet recipe family
    # (configs/_base_/schedules/adamw_warmup-coslr_100e.py)
    train_cfg=dict(augments=dict(type='CutMix', alpha=1.0)),
)
