# SwinFC ablation on CUB (paper Tables 2-3), row "+EA": Swin-B with the three
# branches (stages 2-4: ea attention -> 1x1 alignment to 1024 -> LN-GAP-Linear,
# beta-weighted CE), no FSM / contrastive loss. Same recipe as the full model
# (row "+FSM"), swinfc_swin-b_4xb8_cub-384px.py.
_base_ = ['./swinfc_swin-b_4xb8_cub-384px.py']

model = dict(
    backbone=dict(with_fsm=False),
    neck=dict(attn_cfg=dict(mode='ea'), with_fusion=False),
    head=dict(con_loss=None),
)
