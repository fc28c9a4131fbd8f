# NesT-B on Intel Image Classification at 224 px with the shared recipe
# of the GLMNet family (AdamW + warm-up + cosine, 100 epochs, CutMix).
# The NesT-T config with NesT-B's arch, drop-path and head width (as
# ../_base_/models/nest/base_224.py).
_base_ = ['./nest-tiny_1xb32_intel-224px.py']

model = dict(
    backbone=dict(arch='base', drop_path_rate=0.5),
    head=dict(in_channels=512))
