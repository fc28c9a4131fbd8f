# bot50 on intel_mini at 112 px, a short CPU run (the schedule of the first
# CPU variants, 5 epochs). BoTNet's relative position tables fix the feature
# sizes: the backbone is built for 112 px, the size the pipeline produces
# (feature sizes round up, so 112 px gives a 7x7 c4 map).
_base_ = [
    '../_base_/models/botnet/bot50.py',
    '../_base_/recipes/intel-mini-112px_adamw-30e.py',
]

model = dict(backbone=dict(img_size=112))
train_cfg = dict(max_epochs=5)
