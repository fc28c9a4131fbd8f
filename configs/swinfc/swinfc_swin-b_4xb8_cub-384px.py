# SwinFC (Swin-B, 384 px) on CUB-200-2011 with the paper's recipe: SGD momentum
# 0.9, total batch 32 (4 GPUs x 8), cosine decay, backbone lr 2e-3 and new
# modules (neck: EACA + alignment + FFM; head: all classifiers) 5e-3. Ours, not
# in the paper: weight decay 5e-4, 1 warm-up epoch, 80 epochs (~15,000 steps,
# the length of the paper's optimiser-ablation plot).
_base_ = [
    '../_base_/models/swinfc/swinfc_swin-b_384_22kto1k-pre.py',
    '../_base_/recipes/swinfc_cub-384px.py',
]

model = dict(head=dict(num_classes=200))
optim_wrapper = dict(
    paramwise_cfg=dict(custom_keys={'neck.': dict(lr_mult=2.5)}))
