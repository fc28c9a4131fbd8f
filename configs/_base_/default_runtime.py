# mmglm runtime defaults (after mmpretrain's _base_/default_runtime.py).
# Every mmglm type resolves in the `mmglm` scope, whose registries are children
# of mmpretrain's: mmpretrain/mmengine/mmcv types stay reachable unprefixed.
default_scope = 'mmglm'
# Lets mmpretrain's own tools/train.py and `mim train mmpretrain` run mmglm
# configs (mmglm's tools import mmglm themselves).
custom_imports = dict(imports=['mmglm'], allow_failed_imports=False)

default_hooks = dict(
    timer=dict(type='IterTimerHook'),
    logger=dict(type='LoggerHook', interval=50),
    param_scheduler=dict(type='ParamSchedulerHook'),
    checkpoint=dict(type='CheckpointHook', interval=1, max_keep_ckpts=3),
    sampler_seed=dict(type='DistSamplerSeedHook'),
    visualization=dict(type='VisualizationHook', enable=False),
    # mmglm: a head/preprocessor num_classes that disagrees with the dataset
    # stops the run at start with the fix (kept in default_hooks, a dict, so
    # configs that set custom_hooks keep it).
    dataset_check=dict(type='DatasetModelConsistencyHook'),
    # mmglm: a NaN/inf loss stops the run before the bad update, with the
    # iteration, every loss term and a checkpoint from before it.
    nonfinite_loss=dict(type='NonFiniteLossHook'),
)

env_cfg = dict(
    cudnn_benchmark=False,
    mp_cfg=dict(mp_start_method='fork', opencv_num_threads=0),
    # mmglm's tools switch to gloo by themselves when CUDA is unavailable.
    dist_cfg=dict(backend='nccl'),
)

vis_backends = [
    dict(type='LocalVisBackend'),
    # TensorBoard event files in <work_dir>/<timestamp>/vis_data (view with
    # `tensorboard --logdir work_dirs`): uncomment, or for one run (instead of
    # the JSON scalar log) pass
    # --cfg-options visualizer.vis_backends.0.type=TensorboardVisBackend
    # dict(type='TensorboardVisBackend'),
]
visualizer = dict(type='UniversalVisualizer', vis_backends=vis_backends)

log_level = 'INFO'
load_from = None
resume = False
randomness = dict(seed=None, deterministic=False)
