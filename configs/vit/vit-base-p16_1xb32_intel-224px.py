# ViT-B/16 on Intel at 224 px, from scratch, with the GLMNet recipe family
# (AdamW, warm-up + cosine, CutMix).
_base_ = [
    '../_base_/models/vit/vit-base-p16.py',
    '../_base_/recipes/intel-224px_adamw-100e.py',
]
