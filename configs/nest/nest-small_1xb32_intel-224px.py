# NesT-S on Intel Image Classification at 224 px with the shared recipe
# of the GLMNet family (AdamW + warm-up + cosine, 100 epochs, CutMix).
# The NesT-T config with NesT-S's arch and drop-path (as
# ../_base_/models/nest/small_224.py).
_base_ = ['./nest-tiny_1xb32_intel-224px.py']

model = dict(backbone=dict(arch='small', drop_path_rate=0.3))
