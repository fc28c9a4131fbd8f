# SwinFC (Xiang, Chen and Yang, Computer Engineering and Applications 2023,
# 59(20):147-157) on Swin-B at 384 px: mmpretrain's Swin returning stages 2-4
# plus the FSM feature, EACA branches aligned to 1024 channels and fused by
# FFM, and the staged multi-loss head. [PROPOSAL] items (EA memory 64, the
# 1x1 alignment, the LN-GAP-Linear branch classifiers) are marked in
# mmglm's SwinFC spec; drop_path_rate is mmpretrain's default (not in the
# paper).
# The Swin-B baseline (swin-b_384.py) with SwinFC's backbone, neck and head.
_base_ = ['./swin-b_384.py']

model = dict(
    backbone=dict(
        type='SwinFCBackbone', out_indices=(1, 2, 3), with_fsm=True),
    neck=dict(
        type='FFMNeck',
        in_channels=(256, 512, 1024),
        out_channels=1024,
        attn_cfg=dict(type='EACA', mode='eaca', memory_size=64),
        with_fusion=True,
        normalize=False,
        scale=1.0),
    head=dict(
        _delete_=True,
        type='SwinFCHead',
        num_classes=200,
        in_channels=1024,
        branch_channels=1024,
        branch_names=('stage2', 'stage3', 'stage4'),
        branch_weights=(0.4, 0.6, 0.8),
        loss=dict(type='CrossEntropyLoss', loss_weight=1.0),
        con_loss=dict(type='TransFGContrastiveLoss', margin=0.4),
        predict_mode='backbone'),
)
