# NesT-T (224 px) for ImageNet-1k: JAX nest_tiny_s196_224, timm nest_tiny_jx
# with padding='same'. Global linspace drop-path 0.2; the head of JAX NestNet
# (classifier.py). Recipe augments of the JAX config: Mixup 0.8 and label
# smoothing 0.1.
_base_ = ['./classifier.py']

model = dict(
    backbone=dict(arch='tiny', img_size=224, drop_path_rate=0.2),
    head=dict(num_classes=1000, in_channels=384),
    train_cfg=dict(augments=dict(type='Mixup', alpha=0.8)),
)
