# SwinFC (Swin-B, 384 px) on Web-Bird (18,388 web train images) with the
# paper's recipe: SGD momentum 0.9, total batch 32 (4 GPUs x 8), cosine decay,
# lr 3e-2 for the backbone and the new modules alike. Ours, not in the paper:
# weight decay 5e-4, 1 warm-up epoch, 26 epochs (~15,000 steps, as the paper's
# optimiser-ablation plot).
_base_ = [
    '../_base_/models/swinfc/swinfc_swin-b_384_22kto1k-pre.py',
    '../_base_/recipes/swinfc_web-bird-384px.py',
]

model = dict(head=dict(num_classes=200))
