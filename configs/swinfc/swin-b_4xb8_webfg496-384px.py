# mmglm's own setting, not the paper's: ONE 496-class model over the three
# WebFG-496 subsets combined. The paper trains the three subsets separately
# (swin-b_4xb8_web-{bird,aircraft,car}-384px.py) and reports their mean
# (80.98 for Swin-B, 85.84 for SwinFC); no published number applies here.
# Swin-B (384 px) baseline on WebFG-496 (53,339 web train images) with the
# SwinFC recipe (lr 3e-2 for everything, 9 epochs; see
# swinfc_swin-b_4xb8_webfg496-384px.py).
_base_ = [
    '../_base_/models/swinfc/swin-b_384_22kto1k-pre.py',
    '../_base_/recipes/swinfc_webfg496-384px.py',
]

model = dict(head=dict(num_classes=496))
