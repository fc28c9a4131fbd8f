# Copyright (c) mmglm contributors. All rights reserved.
"""PVTv2 as an MMPretrain backbone (the global branch of GLMNet).

`PVT v2: Improved Baselines with Pyramid Vision Transformer
<https://arxiv.org/abs/2106.13797>`_; official code whai362/PVT (v2).

mmpretrain has PVTv1 (``PCPVT``/``SVT`` of Twins) but no PVTv2, so this
module composes timm's ``pvt_v2`` building blocks (``OverlapPatchEmbed`` and
``PyramidVisionTransformerStage``: blocks, spatial-reduction attention,
depthwise-conv MLP, stage norm) instead of re-writing them. It adds the
MMPretrain contract: an ``arch`` zoo, ``out_indices``, ``frozen_stages``,
``init_cfg`` and a tuple of NCHW maps. Module names equal timm's
(``patch_embed.*``, ``stages.{i}.*``), so timm checkpoints load after
dropping ``head.*`` (``tools/model_converters/timm_pvt_v2_to_mmglm.py``).

Two LayerNorm eps values coexist, exactly as in timm and the official code:
1e-5 in the patch-embedding and spatial-reduction norms (``nn.LayerNorm``
defaults inside timm's modules), 1e-6 in the block and stage norms
(``norm_eps``).
"""
import copy
import math
from functools import partial
from typing import Dict, List, Sequence, Tuple, Union

import torch
import torch.nn as nn
from mmpretrain.models.backbones.base_backbone import BaseBackbone
from timm.layers import calculate_drop_path_rates, trunc_normal_
from timm.models.pvt_v2 import (OverlapPatchEmbed,
                                PyramidVisionTransformerStage)

from mmglm.registry import MODELS

_B1_B4 = dict(
    embed_dims=[64, 128, 320, 512],
    num_heads=[1, 2, 5, 8],
    mlp_ratios=[8, 8, 4, 4],
    sr_ratios=[8, 4, 2, 1],
    linear=False)


def _arch(depths, **overrides) -> dict:
    return {**copy.deepcopy(_B1_B4), 'depths': depths, **overrides}


def _init_pvt_weights(m: nn.Module) -> None:
    """timm's ``PyramidVisionTransformerV2._init_weights``."""
    if isinstance(m, nn.Linear):
        trunc_normal_(m.weight, std=.02)
        if m.bias is not None:
            nn.init.constant_(m.bias, 0)
    elif isinstance(m, nn.Conv2d):
        fan_out = m.kernel_size[0] * m.kernel_size[1] * m.out_channels
        fan_out //= m.groups
        m.weight.data.normal_(0, math.sqrt(2.0 / fan_out))
        if m.bias is not None:
            m.bias.data.zero_()


