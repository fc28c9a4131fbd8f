# The first CPU recipe on intel_mini at 112 px (GLMNet-tiny's README demo and
# the BoTNet CPU runs): the 112 px data, the 30-epoch schedule of
# ../schedules/adamw_warmup-coslr_30e.py and the default runtime; a config
# adds the model and what it changes (lr, warm-up, epochs).
_base_ = [
    '../datasets/intel-mini_bs32_112.py',
    '../schedules/adamw_warmup-coslr_30e.py',
    '../default_runtime.py',
]
