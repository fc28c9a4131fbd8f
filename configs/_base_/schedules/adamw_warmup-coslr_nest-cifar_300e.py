# The schedule of the JAX cifar_nest.py recipe: AdamW 2.5e-4 per 256 images,
# weight decay 0.05 but none on the position embeddings, 5 linear warm-up
# epochs then cosine to 300, no gradient clipping. Configs set their batch,
# lr = 2.5e-4 * batch / 256 and auto_scale_lr.base_batch_size = batch.
# The GLMNet family's schedule (adamw_warmup-coslr_100e.py: AdamW, 5 linear
# warm-up epochs from 1e-3, lr per 256 images) with JAX's optimizer settings
# and a per-iteration cosine that ends at epoch 300.
_base_ = ['./adamw_warmup-coslr_100e.py']

optim_wrapper = dict(
    _delete_=True,
    optimizer=dict(
        type='AdamW', lr=2.5e-4, weight_decay=0.05,
        betas=(0.9, 0.999), eps=1e-8),
    paramwise_cfg=dict(custom_keys={'.pos_embed': dict(decay_mult=0.0)}),
)
param_scheduler = [
    _base_.param_scheduler[0],  # noqa: F821
    dict(
        _base_.param_scheduler[1],  # noqa: F821
        eta_min=0.,
        end=300,
        convert_to_iter_based=True),
]
train_cfg = dict(max_epochs=300, val_interval=5)
