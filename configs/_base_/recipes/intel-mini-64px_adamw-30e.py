# The first CPU recipe on intel_mini at 64 px (the ViT-Ti/8 and T2T-ViT
# variants, as configs/resnet/resnet18_1xb32_intel-mini-64px.py): the 64 px
# data, the 30-epoch schedule of ../schedules/adamw_warmup-coslr_30e.py and
# the default runtime; a config adds the model (without its batch augment).
_base_ = [
    '../datasets/intel-mini_bs32_64.py',
    '../schedules/adamw_warmup-coslr_30e.py',
    '../default_runtime.py',
]
