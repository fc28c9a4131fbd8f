# Copyright (c) mmglm contributors. All rights reserved.
"""BoTNet: ResNets whose late 3x3 convs are all-to-all self-attention.

`Bottleneck Transformers for Visual Recognition
<https://arxiv.org/abs/2101.11605>`_ (Srinivas et al., CVPR 2021).

Built from MMPretrain's ResNet machinery (``ResNet`` stem, freezing,
``norm_eval`` and init), mmglm's one :class:`~mmglm.models.utils.Bottleneck`
(its 3x3 op a conv or MHSA) and timm's ``BottleneckAttn``
parameters (via :class:`mmglm.models.utils.BottleneckMHSA`), as
timm builds BoTNet from ``byobnet`` + ``layers/bottleneck_attn``. Archs:

- ``'bot50'``: the paper's BoT50, a ResNet-50 whose three c5 blocks are BoT
  blocks; the first runs its MHSA at the c4 resolution, then a 2x2 average
  pool. Layout and key names equal MMPretrain's ResNet-50 except ``conv2`` of
  ``layer4`` (replaced by ``mhsa``), so ImageNet ResNet-50 weights initialise
  everything else.
- ``'s1-59'``, ``'s1-77'``, ``'s1-110'``, ``'s1-128'``: the BoTNet-S1 family
  (paper T3 = S1-59, T4 = S1-110, T5 = S1-128 at 256 px, T6 = S1-77, T7 =
  S1-128 at 384 px): stride-1 c5, SE (1/16 of the block output channels) in
  the ResNet blocks only, SiLU everywhere; layout after the official code's
  JAX port NZ99/bottleneck-transformer-flax.
- ``'botnet26t'``: the architecture of timm's ``botnet26t_256`` (tiered 3x3
  stem, depths 2-2-2-2, MHSA in block 1 of stage 3 and both stage-4 blocks);
  ``tools/model_converters/timm_botnet_to_mmglm.py`` converts its weights.
- ``'test'``: a tiny model for unit tests.
"""
import copy
import math
from typing import Optional, Sequence, Union

import torch
import torch.nn as nn
from mmcv.cnn import (ConvModule, build_activation_layer, build_conv_layer,
                      build_norm_layer)
from mmpretrain.models.backbones.resnet import ResNet

from mmglm.registry import MODELS
from ..utils.bottleneck import Bottleneck
from ..utils.bottleneck_mhsa import BottleneckMHSA
from ..utils.input_size import check_input_size

__all__ = ['BoTBottleneck', 'BoTNet']

_RELU = dict(type='ReLU', inplace=True)
_SILU = dict(type='SiLU', inplace=True)
# BoTNet-S1: stride-1 c5, SE in the conv blocks, SiLU (NZ99 port).
_S1 = dict(
    mhsa_indices=((), (), (), 'all'),
    strides=(1, 2, 2, 1),
    stem_type='7x7',
    act_cfg=_SILU,
    se_ratio=16,
    scale_pos_embed=True)


# The former block name: mmglm's one bottleneck (conv or MHSA, SE optional).
BoTBottleneck = Bottleneck


