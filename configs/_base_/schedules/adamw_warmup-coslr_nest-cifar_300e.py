# The schedule of the JAX cifar_nest.py recipe: AdamW 2.5e-4 per 256 images,
# weight decay 0.05 but none on the position embeddings, 5 linear warm-up
# epochs then cosine to 300, no gradient clipping. Configs set their batch,
# lr = 2.5e-4 * batch / 256 and auto_scale_lr.base_batch_size = batch.
optim_wrapper = dict(
    optimizer=dict(
        type='AdamW', lr=2.5e-4, weight_decay=0.05,
        betas=(0.9, 0.999), eps=1e-8),
    paramwise_cfg=dict(custom_keys={'.pos_embed': dict(decay_mult=0.0)}),
)
param_scheduler = [
    dict(
        type='LinearLR',
        start_factor=1e-3,
        by_epoch=True,
        begin=0,
        end=5,
        convert_to_iter_based=True),
    dict(
        type='CosineAnnealingLR',
        eta_min=0.,
        by_epoch=True,
        begin=5,
        end=300,
        convert_to_iter_based=True),
]
train_cfg = dict(by_epoch=True, max_epochs=300, val_interval=5)
val_cfg = dict()
test_cfg = dict()
auto_scale_lr = dict(base_batch_size=256)
