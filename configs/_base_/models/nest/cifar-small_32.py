# NesT-S CIFAR variant (32 px, 10 classes): JAX nest_small_s16_32,
# 4 levels of 4x4 blocks, 1x1 patches, constant width, multi-query
# attention. Global linspace drop-path 0.1; head = LN (backbone final
# norm) -> global mean over tokens -> Linear, as JAX NestNet. Recipe
# augments of the JAX CIFAR config: Mixup 0.8, label smoothing 0.1.
# Everything else is cifar-tiny_32.py's.
_base_ = ['./cifar-tiny_32.py']

model = dict(
    backbone=dict(arch='cifar-small'), head=dict(in_channels=384))
