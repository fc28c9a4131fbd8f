# mmglm's own setting, not the paper's: ONE 496-class model over the three
# WebFG-496 subsets combined. The paper trains the three subsets separately
# (swinfc_swin-b_4xb8_web-{bird,aircraft,car}-384px.py) and reports their
# mean (85.84 for SwinFC, 80.98 for Swin-B); no published number applies here.
# SwinFC (Swin-B, 384 px) on WebFG-496 (53,339 web train images) with the
# paper's recipe: SGD momentum 0.9, total batch 32 (4 GPUs x 8), cosine decay,
# lr 3e-2 for the backbone and the new modules alike. Ours, not in the paper:
# weight decay 5e-4, 1 warm-up epoch, 9 epochs (~15,000 steps, as the paper's
# optimiser-ablation plot).
_base_ = [
    '../_base_/models/swinfc/swinfc_swin-b_384_22kto1k-pre.py',
    '../_base_/recipes/swinfc_webfg496-384px.py',
]

model = dict(head=dict(num_classes=496))