@MODELS.register_module()
class PVTv2(BaseBackbone):
    """Pyramid Vision Transformer v2 (b0-b5, b2-li).

    Four stages at strides 4/8/16/32. A stage is an overlapping patch
    embedding (conv 7x7 s4 for stage 1, 3x3 s2 after) + LayerNorm, pre-norm
    blocks of spatial-reduction attention and a depthwise-conv MLP, and a
    stage LayerNorm.

    Args:
        arch (str | dict): A key of ``arch_zoo`` (``'b0'`` ... ``'b5'``,
            ``'b2-li'``) or a dict with the keys ``embed_dims``, ``depths``,
            ``num_heads``, ``mlp_ratios``, ``sr_ratios`` (lists of four) and
            optionally ``linear`` (linear SRA: pool to 7x7). Defaults to
            ``'b2'``.
        in_channels (int): Input image channels. Defaults to 3.
        out_indices (Sequence[int]): Stages (0-3) whose outputs are returned.
            Defaults to ``(0, 1, 2, 3)``.
        qkv_bias (bool): Bias in the q and kv projections. Defaults to True.
        drop_rate (float): Dropout after the attention/MLP projections.
            Defaults to 0.
        attn_drop_rate (float): Attention-map dropout. Defaults to 0.
        drop_path_rate (float): Stochastic depth, linear over all blocks.
            Defaults to 0.
        norm_eps (float): eps of the block and stage LayerNorms (the patch
            embedding and SR norms keep 1e-5). Defaults to 1e-6.
        frozen_stages (int): Freeze the patch embedding (0) and stages up to
            this index (1-based); -1 freezes nothing. Defaults to -1.
        init_cfg (dict | list[dict], optional): Initialisation config; with
            ``type='Pretrained'`` the timm-style init is skipped.

    Shape:
        - Input: ``(B, in_channels, H, W)``.
        - Output: a tuple with, for each ``i`` in ``out_indices``,
          ``(B, embed_dims[i], H / 2**(i+2), W / 2**(i+2))`` (rounded up).

    Example:
        >>> model = PVTv2('b0')
        >>> [tuple(o.shape) for o in model(torch.rand(1, 3, 224, 224))]
        [(1, 32, 56, 56), (1, 64, 28, 28), (1, 160, 14, 14), (1, 256, 7, 7)]
    """

    arch_zoo: Dict[str, dict] = {
        'b0': _arch([2, 2, 2, 2], embed_dims=[32, 64, 160, 256]),
        'b1': _arch([2, 2, 2, 2]),
        'b2': _arch([3, 4, 6, 3]),
        'b2-li': _arch([3, 4, 6, 3], linear=True),
        'b3': _arch([3, 4, 18, 3]),
        'b4': _arch([3, 8, 27, 3]),
        'b5': _arch([3, 6, 40, 3], mlp_ratios=[4, 4, 4, 4]),
    }
    arch_zoo['b2_li'] = arch_zoo['b2-li']
    essential_keys = {
        'embed_dims', 'depths', 'num_heads', 'mlp_ratios', 'sr_ratios'
    }

    def __init__(self,
                 arch: Union[str, dict] = 'b2',
                 in_channels: int = 3,
                 out_indices: Sequence[int] = (0, 1, 2, 3),
                 qkv_bias: bool = True,
                 drop_rate: float = 0.,
                 attn_drop_rate: float = 0.,
                 drop_path_rate: float = 0.,
                 norm_eps: float = 1e-6,
                 frozen_stages: int = -1,
                 init_cfg: Union[dict, List[dict], None] = None):
        super().__init__(init_cfg=init_cfg)
        self.arch_settings = self._parse_arch(arch)
        s = self.arch_settings
        self.embed_dims = list(s['embed_dims'])
        self.depths = list(s['depths'])
        self.num_stages = len(self.depths)
        out_indices = [i % self.num_stages for i in out_indices]
        assert all(0 <= i < self.num_stages for i in out_indices)
        self.out_indices = sorted(out_indices)
        self.frozen_stages = frozen_stages

        self.patch_embed = OverlapPatchEmbed(
            patch_size=7,
            stride=4,
            in_chans=in_channels,
            embed_dim=self.embed_dims[0])
        dpr = calculate_drop_path_rates(
            drop_path_rate, self.depths, stagewise=True)
        norm_layer = partial(nn.LayerNorm, eps=norm_eps)
        stages = []
        prev_dim = self.embed_dims[0]
        for i in range(self.num_stages):
            stages.append(
                PyramidVisionTransformerStage(
                    dim=prev_dim,
                    dim_out=self.embed_dims[i],
                    depth=self.depths[i],
                    downsample=i > 0,
                    num_heads=s['num_heads'][i],
                    sr_ratio=s['sr_ratios'][i],
                    linear_attn=s.get('linear', False),
                    mlp_ratio=s['mlp_ratios'][i],
                    qkv_bias=qkv_bias,
                    proj_drop=drop_rate,
                    attn_drop=attn_drop_rate,
                    drop_path=dpr[i],
                    norm_layer=norm_layer))
            prev_dim = self.embed_dims[i]
        self.stages = nn.ModuleList(stages)
        self.out_channels = tuple(self.embed_dims)
        self._freeze_stages()

    def _parse_arch(self, arch: Union[str, dict]) -> dict:
        if isinstance(arch, str):
            arch = arch.lower()
            assert arch in self.arch_zoo, (
                f'Arch {arch} is not in default archs {set(self.arch_zoo)}')
            return copy.deepcopy(self.arch_zoo[arch])
        assert isinstance(arch, dict) and self.essential_keys <= set(arch), (
            f'Custom arch needs the keys {self.essential_keys}, got '
            f'{set(arch) if isinstance(arch, dict) else arch}')
        return copy.deepcopy(arch)

    def init_weights(self) -> None:
        super().init_weights()
        if (isinstance(self.init_cfg, dict)
                and self.init_cfg['type'] == 'Pretrained'):
            return
        self.apply(_init_pvt_weights)

    def forward_stage(self, i: int, x: torch.Tensor) -> torch.Tensor:
        """Run stage ``i``.

        Stage 0 takes the patch embedding's ``(B, H, W, C)`` output, stages
        1-3 take the previous stage's ``(B, C, H, W)`` map (their patch
        embedding downsamples it); every stage returns ``(B, C_i, H_i, W_i)``.
        """
        return self.stages[i](x)

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, ...]:
        x = self.patch_embed(x)  # (B, H/4, W/4, C0)
        outs = []
        for i in range(self.num_stages):
            x = self.forward_stage(i, x)  # (B, C_i, H_i, W_i)
            if i in self.out_indices:
                outs.append(x)
        return tuple(outs)

    def _freeze_stages(self) -> None:
        modules = [self.patch_embed] if self.frozen_stages >= 0 else []
        modules += list(self.stages[:max(self.frozen_stages, 0)])
        for m in modules:
            m.eval()
            for param in m.parameters():
                param.requires_grad = False

    def train(self, mode: bool = True) -> 'PVTv2':
        super().train(mode)
        self._freeze_stages()
        return self
