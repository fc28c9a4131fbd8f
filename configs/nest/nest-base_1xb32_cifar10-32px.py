# NesT-B on CIFAR-10 from scratch at 32 px: the JAX cifar_nest.py recipe
# of NesT-T (nest-tiny_1xb192_cifar10-32px.py) with NesT-B's arch (as
# ../_base_/models/nest/cifar-base_32.py) and per-device batch 32 (AdamW
# 2.5e-4 per 256 images).
_base_ = ['./nest-tiny_1xb192_cifar10-32px.py']

model = dict(
    backbone=dict(arch='cifar-base'), head=dict(in_channels=768))
train_dataloader = dict(batch_size=32)
optim_wrapper = dict(optimizer=dict(lr=2.5e-4 * 32 / 256))
auto_scale_lr = dict(base_batch_size=32)
