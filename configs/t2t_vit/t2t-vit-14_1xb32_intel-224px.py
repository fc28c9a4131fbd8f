# T2T-ViT-14 (performer T2T module) on Intel at 224 px, from scratch,
# with the GLMNet recipe family (AdamW, warm-up + cosine, CutMix).
_base_ = [
    '../_base_/models/t2t_vit/t2t-vit-14.py',
    '../_base_/recipes/intel-224px_adamw-100e.py',
]

