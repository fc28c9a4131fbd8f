# SwinFC ablation on CUB (paper Tables 2-3), row "+FFM": Swin-B with the three
# branches (stages 2-4: eaca attention -> 1x1 alignment to 1024 ->
# LN-GAP-Linear, beta-weighted CE) and FFM fusion, no FSM / contrastive loss.
# Same recipe as the full model (row "+FSM"), swinfc_swin-b_4xb8_cub-384px.py.
_base_ = ['./swinfc_swin-b_4xb8_cub-384px.py']

model = dict(
    backbone=dict(with_fsm=False),
    neck=dict(attn_cfg=dict(mode='eaca'), with_fusion=True),
    head=dict(con_loss=None),
)
