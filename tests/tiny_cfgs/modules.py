"""Tiny configs of the registered mmglm modules that are not backbones.

``TINY_MODULES = {'<registered name>': dict(cfg=..., inputs=fn)}``: ``fn()``
returns the positional arguments of one forward call (seeded by the caller).
Optional ``channel_outputs`` is the slice of the outputs whose channels the
module's ``out_channels`` describes (FFMNeck passes the last stage and the
extras through unchanged).
"""
import torch


def _maps(*shapes):
    return tuple(torch.randn(2, *s) for s in shapes)


TINY_MODULES = {
    'FReLU':
    dict(
        cfg=dict(type='FReLU', in_channels=4),
        inputs=lambda: (torch.randn(2, 4, 5, 6), )),
    'EACA':
    dict(
        cfg=dict(type='EACA', in_channels=4, memory_size=3),
        inputs=lambda: (torch.randn(2, 4, 3, 5), )),
    'StageFusionNeck':
    dict(
        cfg=dict(
            type='StageFusionNeck',
            in_channels=(8, 12),
            out_channels=16,
            in_indices=(0, 1)),
        inputs=lambda: (_maps((8, 4, 4), (12, 4, 4)), )),
    'FFMNeck':
    dict(
        cfg=dict(
            type='FFMNeck',
            in_channels=(4, 8),
            out_channels=6,
            # a nested init_cfg: init_weights() of the neck must apply it
            attn_cfg=dict(
                type='EACA',
                memory_size=3,
                init_cfg=dict(
                    type='TruncNormal', layer=['Conv1d', 'Conv2d'],
                    std=0.02)),
            normalize=True,
            scale=0.1),
        inputs=lambda: (_maps((4, 4, 4), (8, 2, 2), (8, 1, 1)), ),
        # (x_last, b_1, b_2, extra): out_channels is the width of the b_i
        channel_outputs=slice(1, 3)),
    'SimpleFeaturePyramid':
    dict(
        cfg=dict(
            type='SimpleFeaturePyramid',
            in_channels=6,
            out_channels=4,
            scale_factors=(4.0, 2.0, 1.0, 0.5)),
        inputs=lambda: (_maps((6, 4, 4)), )),
    'SEClsHead':
    dict(
        cfg=dict(type='SEClsHead', num_classes=5, in_channels=16, se_ratio=4),
        inputs=lambda: (_maps((16, 3, 3)), )),
    'SwinFCHead':
    dict(
        cfg=dict(
            type='SwinFCHead', num_classes=5, in_channels=6,
            branch_channels=4),
        inputs=lambda: (_maps((6, 2, 2), (4, 4, 4), (4, 3, 3), (4, 2, 2),
                              (6, 1, 1)), )),
    'TransFGContrastiveLoss':
    dict(
        cfg=dict(type='TransFGContrastiveLoss', margin=0.4),
        inputs=lambda: (torch.randn(6, 5), torch.tensor([0, 1, 0, 1, 1, 0]))),
}
