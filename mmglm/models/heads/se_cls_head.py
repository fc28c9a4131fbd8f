# Copyright (c) mmglm contributors. All rights reserved.
"""Classification head with squeeze-and-excitation on the last map."""
from typing import Optional, Tuple

import torch
import torch.nn as nn
from mmpretrain.models.heads import LinearClsHead
from mmpretrain.models.utils import SELayer

from mmglm.registry import MODELS


@MODELS.register_module()
class SEClsHead(LinearClsHead):
    """SE -> global average pooling -> dropout -> linear classifier.

    GLMNet's classifier (our proposal after the blog's "SE-gated fusion
    head"), usable after any backbone or neck that gives a ``(B, C, H, W)``
    map. The SE block is mmpretrain's ``SELayer``: GAP -> 1x1 conv
    (C -> make_divisible(C / ratio, 8)) -> ReLU -> 1x1 conv -> sigmoid ->
    channel scale, the layout of timm's ``SEModule`` (``fc1``/``fc2`` with
    bias). Everything else (loss, predictions) is mmpretrain's
    :class:`~mmpretrain.models.heads.LinearClsHead`.

    Args:
        num_classes (int): Number of classes.
        in_channels (int): Channels C of the input map.
        se_ratio (int): SE squeeze ratio. Defaults to 16.
        dropout (float): Dropout before the linear layer. Defaults to 0.
        init_cfg (dict, optional): Defaults to ``Normal(std=0.01)`` on the
            linear layer, as ``LinearClsHead``.
        **kwargs: ``loss``, ``topk``, ``cal_acc`` of ``ClsHead``.

    Shape:
        - Input: a tuple whose last item is ``(B, in_channels, H, W)``.
        - Output: logits ``(B, num_classes)``.
    """

    def __init__(self,
                 num_classes: int,
                 in_channels: int,
                 se_ratio: int = 16,
                 dropout: float = 0.,
                 init_cfg: Optional[dict] = dict(
                     type='Normal', layer='Linear', std=0.01),
                 **kwargs):
        super().__init__(
            num_classes=num_classes,
            in_channels=in_channels,
            init_cfg=init_cfg,
            **kwargs)
        self.se = SELayer(in_channels, ratio=se_ratio)
        self.gap = nn.AdaptiveAvgPool2d(1)
        self.dropout = nn.Dropout(dropout) if dropout > 0 else nn.Identity()

    def pre_logits(self, feats: Tuple[torch.Tensor]) -> torch.Tensor:
        """SE on the last map, then global average pooling: ``(B, C)``."""
        x = self.se(feats[-1])  # (B, C, H, W)
        return self.gap(x).flatten(1)  # (B, C)

    def forward(self, feats: Tuple[torch.Tensor]) -> torch.Tensor:
        return self.fc(self.dropout(self.pre_logits(feats)))
