# botnet26t on intel_mini at 112 px, a short CPU run (same recipe as the
# ResNet-18 reference config). BoTNet's relative position tables fix the
# feature sizes: the backbone is built for 112 px, the size the pipeline
# produces (feature sizes round up, so 112 px gives a 7x7 c4 map).
_base_ = [
    '../_base_/models/botnet/botnet26t.py',
    '../_base_/datasets/intel-mini_bs32_112.py',
    '../_base_/schedules/adamw_warmup-coslr_100e.py',
    '../_base_/default_runtime.py',
]

model = dict(backbone=dict(img_size=112))
train_dataloader = dict(batch_size=32)
optim_wrapper = dict(optimizer=dict(lr=1e-3))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.1, by_epoch=True, begin=0, end=1,
         convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', eta_min=1e-5, by_epoch=True, begin=1),
]
train_cfg = dict(max_epochs=5)
auto_scale_lr = dict(base_batch_size=32)
