# Copyright (c) mmglm contributors. All rights reserved.
"""FReLU, the funnel activation, and a channel-aware activation builder.

`Funnel Activation for Visual Recognition <https://arxiv.org/abs/2007.11824>`_
(Ma, Zhang and Sun, ECCV 2020); official MegEngine code at
megvii-model/FunnelAct ``resnet/frelu.py``.
"""
import copy
from typing import Optional, Union

import torch
import torch.nn as nn
from mmcv.cnn import build_activation_layer, build_norm_layer

from mmglm.registry import MODELS


@MODELS.register_module()
class FReLU(nn.Module):
    """Funnel ReLU: ``max(x, BN(DWConv3x3(x)))``.

    The spatial condition ``T(x) = BN(DWConv3x3(x))`` replaces ReLU's zero.
    As in the official code the depthwise conv has a bias (MegEngine's
    default), so a site costs ``12 * C`` parameters (9C weights, C bias, 2C
    BN affine).

    Unlike ReLU, FReLU owns parameters and so needs its channel count. Inside
    mmglm modules build activations with :func:`build_act_layer`, which
    passes the channels when the config names FReLU and defers to mmcv for
    every parameter-free activation.

    Args:
        in_channels (int): Channels C of the input (and output).
        kernel_size (int): Kernel of the depthwise conv. Defaults to 3.
        norm_cfg (dict): Norm after the depthwise conv (a root mmcv type).
            Defaults to ``dict(type='BN')``.

    Shape:
        - Input: ``(B, C, H, W)``.
        - Output: ``(B, C, H, W)``.

    Example:
        >>> act = FReLU(16)
        >>> act(torch.randn(2, 16, 8, 8)).shape
        torch.Size([2, 16, 8, 8])
    """

    def __init__(self,
                 in_channels: int,
                 kernel_size: int = 3,
                 norm_cfg: dict = dict(type='BN')):
        super().__init__()
        self.in_channels = in_channels
        self.conv = nn.Conv2d(
            in_channels,
            in_channels,
            kernel_size,
            stride=1,
            padding=kernel_size // 2,
            groups=in_channels,
            bias=True)
        self.bn = build_norm_layer(norm_cfg, in_channels)[1]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.max(x, self.bn(self.conv(x)))

    def extra_repr(self) -> str:
        return f'in_channels={self.in_channels}'


def is_frelu_cfg(act_cfg: Optional[Union[dict, nn.Module]]) -> bool:
    """Whether an activation config names :class:`FReLU`."""
    if not isinstance(act_cfg, dict):
        return False
    act_type = act_cfg.get('type')
    return act_type is FReLU or act_type in ('FReLU', 'mmglm.FReLU')


def build_act_layer(act_cfg: Optional[dict], channels: int) -> nn.Module:
    """Build an activation, giving FReLU its channel count.

    ``act_cfg=dict(type='FReLU')`` builds :class:`FReLU` by direct class
    reference (no registry scope switch, so it also works inside mmdet, see
    open-mmlab/mmdetection#11205); any other type goes to mmcv's
    ``build_activation_layer`` (ReLU, GELU, SiLU, ...). ``None`` gives an
    identity.

    Args:
        act_cfg (dict, optional): Activation config.
        channels (int): Channels of the tensor the activation will see.

    Returns:
        nn.Module: The activation layer.
    """
    if act_cfg is None:
        return nn.Identity()
    if is_frelu_cfg(act_cfg):
        cfg = copy.deepcopy(act_cfg)
        cfg.pop('type')
        cfg.pop('inplace', None)
        cfg.setdefault('in_channels', channels)
        return FReLU(**cfg)
    return build_activation_layer(act_cfg)
