# From-scratch recipe of the GLMNet family (our proposal; the blog publishes
# none): AdamW, linear warm-up then cosine, per total batch 256. CutMix is a
# batch augment, so it lives in the model's train_cfg (see the model configs:
# train_cfg=dict(augments=dict(type='CutMix', alpha=1.0))).
optim_wrapper = dict(
    optimizer=dict(
        type='AdamW', lr=1e-3, weight_decay=0.05, eps=1e-8,
        betas=(0.9, 0.999)),
    paramwise_cfg=dict(
        norm_decay_mult=0.0,
        bias_decay_mult=0.0,
        custom_keys={
            '.gamma': dict(decay_mult=0.0),
            '.pos_embed': dict(decay_mult=0.0),
        }),
    clip_grad=dict(max_norm=5.0),
)

param_scheduler = [
    dict(
        type='LinearLR',
        start_factor=1e-3,
        by_epoch=True,
        begin=0,
        end=5,
        convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', eta_min=1e-5, by_epoch=True, begin=5),
]

train_cfg = dict(by_epoch=True, max_epochs=100, val_interval=1)
val_cfg = dict()
test_cfg = dict()

# Base learning rate is for a total batch of 256 (--auto-scale-lr).
auto_scale_lr = dict(base_batch_size=256)
