# ViT CPU results recipe (issue 12): a mini ViT on intel_mini at 64 px,
# trained from scratch with the results recipe of every family
# (../_base_/recipes/intel-mini-64px_adamw-8e.py: data, crop, AdamW, warm-up +
# cosine, label smoothing, 8 epochs); only the model differs. DeiT-tiny's
# width (192, 3 heads, MLP 768) at half its depth (6 blocks), 8x8 patches
# -> 64 tokens + cls (2.7 M parameters).
_base_ = [
    '../_base_/models/vit/classifier.py',
    '../_base_/recipes/intel-mini-64px_adamw-8e.py',
]

model = dict(
    backbone=dict(
        type='ViT',
        arch=dict(
            embed_dims=192, num_layers=6, num_heads=3,
            feedforward_channels=768),
        img_size=64,
        patch_size=8,
        drop_path_rate=0.,
        init_cfg=[dict(type='Kaiming', layer='Conv2d', mode='fan_in',
                       nonlinearity='linear')]),
    head=dict(in_channels=192))
