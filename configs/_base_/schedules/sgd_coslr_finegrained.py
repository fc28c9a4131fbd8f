# SwinFC's fine-grained recipe (Xiang, Chen and Yang 2023): SGD momentum 0.9,
# cosine decay, total batch 32. The per-module learning rates (backbone vs the
# new EACA/FFM/FSM/head modules) are set by each model config through
# optim_wrapper.paramwise_cfg.custom_keys. Weight decay and epochs are not in
# the paper: ours.
optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=2e-3, momentum=0.9, weight_decay=5e-4),
    clip_grad=None,
)

param_scheduler = [
    dict(
        type='LinearLR',
        start_factor=0.01,
        by_epoch=True,
        begin=0,
        end=1,
        convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', eta_min=0.0, by_epoch=True, begin=1),
]

train_cfg = dict(by_epoch=True, max_epochs=100, val_interval=1)
val_cfg = dict()
test_cfg = dict()

auto_scale_lr = dict(base_batch_size=32)
