# Copyright (c) mmglm contributors. All rights reserved.
"""Stage-fusion neck: concat, 1x1 conv, BN, activation."""
from typing import Optional, Sequence, Tuple, Union

import torch
import torch.nn as nn
from mmcv.cnn import ConvModule
from mmengine.model import BaseModule

from mmglm.registry import MODELS
from ..utils.frelu import build_act_layer


@MODELS.register_module()
class StageFusionNeck(BaseModule):
    """Fuse backbone maps: ``act(BN(Conv1x1(concat(maps))))``.

    GLMNet's fusion head, first step (our proposal): the last global and
    local maps (2560 channels for GLMNet-base) are concatenated and projected
    to ``out_channels`` (2048 by default, 1024 as the lighter option). The
    concatenation is over the maps picked by ``in_indices``: GLMNet with
    ``out_type='concat'`` already returns ``concat([g_4, l_4])`` as its last
    map (``in_indices=(-1, )``); a single-branch backbone (PVTv2 alone) uses
    the same neck on its last map.

    Args:
        in_channels (int | Sequence[int]): Channels of each selected map
            (their sum is the conv's input width).
        out_channels (int): Fused width C_f. Defaults to 2048.
        in_indices (Sequence[int]): Which maps of the input tuple to
            concatenate. Defaults to ``(-1, )``.
        norm_cfg (dict): Norm config. Defaults to BN.
        act_cfg (dict, optional): Activation (``FReLU`` allowed).
            Defaults to ReLU.
        init_cfg (dict | list[dict], optional): Initialisation config.
            Defaults to Kaiming for the conv.

    Shape:
        - Input: a tuple of ``(B, C_k, H, W)`` maps.
        - Output: a 1-tuple ``((B, out_channels, H, W), )``.
    """

    def __init__(self,
                 in_channels: Union[int, Sequence[int]],
                 out_channels: int = 2048,
                 in_indices: Sequence[int] = (-1, ),
                 norm_cfg: dict = dict(type='BN'),
                 act_cfg: Optional[dict] = dict(type='ReLU'),
                 init_cfg: Optional[dict] = dict(
                     type='Kaiming', layer='Conv2d')):
        super().__init__(init_cfg=init_cfg)
        if isinstance(in_channels, int):
            in_channels = [in_channels]
        self.in_indices = tuple(in_indices)
        if len(in_channels) != len(self.in_indices):
            raise ValueError(
                f'in_channels {list(in_channels)} and in_indices '
                f'{list(self.in_indices)} must have the same length')
        self.in_channels = tuple(in_channels)
        self.out_channels = out_channels
        self.fuse = ConvModule(
            sum(self.in_channels),
            out_channels,
            kernel_size=1,
            bias=False,
            norm_cfg=norm_cfg,
            act_cfg=None)
        self.act = build_act_layer(act_cfg, out_channels)

    def forward(self, inputs: Union[torch.Tensor, Tuple[torch.Tensor]]
                ) -> Tuple[torch.Tensor]:
        if isinstance(inputs, torch.Tensor):
            inputs = (inputs, )
        maps = [inputs[i] for i in self.in_indices]
        for m, c in zip(maps, self.in_channels):
            assert m.shape[1] == c, (
                f'StageFusionNeck expects {self.in_channels} channels, got '
                f'{[m.shape[1] for m in maps]}')
        x = torch.cat(maps, dim=1)  # (B, sum(in_channels), H, W)
        return (self.act(self.fuse(x)), )
