# The full-size recipe of the GLMNet family on Intel Image Classification at
# 224 px, shared by every family's 224 px config: the data
# (../datasets/intel_bs32_224.py), AdamW with 5 warm-up epochs then cosine for
# 100 epochs, lr for a total batch of 256 (8 x 32; --auto-scale-lr for other
# totals) (../schedules/adamw_warmup-coslr_100e.py) and the default runtime.
# The batch augment (CutMix) is the model's train_cfg: a config adds the model.
_base_ = [
    '../datasets/intel_bs32_224.py',
    '../schedules/adamw_warmup-coslr_100e.py',
    '../default_runtime.py',
]
