# NesT-B on Intel Image Classification at 224 px with the shared recipe
# of the GLMNet family (AdamW + warm-up + cosine, 100 epochs, CutMix).
_base_ = [
    '../_base_/models/nest/base_224.py',
    '../_base_/datasets/intel_bs32_224.py',
    '../_base_/schedules/adamw_warmup-coslr_100e.py',
    '../_base_/default_runtime.py',
]

model = dict(
    head=dict(num_classes=6),
    train_cfg=dict(augments=dict(type='CutMix', alpha=1.0)),
)
