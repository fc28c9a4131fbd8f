# mmpretrain's ResNet-18 on intel_mini at 64 px: the fast reference recipe that
# mmglm's foundation tests train (tools, launchers, resume) and the baseline the
# hybrids are compared against on CPU.
_base_ = [
    '../_base_/models/resnet/resnet18.py',
    '../_base_/datasets/intel-mini_bs32_64.py',
    '../_base_/schedules/adamw_warmup-coslr_100e.py',
    '../_base_/default_runtime.py',
]

train_dataloader = dict(batch_size=32)
optim_wrapper = dict(optimizer=dict(lr=2e-3))
# BN ResNet needs no warm-up; a per-iteration cosine also works for 1 epoch.
param_scheduler = [dict(
    type='CosineAnnealingLR', eta_min=1e-5, by_epoch=True, begin=0,
    convert_to_iter_based=True)]
train_cfg = dict(max_epochs=5)
auto_scale_lr = dict(base_batch_size=32)
