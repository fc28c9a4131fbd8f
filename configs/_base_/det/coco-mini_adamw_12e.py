# The CPU detection recipe on coco_mini (12 epochs of batch 4): AdamW 2e-4
# with gradient clipping, 40 warm-up iterations, steps at epochs 8 and 11,
# mmdet's 1x schedule and runtime otherwise; mmglm imported. RetinaNet and
# Mask R-CNN configs add their model and coco-mini data base to it.
_base_ = [
    'mmdet::_base_/schedules/schedule_1x.py',
    'mmdet::_base_/default_runtime.py',
]
custom_imports = dict(imports=['mmglm'], allow_failed_imports=False)

optim_wrapper = dict(
    optimizer=dict(
        _delete_=True, type='AdamW', lr=0.0002, weight_decay=0.0001),
    clip_grad=dict(max_norm=35, norm_type=2))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.01, by_epoch=False, begin=0, end=40),
    dict(
        type='MultiStepLR',
        begin=0,
        end=12,
        by_epoch=True,
        milestones=[8, 11],
        gamma=0.1)
]
default_hooks = dict(
    logger=dict(interval=10), checkpoint=dict(interval=4, max_keep_ckpts=1))
# 80 training images at batch 4 (the 1x base assumes 8 GPUs x 2 images)
auto_scale_lr = dict(base_batch_size=4)
