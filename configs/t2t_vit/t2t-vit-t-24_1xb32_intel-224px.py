# T2T-ViT_t-24 (transformer T2T module) on Intel at 224 px, from scratch,
# with the GLMNet recipe family (AdamW, warm-up + cosine, CutMix).
_base_ = [
    '../_base_/models/t2t_vit/t2t-vit-14.py',
    '../_base_/datasets/intel_bs32_224.py',
    '../_base_/schedules/adamw_warmup-coslr_100e.py',
    '../_base_/default_runtime.py',
]

model = dict(backbone=dict(arch='t-24'), head=dict(in_channels=512))
# official: weight decay 0.065 for the -19 and -24 models
optim_wrapper = dict(optimizer=dict(weight_decay=0.065))