@MODELS.register_module()
class BoTNet(ResNet):
    """BoTNet backbone (BoT50, BoTNet-S1, timm's botnet26t).

    A subclass of MMPretrain's :class:`ResNet` that reuses its stem, stage
    naming (``layer1``..``layer4``), ``forward``, ``_freeze_stages``, ``train``
    (``norm_eval``) and ``init_weights`` (``zero_init_residual``); only the
    block layout comes from ``arch``. Because MHSA has absolute-size relative
    position tables, the backbone is built for one ``img_size``: an input
    whose maps at the BoT blocks differ from the built ones raises
    :class:`~mmglm.models.utils.InputSizeError` (``check_input_size``: the
    size, ``img_size`` and the fix) before any compute, unless
    ``dynamic_size=True``
    (then the tables are interpolated per forward; use it for detection with
    variable input sizes). Checkpoints with tables of another size are
    resized on load. Feature sizes are rounded up at each stride, so any
    ``img_size`` works (e.g. 112 px: c4 7x7, c5 4x4 for BoT50).

    Args:
        arch (str | dict): A key of ``arch_zoo`` or a dict with the keys
            ``stage_blocks`` (blocks per stage), ``mhsa_indices`` (per stage,
            the indices of the blocks that are BoT blocks) and ``strides``,
            optionally ``stem_type`` ('7x7' or 'tiered'), ``act_cfg``,
            ``se_ratio`` and ``scale_pos_embed``. Defaults to 'bot50'.
        img_size (int | Sequence[int]): Input (H, W) the relative position
            tables are built for. Defaults to 224.
        in_channels (int): Input image channels. Defaults to 3.
        stem_channels (int): Stem output channels. Defaults to 64.
        base_channels (int): Bottleneck width of stage 1 (output channels are
            4x, doubled each stage). Defaults to 64.
        num_heads (int): MHSA heads. Defaults to 4.
        scale_pos_embed (bool, optional): Scale the position logits by
            d**-0.5 (official) or not (timm's default); None takes the arch's
            default (True except for 'botnet26t'). Defaults to None.
        dynamic_size (bool): Interpolate the relative tables to other input
            sizes instead of raising. Defaults to False.
        use_sdpa (bool): MHSA through ``F.scaled_dot_product_attention``
            (see :class:`BottleneckMHSA`). Defaults to False.
        pos_embed (str): MHSA position form, ``'relative'`` (paper) or
            ``'absolute'`` (the seed's code; see :class:`BottleneckMHSA`).
            Defaults to ``'relative'``.
        qkv_bias (bool): Bias in the MHSA q/k/v convs. Defaults to False.
        qk_scale (float, optional): MHSA logit scale, None for d**-0.5.
            Defaults to None.
        out_indices (Sequence[int]): Stages to output. Defaults to ``(3, )``.
        frozen_stages (int): Stages to freeze (stem with 0), -1 for none.
            Defaults to -1.
        norm_eval (bool): Keep BN layers in eval mode while training.
            Defaults to False.
        with_cp (bool): Gradient checkpointing of the blocks.
            Defaults to False.
        zero_init_residual (bool): Zero-init the last BN of every block.
            Defaults to True.
        drop_path_rate (float): Stochastic depth, linear over the blocks.
            Defaults to 0.
        conv_cfg (dict, optional): Conv layer config. Defaults to None.
        norm_cfg (dict): Norm layer config. Defaults to
            ``dict(type='BN', requires_grad=True)``.
        init_cfg (dict | list[dict], optional): Initialisation config.
            Defaults to Kaiming for convs and 1 for BN weights, as ResNet.

    Shapes:
        - input: (B, 3, H, W) with (H, W) = ``img_size``
        - output: tuple of (B, 256 * 2**i, H_i, W_i) for i in ``out_indices``;
          H_i = H / 4 / prod(strides[:i+1]) (rounded up at each stride).

    Examples:
        >>> import torch
        >>> from mmglm.models import BoTNet
        >>> model = BoTNet('bot50', img_size=224, out_indices=(2, 3)).eval()
        >>> [tuple(o.shape) for o in model(torch.rand(1, 3, 224, 224))]
        [(1, 1024, 14, 14), (1, 2048, 7, 7)]
    """
    arch_zoo = {
        'bot50':
        dict(
            stage_blocks=(3, 4, 6, 3),
            mhsa_indices=((), (), (), 'all'),
            strides=(1, 2, 2, 2),
            stem_type='7x7',
            act_cfg=_RELU,
            se_ratio=None,
            scale_pos_embed=True),
        's1-59': dict(stage_blocks=(3, 4, 6, 6), **_S1),
        's1-77': dict(stage_blocks=(3, 4, 6, 12), **_S1),
        's1-110': dict(stage_blocks=(3, 4, 23, 6), **_S1),
        's1-128': dict(stage_blocks=(3, 4, 23, 12), **_S1),
        'botnet26t':
        dict(
            stage_blocks=(2, 2, 2, 2),
            mhsa_indices=((), (), (1, ), 'all'),
            strides=(1, 2, 2, 2),
            stem_type='tiered',
            act_cfg=_RELU,
            se_ratio=None,
            scale_pos_embed=False),
        # Tiny: use with stem_channels=16, base_channels=8.
        'test':
        dict(
            stage_blocks=(1, 1, 2, 2),
            mhsa_indices=((), (), (1, ), 'all'),
            strides=(1, 2, 2, 2),
            stem_type='tiered',
            act_cfg=_SILU,
            se_ratio=4,
            scale_pos_embed=True),
    }
    essential_keys = {'stage_blocks', 'mhsa_indices', 'strides'}
    arch_defaults = dict(
        stem_type='7x7', act_cfg=_RELU, se_ratio=None, scale_pos_embed=True)

    def __init__(self,
                 arch: Union[str, dict] = 'bot50',
                 img_size: Union[int, Sequence[int]] = 224,
                 in_channels: int = 3,
                 stem_channels: int = 64,
                 base_channels: int = 64,
                 num_heads: int = 4,
                 scale_pos_embed: Optional[bool] = None,
                 dynamic_size: bool = False,
                 use_sdpa: bool = False,
                 pos_embed: str = 'relative',
                 qkv_bias: bool = False,
                 qk_scale: Optional[float] = None,
                 out_indices: Sequence[int] = (3, ),
                 frozen_stages: int = -1,
                 norm_eval: bool = False,
                 with_cp: bool = False,
                 zero_init_residual: bool = True,
                 drop_path_rate: float = 0.,
                 conv_cfg: Optional[dict] = None,
                 norm_cfg: dict = dict(type='BN', requires_grad=True),
                 init_cfg: Optional[Union[dict, list]] = [
                     dict(type='Kaiming', layer=['Conv2d']),
                     dict(
                         type='Constant',
                         val=1,
                         layer=['_BatchNorm', 'GroupNorm'])
                 ]) -> None:
        # ResNet.__init__ looks the layout up by depth in a fixed table, so
        # the stages are built here and ResNet's other methods are reused.
        super(ResNet, self).__init__(init_cfg)
        self.arch = self._resolve_arch(arch)
        stage_blocks = tuple(self.arch['stage_blocks'])
        strides = tuple(self.arch['strides'])
        assert len(stage_blocks) == len(strides) == 4, \
            'BoTNet has 4 stages: stage_blocks and strides need 4 entries'
        self.img_size = (img_size, img_size) if isinstance(
            img_size, int) else tuple(img_size)
        self.scale_pos_embed = (
            self.arch['scale_pos_embed']
            if scale_pos_embed is None else scale_pos_embed)
        self.act_cfg = self.arch['act_cfg']
        self.out_indices = tuple(out_indices)
        assert all(0 <= i < 4 for i in self.out_indices), \
            f'out_indices must be in [0, 3], got {out_indices}'
        self.stem_channels = stem_channels
        self.base_channels = base_channels
        self.num_stages = 4
        self.strides = strides
        self.dilations = (1, 1, 1, 1)
        self.style = 'pytorch'
        self.deep_stem = self.arch['stem_type'] == 'tiered'
        self.avg_down = False
        self.frozen_stages = frozen_stages
        self.conv_cfg = conv_cfg
        self.norm_cfg = norm_cfg
        self.with_cp = with_cp
        self.norm_eval = norm_eval
        self.zero_init_residual = zero_init_residual
        self.block = Bottleneck
        self.stage_blocks = stage_blocks
        self.expansion = 4

        self._make_stem_layer(in_channels, stem_channels)
        # Every stride-2 op (stem conv, max-pool, strided 3x3 / 1x1 / pool)
        # rounds up: size -> ceil(size / 2).
        feat_size = [math.ceil(s / 4) for s in self.img_size]
        dpr = torch.linspace(0, drop_path_rate, sum(stage_blocks)).tolist()
        self.res_layers = []
        _in_channels = stem_channels
        _out_channels = base_channels * self.expansion
        mhsa_cfg = dict(
            num_heads=num_heads,
            scale_pos_embed=self.scale_pos_embed,
            dynamic_size=dynamic_size,
            use_sdpa=use_sdpa,
            pos_embed=pos_embed,
            qkv_bias=qkv_bias,
            qk_scale=qk_scale)
        for i, num_blocks in enumerate(stage_blocks):
            mhsa_idx = self.arch['mhsa_indices'][i]
            if mhsa_idx == 'all':
                mhsa_idx = range(num_blocks)
            res_layer = self._make_bot_layer(
                num_blocks, _in_channels, _out_channels, strides[i],
                feat_size, set(mhsa_idx), mhsa_cfg, dpr[:num_blocks])
            feat_size = [math.ceil(s / strides[i]) for s in feat_size]
            dpr = dpr[num_blocks:]
            _in_channels = _out_channels
            _out_channels *= 2
            layer_name = f'layer{i + 1}'
            self.add_module(layer_name, res_layer)
            self.res_layers.append(layer_name)

        self._freeze_stages()
        self.feat_dim = res_layer[-1].out_channels

    def _resolve_arch(self, arch: Union[str, dict]) -> dict:
        if isinstance(arch, str):
            assert arch in self.arch_zoo, \
                f'Unknown arch {arch!r}; choose from {sorted(self.arch_zoo)}'
            arch = self.arch_zoo[arch]
            return copy.deepcopy({**self.arch_defaults, **arch})
        assert isinstance(arch, dict) and self.essential_keys <= set(arch), \
            f'A custom arch needs the keys {sorted(self.essential_keys)}'
        unknown = set(arch) - self.essential_keys - set(self.arch_defaults)
        assert not unknown, f'Unknown arch keys {sorted(unknown)}'
        return copy.deepcopy({**self.arch_defaults, **arch})

    def _make_stem_layer(self, in_channels: int, stem_channels: int) -> None:
        """ResNet's 7x7 stem (same names) or timm's tiered 3x3 stem."""
        stem_type = self.arch['stem_type']
        if stem_type == '7x7':
            self.conv1 = build_conv_layer(
                self.conv_cfg,
                in_channels,
                stem_channels,
                kernel_size=7,
                stride=2,
                padding=3,
                bias=False)
            self.norm1_name, norm1 = build_norm_layer(
                self.norm_cfg, stem_channels, postfix=1)
            self.add_module(self.norm1_name, norm1)
            self.relu = build_activation_layer(self.act_cfg)
        elif stem_type == 'tiered':
            # timm's 'tiered' stem: 3x3 convs with 3/8, 1/2 and 1 x channels.
            chs = (3 * stem_channels // 8, stem_channels // 2, stem_channels)
            layers, prev = [], in_channels
            for j, ch in enumerate(chs):
                layers.append(
                    ConvModule(
                        prev,
                        ch,
                        kernel_size=3,
                        stride=2 if j == 0 else 1,
                        padding=1,
                        conv_cfg=self.conv_cfg,
                        norm_cfg=self.norm_cfg,
                        act_cfg=self.act_cfg))
                prev = ch
            self.stem = nn.Sequential(*layers)
        else:
            raise ValueError(f'Unknown stem_type {stem_type!r}')
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)

    def _make_bot_layer(self, num_blocks: int, in_channels: int,
                        out_channels: int, stride: int,
                        feat_size: Sequence[int], mhsa_idx: set,
                        mhsa_cfg: dict, dpr: Sequence[float]) -> nn.Sequential:
        """One stage; the projection shortcut is ResNet's (1x1 conv + BN)."""
        downsample = None
        if stride != 1 or in_channels != out_channels:
            downsample = nn.Sequential(
                build_conv_layer(
                    self.conv_cfg,
                    in_channels,
                    out_channels,
                    kernel_size=1,
                    stride=stride,
                    bias=False),
                build_norm_layer(self.norm_cfg, out_channels)[1])
        blocks = []
        for j in range(num_blocks):
            # The first block attends at the stage's input size, then pools.
            size = feat_size if j == 0 else [
                math.ceil(s / stride) for s in feat_size
            ]
            with_mhsa = j in mhsa_idx
            blocks.append(
                Bottleneck(
                    in_channels=in_channels if j == 0 else out_channels,
                    out_channels=out_channels,
                    expansion=self.expansion,
                    stride=stride if j == 0 else 1,
                    downsample=downsample if j == 0 else None,
                    style=self.style,
                    with_cp=self.with_cp,
                    conv_cfg=self.conv_cfg,
                    norm_cfg=self.norm_cfg,
                    act_cfg=self.act_cfg,
                    drop_path_rate=dpr[j],
                    mhsa_cfg=dict(mhsa_cfg, feat_size=tuple(size))
                    if with_mhsa else None,
                    se_ratio=None if with_mhsa else self.arch['se_ratio']))
        return nn.Sequential(*blocks)

    def _check_input(self, x: torch.Tensor) -> None:
        """The maps at every BoT block must be those its tables are built
        for (the stem and every stride round up: ``ceil``)."""
        size = [math.ceil(s / 4) for s in x.shape[-2:]]
        for i, name in enumerate(self.res_layers):
            out = [math.ceil(s / self.strides[i]) for s in size]
            for j, block in enumerate(getattr(self, name)):
                if not block.with_mhsa or block.mhsa.dynamic_size:
                    continue
                if tuple(size if j == 0 else out) != block.mhsa.feat_size:
                    h, w = self.img_size
                    check_input_size(
                        x,
                        fixed=self.img_size,
                        model='BoTNet',
                        reason='its MHSA relative position tables are built '
                        f'for img_size={h}x{w}; build it with that img_size '
                        'or with dynamic_size=True to interpolate the tables')
            size = out

    def forward(self, x: torch.Tensor) -> tuple:
        self._check_input(x)
        return super().forward(x)

    def train(self, mode: bool = True) -> 'BoTNet':
        # ResNet.train returns None; return self so that .eval() chains.
        super().train(mode)
        return self

    def init_weights(self) -> None:
        super().init_weights()
        if (isinstance(self.init_cfg, dict)
                and self.init_cfg['type'] == 'Pretrained'):
            return
        # timm's init of the attention: fan-in truncated normal for qkv,
        # N(0, d**-0.5) truncated for the relative tables.
        for m in self.modules():
            if isinstance(m, BottleneckMHSA):
                m.reset_parameters()

