# NesT-B on CIFAR-10 from scratch at 32 px: the JAX cifar_nest.py
# recipe (per-device batch 32, AdamW 2.5e-4 per 256 images, weight
# decay 0.05 but none on the position embeddings, cosine over 300 epochs
# with 5 warm-up epochs, no gradient clipping, RandAugment 2/9 (std 0.5),
# random erasing 0.25, Mixup 0.8, label smoothing 0.1). Data: mmpretrain's
# CIFAR10 dataset in data/cifar10.
_base_ = [
    '../_base_/models/nest/cifar-base_32.py',
    '../_base_/datasets/cifar10_nest_32.py',
    '../_base_/schedules/adamw_warmup-coslr_nest-cifar_300e.py',
    '../_base_/default_runtime.py',
]

train_dataloader = dict(batch_size=32)
optim_wrapper = dict(optimizer=dict(lr=2.5e-4 * 32 / 256))
auto_scale_lr = dict(base_batch_size=32)
