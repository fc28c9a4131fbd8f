# Copyright (c) mmglm contributors. All rights reserved.
"""One ResNet bottleneck for every mmglm CNN, activation and 3x3 op chosen.

`Deep Residual Learning <https://arxiv.org/abs/1512.03385>`_ (ResNet),
`ResNeXt <https://arxiv.org/abs/1611.05431>`_ (grouped 3x3 conv) and
`BoTNet <https://arxiv.org/abs/2101.11605>`_ (3x3 conv -> MHSA).

mmpretrain's ``Bottleneck.forward`` hard-codes one ReLU module at its three
activation sites and a conv as its 3x3 op; :class:`Bottleneck` is that block
(same layers, same key names) with both made arguments, so that
:class:`~mmglm.models.ResNeXtFReLU` (FReLU, grouped conv) and
:class:`~mmglm.models.BoTNet` (SiLU/ReLU, conv or MHSA, optional SE) are
built from the same code.
"""
from typing import Optional

import torch
import torch.utils.checkpoint as cp
from mmpretrain.models.backbones.resnet import Bottleneck as _ResNetBlock
from mmpretrain.models.backbones.resnext import Bottleneck as _ResNeXtBlock
from mmpretrain.models.utils import SELayer

from .bottleneck_mhsa import BottleneckMHSA
from .frelu import build_act_layer, is_frelu_cfg

__all__ = ['Bottleneck']

_RELU = dict(type='ReLU', inplace=True)


class Bottleneck(_ResNeXtBlock):
    """ResNet/ResNeXt bottleneck: 1x1 -> 3x3 op -> 1x1 (+ SE) + shortcut.

    The 3x3 op is, by argument:

    - a conv ``conv2`` (``groups=None``: mmpretrain's ResNet bottleneck,
      width ``out_channels / expansion``);
    - a grouped conv ``conv2`` (``groups=G``: mmpretrain's ResNeXt
      bottleneck, width ``G * width_per_group * out / expansion /
      base_channels``);
    - multi-head self-attention ``mhsa`` (``mhsa_cfg``: a
      :class:`BottleneckMHSA`; a stride of 2 becomes a 2x2 average pool
      after the attention), as in BoTNet.

    The activation after ``norm1``, after ``norm2`` and after the residual
    sum is ``act1``, ``act2``, ``act3``. A parameter-free ``act_cfg`` (ReLU,
    SiLU, ...) builds one module, ``relu``, used at the three sites (as
    mmpretrain does); ``dict(type='FReLU')`` builds one FReLU per site with
    its channel count. With ``se_ratio`` an :class:`SELayer` acts on the
    output of ``norm3`` before the sum.

    Args:
        in_channels (int): Input channels.
        out_channels (int): Output channels (``expansion`` x width).
        groups (int, optional): Groups of the 3x3 conv (ResNeXt layout);
            None for the ResNet layout. Defaults to None.
        width_per_group (int): ResNeXt width of one group. Defaults to 4.
        base_channels (int): ResNeXt stage-1 width. Defaults to 64.
        act_cfg (dict): Activation of the three sites (and of SE).
            Defaults to ``dict(type='ReLU', inplace=True)``.
        mhsa_cfg (dict, optional): Keyword arguments of
            :class:`BottleneckMHSA` but ``in_channels`` and ``stride``
            (``feat_size`` is required); None keeps the conv.
            Defaults to None.
        se_ratio (int, optional): SE squeeze ratio, None for no SE.
            Defaults to None.
        **kwargs: mmpretrain ``Bottleneck`` arguments (``expansion``,
            ``stride``, ``dilation``, ``downsample``, ``style``, ``with_cp``,
            ``conv_cfg``, ``norm_cfg``, ``drop_path_rate``, ``init_cfg``).

    Shapes:
        - input: (B, in_channels, H, W)
        - output: (B, out_channels, H / stride, W / stride), rounded up.
    """

    def __init__(self,
                 in_channels: int,
                 out_channels: int,
                 groups: Optional[int] = None,
                 width_per_group: int = 4,
                 base_channels: int = 64,
                 act_cfg: dict = _RELU,
                 mhsa_cfg: Optional[dict] = None,
                 se_ratio: Optional[int] = None,
                 **kwargs) -> None:
        frelu = is_frelu_cfg(act_cfg)
        block_act = _RELU if frelu else act_cfg
        if groups is None:  # ResNet layout: mmpretrain's ResNet block
            _ResNetBlock.__init__(
                self, in_channels, out_channels, act_cfg=block_act, **kwargs)
        else:  # ResNeXt layout: grouped conv2, widths from the groups
            super().__init__(
                in_channels,
                out_channels,
                base_channels=base_channels,
                groups=groups,
                width_per_group=width_per_group,
                act_cfg=block_act,
                **kwargs)
        if frelu:
            del self.relu
            self.act1 = build_act_layer(act_cfg, self.mid_channels)
            self.act2 = build_act_layer(act_cfg, self.mid_channels)
            self.act3 = build_act_layer(act_cfg, self.out_channels)
        else:
            # Parameter-free: the same module at the three sites.
            self.act1 = self.act2 = self.act3 = self.relu
        self.with_mhsa = mhsa_cfg is not None
        if self.with_mhsa:
            assert self.dilation == 1 and self.style == 'pytorch', \
                'MHSA blocks support neither dilation nor the caffe style'
            del self.conv2
            self.mhsa = BottleneckMHSA(
                self.mid_channels, stride=self.stride, **mhsa_cfg)
        self.se = None
        if se_ratio:
            self.se = SELayer(
                out_channels,
                ratio=se_ratio,
                act_cfg=(act_cfg, dict(type='Sigmoid')))

    def forward(self, x: torch.Tensor) -> torch.Tensor:

        def _inner_forward(x):
            identity = x
            out = self.act1(self.norm1(self.conv1(x)))
            out = self.mhsa(out) if self.with_mhsa else self.conv2(out)
            out = self.act2(self.norm2(out))
            out = self.norm3(self.conv3(out))
            if self.se is not None:
                out = self.se(out)
            if self.downsample is not None:
                identity = self.downsample(x)
            return self.drop_path(out) + identity

        if self.with_cp and x.requires_grad:
            out = cp.checkpoint(_inner_forward, x, use_reentrant=False)
        else:
            out = _inner_forward(x)
        return self.act3(out)
