# NesT-S (224 px) for ImageNet-1k: JAX nest_small_s196_224, timm nest_small_jx
# with padding='same'. Global linspace drop-path 0.3; head = LN (backbone
# final norm) -> global mean over tokens -> Linear, as JAX NestNet. Recipe
# augments of the JAX config: Mixup 0.8 and label smoothing 0.1.
# Everything else is tiny_224.py's.
_base_ = ['./tiny_224.py']

model = dict(backbone=dict(arch='small', drop_path_rate=0.3))
