# NesT-T on Intel Image Classification at 224 px with the shared recipe
# of the GLMNet family (AdamW + warm-up + cosine, 100 epochs, CutMix).
_base_ = [
    '../_base_/models/nest/tiny_224.py',
    '../_base_/recipes/intel-224px_adamw-100e.py',
]

model = dict(
    head=dict(num_classes=6),
    train_cfg=dict(augments=dict(type='CutMix', alpha=1.0)),
)
