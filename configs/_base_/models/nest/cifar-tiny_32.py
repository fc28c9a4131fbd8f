# NesT-T CIFAR variant (32 px, 10 classes): JAX nest_tiny_s16_32,
# 4 levels of 4x4 blocks, 1x1 patches, constant width, multi-query
# attention. Global linspace drop-path 0.1; head = LN (backbone final
# norm) -> global mean over tokens -> Linear, as JAX NestNet. Recipe
# augments of the JAX CIFAR config: Mixup 0.8, label smoothing 0.1.
# Everything else is tiny_224.py's.
_base_ = ['./tiny_224.py']

model = dict(
    backbone=dict(arch='cifar-tiny', img_size=32, drop_path_rate=0.1),
    head=dict(num_classes=10, in_channels=192))
