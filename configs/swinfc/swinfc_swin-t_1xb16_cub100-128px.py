# CPU recipe: SwinFC on Swin-T at 128 px (window 4) on cub100
# (../shared/data/cub100), trained from scratch (no pre-trained weights on the
# CPU machine). The paper's SGD recipe (lr 2e-3 / 5e-3) assumes ImageNet
# weights; from scratch it did not train in our trial (SGD lr 1e-2, 16 cub100
# images, 20 steps: every loss stayed at chance), AdamW lr 1e-3 did (all
# terms fell below chance within 10 steps). So: AdamW 1e-3, one lr for all
# modules (all are new here), 2 warm-up epochs, cosine, 30 epochs (ours).
_base_ = [
    '../_base_/models/swinfc/swinfc_swin-t_128.py',
    '../_base_/datasets/cub100_bs16_128.py',
    '../_base_/schedules/adamw_warmup-coslr_swin-cub100_30e.py',
]
