# The SwinFC paper's recipe on CUB-200-2011 (5,994 train images) at 384 px,
# shared by SwinFC-B and its Swin-B baseline (configs/swinfc), which add their
# model and its number of classes: the data (../datasets/cub_bs8_384.py), SGD
# with cosine decay (../schedules/sgd_coslr_finegrained.py), backbone lr 2e-3
# and the new head 5e-3 (x2.5; SwinFC's config adds its neck), 80 epochs.
_base_ = [
    '../datasets/cub_bs8_384.py',
    '../schedules/sgd_coslr_finegrained.py',
    '../default_runtime.py',
]

optim_wrapper = dict(
    paramwise_cfg=dict(custom_keys={'head.': dict(lr_mult=2.5)}))
train_cfg = dict(max_epochs=80)
