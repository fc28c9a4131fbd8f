# Copyright (c) mmglm contributors. All rights reserved.
"""GLMNet's optional shared "conv stem with patchify" (our proposal)."""
from typing import Optional

import torch
import torch.nn as nn
from mmcv.cnn import ConvModule

from .frelu import build_act_layer


class PatchifyStem(nn.Module):
    """Shared convolutional stem ending in a patchify conv.

    ``Conv3x3 s2 (in -> mid) + BN + act -> Conv3x3 s1 (mid -> out) + BN + act
    -> Conv2x2 s2 (out -> out) + BN``: stride 4 overall, so its output can feed
    both ResNeXt ``layer1`` and the first PVTv2 blocks.

    Args:
        in_channels (int): Image channels. Defaults to 3.
        mid_channels (int): Width of the first conv. Defaults to 32.
        out_channels (int): Output width. Defaults to 64.
        norm_cfg (dict): Norm config. Defaults to BN.
        act_cfg (dict, optional): Activation (FReLU allowed).
            Defaults to ``dict(type='FReLU')``.

    Shape:
        - Input: ``(B, in_channels, H, W)``.
        - Output: ``(B, out_channels, H/4, W/4)``.
    """

    def __init__(self,
                 in_channels: int = 3,
                 mid_channels: int = 32,
                 out_channels: int = 64,
                 norm_cfg: dict = dict(type='BN'),
                 act_cfg: Optional[dict] = dict(type='FReLU')):
        super().__init__()
        self.out_channels = out_channels
        self.conv1 = ConvModule(
            in_channels, mid_channels, 3, stride=2, padding=1, bias=False,
            norm_cfg=norm_cfg, act_cfg=None)
        self.act1 = build_act_layer(act_cfg, mid_channels)
        self.conv2 = ConvModule(
            mid_channels, out_channels, 3, stride=1, padding=1, bias=False,
            norm_cfg=norm_cfg, act_cfg=None)
        self.act2 = build_act_layer(act_cfg, out_channels)
        self.patchify = ConvModule(
            out_channels, out_channels, 2, stride=2, bias=False,
            norm_cfg=norm_cfg, act_cfg=None)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.act1(self.conv1(x))
        x = self.act2(self.conv2(x))
        return self.patchify(x)


class PointwisePatchEmbed(nn.Module):
    """1x1 conv + LayerNorm replacing PVTv2's first patch embedding when the
    stem is shared (the stem already has stride 4).

    Args:
        in_channels (int): Channels of the stem output.
        embed_dims (int): Width of PVTv2 stage 1.

    Shape:
        - Input: ``(B, in_channels, H, W)``.
        - Output: ``(B, H, W, embed_dims)`` (channels last, as timm's
          ``OverlapPatchEmbed``).
    """

    def __init__(self, in_channels: int, embed_dims: int):
        super().__init__()
        self.proj = nn.Conv2d(in_channels, embed_dims, 1)
        # eps 1e-5 as the LayerNorm of PVTv2's patch embeddings.
        self.norm = nn.LayerNorm(embed_dims)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.proj(x).permute(0, 2, 3, 1)  # (B, H, W, C)
        return self.norm(x)
