# Copyright (c) mmglm contributors. All rights reserved.
"""NesT: Nested Hierarchical Transformer.

`Nested Hierarchical Transformer: Towards Accurate, Data-Efficient and
Interpretable Visual Understanding <https://arxiv.org/abs/2105.12723>`_
(Zhang et al., AAAI 2022). Official JAX code (Apache-2.0):
https://github.com/google-research/nested-transformer; PyTorch port in timm
(``timm/models/nest.py``, Apache-2.0), whose ``nest_*_jx`` weights load into
this module through ``tools/model_converters/timm_nest_to_mmglm.py``.

What differs from timm's port:

- ``padding='same'`` and ``'symmetric'`` are named choices (timm: ``'same'``
  and ``''``), and the block aggregation accepts odd maps (timm asserts even
  ones); 'same' is TF SAME as in JAX, asymmetric for a 3x3/s2 pool on an even
  map (0 before, 1 after).
- The CIFAR-size variants (``nest_*_s16_32`` in JAX: 4 levels of 4x4 blocks,
  1x1 patches, constant width, multi-query attention) exist here; timm has
  none of them and no multi-query attention.
- Other input sizes (also non-square ones) work: each level keeps its
  2^(L-1-i) x 2^(L-1-i) grid of blocks and the blocks grow or shrink; the
  position embeddings are resized on the image plane (bicubic) in ``forward``
  and when a checkpoint of another size is loaded. timm resizes nothing
  (its ``checkpoint_filter_fn`` matches legacy ``pos_embed_`` keys only).
- Attention heads are merged as everywhere else (output column h * d + c);
  timm's NesT merges them as c * H + h, so the converter permutes the input
  columns of ``attn.proj.weight``.
- Backbone contract of MMPretrain: ``out_indices`` picks level maps (NCHW, on
  the image plane), ``frozen_stages``, ``with_cp``, ``init_cfg``.
"""
import math
from typing import Optional, Sequence, Tuple, Union

import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.utils.checkpoint as cp
from mmcv.cnn import build_norm_layer
from mmcv.cnn.bricks.transformer import PatchEmbed
from mmengine.logging import MMLogger
from mmengine.model import BaseModule
from mmengine.model.weight_init import trunc_normal_
from mmpretrain.models.backbones.base_backbone import BaseBackbone
from mmpretrain.models.utils import LayerNorm2d, resize_pos_embed
from timm.layers import DropPath, Mlp, create_pool2d

from mmglm.registry import MODELS
from ..utils.input_size import check_input_size

Size2 = Tuple[int, int]


def blockify(x: torch.Tensor, block_shape: Size2) -> torch.Tensor:
    """Split an image-plane map into non-overlapping blocks.

    Args:
        x (torch.Tensor): Map of shape (B, H, W, C).
        block_shape (tuple[int, int]): Block height and width, dividing H and
            W.

    Returns:
        torch.Tensor: Blocks of shape (B, T, N, C), T = (H/bh)*(W/bw) blocks in
        row-major order, N = bh*bw tokens per block in row-major order.
    """
    B, H, W, C = x.shape
    bh, bw = block_shape
    gh, gw = H // bh, W // bw
    # (B, gh, bh, gw, bw, C) -> (B, gh, gw, bh, bw, C)
    x = x.reshape(B, gh, bh, gw, bw, C).transpose(2, 3)
    return x.reshape(B, gh * gw, bh * bw, C)


def deblockify(x: torch.Tensor, grid_shape: Size2,
               block_shape: Size2) -> torch.Tensor:
    """Inverse of :func:`blockify`: (B, T, N, C) -> (B, H, W, C)."""
    B, _, _, C = x.shape
    (gh, gw), (bh, bw) = grid_shape, block_shape
    # (B, gh, gw, bh, bw, C) -> (B, gh, bh, gw, bw, C)
    x = x.reshape(B, gh, gw, bh, bw, C).transpose(2, 3)
    return x.reshape(B, gh * bh, gw * bw, C)


def resize_block_pos_embed(pos_embed: torch.Tensor, grid_shape: Size2,
                           src_block: Size2, dst_block: Size2,
                           mode: str = 'bicubic') -> torch.Tensor:
    """Resize a blocked position embedding on the image plane.

    The embedding (1, T, N, C) is laid out on the image plane
    (grid * block), resized with :func:`mmpretrain.models.utils.
    resize_pos_embed` and cut into blocks of the new shape again, so that
    every position keeps its place in the image (timm's ``resize_pos_embed``
    for NesT does the same for square blocks).
    """
    if tuple(src_block) == tuple(dst_block):
        return pos_embed
    C = pos_embed.shape[-1]
    (gh, gw), (sh, sw), (dh, dw) = grid_shape, src_block, dst_block
    # (1, T, N, C) -> (1, gh*sh, gw*sw, C)
    plane = deblockify(pos_embed, grid_shape, src_block)
    plane = resize_pos_embed(
        plane.reshape(1, -1, C), (gh * sh, gw * sw), (gh * dh, gw * dw),
        mode=mode, num_extra_tokens=0)  # (1, gh*dh * gw*dw, C)
    return blockify(plane.reshape(1, gh * dh, gw * dw, C), dst_block)


class BlockAttention(nn.Module):
    """Self-attention applied independently inside every block.

    Input (B, T, N, C): T blocks of N tokens. Multi-head attention when
    ``multi_query=False`` (keys ``qkv``, ``proj`` as timm's NesT
    ``Attention``; the same as mmpretrain's ``MultiheadAttention`` on
    (B*T, N, C)), or multi-query attention (Shazeer 2019) with all query heads
    sharing one key/value head, as JAX ``MultiQueryAttention`` (keys ``q``,
    ``kv``, ``proj``); no library has the latter for token sequences, so both
    live here, computed with ``F.scaled_dot_product_attention``.

    Args:
        embed_dims (int): Channels C.
        num_heads (int): Query heads.
        multi_query (bool): One shared key/value head. Defaults to False.
        qkv_bias (bool): Bias of the q/k/v projections. Defaults to True.
        attn_drop (float): Dropout on the attention weights. Defaults to 0.
        proj_drop (float): Dropout after the output projection.
            Defaults to 0.
    """

    def __init__(self,
                 embed_dims: int,
                 num_heads: int,
                 multi_query: bool = False,
                 qkv_bias: bool = True,
                 attn_drop: float = 0.,
                 proj_drop: float = 0.) -> None:
        super().__init__()
        assert embed_dims % num_heads == 0, \
            f'embed_dims {embed_dims} must be divisible by {num_heads} heads'
        self.num_heads = num_heads
        self.head_dims = embed_dims // num_heads
        self.multi_query = multi_query
        if multi_query:
            self.q = nn.Linear(embed_dims, embed_dims, bias=qkv_bias)
            self.kv = nn.Linear(embed_dims, 2 * self.head_dims, bias=qkv_bias)
        else:
            self.qkv = nn.Linear(embed_dims, 3 * embed_dims, bias=qkv_bias)
        self.attn_drop = attn_drop
        self.proj = nn.Linear(embed_dims, embed_dims)
        self.proj_drop = nn.Dropout(proj_drop)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        B, T, N, C = x.shape
        H, d = self.num_heads, self.head_dims
        x = x.reshape(B * T, N, C)
        if self.multi_query:
            q = self.q(x).reshape(B * T, N, H, d).transpose(1, 2)
            k, v = self.kv(x).unsqueeze(1).chunk(2, dim=-1)  # (BT, 1, N, d)
            k, v = k.expand(-1, H, -1, -1), v.expand(-1, H, -1, -1)
        else:
            qkv = self.qkv(x).reshape(B * T, N, 3, H, d).permute(2, 0, 3, 1, 4)
            q, k, v = qkv.unbind(0)  # (BT, H, N, d) each
        x = F.scaled_dot_product_attention(
            q, k, v, dropout_p=self.attn_drop if self.training else 0.)
        x = x.transpose(1, 2).reshape(B, T, N, C)  # (BT, H, N, d) -> (B,T,N,C)
        return self.proj_drop(self.proj(x))


class NesTLayer(nn.Module):
    """Pre-norm transformer layer over blocks (JAX ``EncoderNDBlock``).

    ``x + DropPath(Attn(LN(x)))`` then ``x + DropPath(MLP(LN(x)))`` on
    (B, T, N, C), with timm's ``Mlp`` and ``DropPath``.

    Args:
        embed_dims (int): Channels.
        num_heads (int): Attention heads.
        mlp_ratio (float): MLP hidden ratio. Defaults to 4.
        multi_query (bool): Multi-query attention. Defaults to False.
        qkv_bias (bool): Defaults to True.
        drop_rate (float): Dropout after the projections. Defaults to 0.
        attn_drop_rate (float): Attention dropout. Defaults to 0.
        drop_path_rate (float): Stochastic depth. Defaults to 0.
        norm_cfg (dict): Defaults to ``dict(type='LN', eps=1e-6)``.
    """

    def __init__(self,
                 embed_dims: int,
                 num_heads: int,
                 mlp_ratio: float = 4.,
                 multi_query: bool = False,
                 qkv_bias: bool = True,
                 drop_rate: float = 0.,
                 attn_drop_rate: float = 0.,
                 drop_path_rate: float = 0.,
                 norm_cfg: dict = dict(type='LN', eps=1e-6)) -> None:
        super().__init__()
        self.norm1 = build_norm_layer(norm_cfg, embed_dims)[1]
        self.attn = BlockAttention(embed_dims, num_heads, multi_query,
                                   qkv_bias, attn_drop_rate, drop_rate)
        self.norm2 = build_norm_layer(norm_cfg, embed_dims)[1]
        self.mlp = Mlp(embed_dims, int(embed_dims * mlp_ratio),
                       act_layer=nn.GELU, drop=drop_rate)
        self.drop_path = DropPath(
            drop_path_rate) if drop_path_rate > 0 else nn.Identity()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.drop_path(self.attn(self.norm1(x)))
        return x + self.drop_path(self.mlp(self.norm2(x)))


class BlockAggregation(nn.Module):
    """Block aggregation between levels (JAX ``ConvPool``).

    On the image plane: Conv 3x3 (bias) -> LayerNorm over channels -> max-pool
    3x3 stride 2. ``padding='same'`` is TF SAME as the JAX code: for the 3x3
    stride-1 conv that is 1 on every side, for the 3x3 stride-2 pool it is
    computed per input size (an even side pads 0 before and 1 after, an odd
    side 1 and 1) with -inf values (timm ``MaxPool2dSame``).
    ``padding='symmetric'`` pads 1 everywhere (timm's non-``_jx`` models).
    Both give ceil(H/2) x ceil(W/2) outputs.

    Args:
        in_channels (int): Input channels.
        out_channels (int): Output channels.
        padding (str): 'same' or 'symmetric'. Defaults to 'same'.
        norm_eps (float): LayerNorm eps. Defaults to 1e-6.
    """

    def __init__(self,
                 in_channels: int,
                 out_channels: int,
                 padding: str = 'same',
                 norm_eps: float = 1e-6) -> None:
        super().__init__()
        assert padding in ('same', 'symmetric'), \
            f"padding must be 'same' or 'symmetric', got {padding!r}"
        self.conv = nn.Conv2d(in_channels, out_channels, 3, padding=1)
        self.norm = LayerNorm2d(out_channels, eps=norm_eps)
        self.pool = create_pool2d(
            'max', kernel_size=3, stride=2,
            padding='same' if padding == 'same' else '')

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(B, C_in, H, W) -> (B, C_out, ceil(H/2), ceil(W/2))."""
        return self.pool(self.norm(self.conv(x)))


class NesTLevel(BaseModule):
    """One hierarchy level: [aggregation], blockify, + pos, layers.

    Args:
        num_blocks_side (int): Blocks per side, 2^(L-1-i).
        block_shape (tuple[int, int]): Block size (tokens) at the built
            ``img_size``; the position embedding is (1, T, bh*bw, C).
        embed_dims (int): Channels of this level.
        depth (int): Transformer layers.
        in_channels (int, optional): Channels of the previous level; None for
            the first level (no aggregation).
        padding (str): Aggregation padding. Defaults to 'same'.
        layer_cfg (dict): Keyword arguments of :class:`NesTLayer` except the
            drop-path rates.
        drop_path_rates (Sequence[float]): One rate per layer.
        with_cp (bool): Gradient checkpointing per layer. Defaults to False.
        interpolate_mode (str): Pos-embed resize mode. Defaults to 'bicubic'.
    """

    def __init__(self,
                 num_blocks_side: int,
                 block_shape: Size2,
                 embed_dims: int,
                 depth: int,
                 in_channels: Optional[int] = None,
                 padding: str = 'same',
                 layer_cfg: dict = dict(),
                 drop_path_rates: Sequence[float] = (),
                 with_cp: bool = False,
                 interpolate_mode: str = 'bicubic') -> None:
        super().__init__()
        self.grid_shape = (num_blocks_side, num_blocks_side)
        self.block_shape = tuple(block_shape)
        self.with_cp = with_cp
        self.interpolate_mode = interpolate_mode
        self.pos_embed = nn.Parameter(
            torch.zeros(1, num_blocks_side**2, block_shape[0] * block_shape[1],
                        embed_dims))
        self.pool = nn.Identity() if in_channels is None else \
            BlockAggregation(in_channels, embed_dims, padding,
                             layer_cfg.get('norm_cfg', {}).get('eps', 1e-6))
        rates = list(drop_path_rates) or [0.] * depth
        self.layers = nn.Sequential(*[
            NesTLayer(embed_dims, drop_path_rate=rates[j], **layer_cfg)
            for j in range(depth)
        ])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(B, C_prev, 2h, 2w) or (B, C, h, w) -> (B, C, h, w)."""
        x = self.pool(x)
        B, C, H, W = x.shape
        gh, gw = self.grid_shape
        block = (H // gh, W // gw)
        x = blockify(x.permute(0, 2, 3, 1), block)  # (B, T, N, C)
        x = x + resize_block_pos_embed(self.pos_embed, self.grid_shape,
                                       self.block_shape, block,
                                       self.interpolate_mode)
        for layer in self.layers:
            if self.with_cp and x.requires_grad:
                x = cp.checkpoint(layer, x, use_reentrant=False)
            else:
                x = layer(x)
        x = deblockify(x, self.grid_shape, block)  # (B, H, W, C)
        return x.permute(0, 3, 1, 2)


@MODELS.register_module()
class NesT(BaseBackbone):
    """NesT backbone (Nested Hierarchical Transformer).

    The image is embedded in ``patch_size`` patches and cut into
    4^(L-1) blocks; level i runs transformer layers inside each of its
    4^(L-1-i) blocks, then a block aggregation (conv 3x3, LayerNorm, max-pool
    3x3/s2) halves the map so that every 2x2 blocks become one block of the
    next level; the last level is a single block. Every level has a learned
    position embedding (1, T_i, N, C_i).

    Input sizes: the input sides must be multiples of
    ``patch_size * 2**(L-1)`` (16 for the 224 models, 8 for the CIFAR ones),
    any other size raises :class:`~mmglm.models.utils.InputSizeError` (a
    ValueError, from ``check_input_size``). Sizes other than
    ``img_size`` keep the block grid and change the block size; the position
    embeddings are then resized on the image plane (``interpolate_mode``),
    both in ``forward`` and when a checkpoint of another size is loaded.

    Args:
        arch (str | dict): A key of ``arch_zoo`` ('tiny', 'small', 'base' for
            224 px, 'cifar-tiny', 'cifar-small', 'cifar-base' for 32 px,
            'test') or a dict with ``embed_dims``, ``num_heads``, ``depths``
            (one entry per level) and optionally ``patch_size``, ``img_size``,
            ``multi_query``. Defaults to 'tiny'.
        img_size (int | tuple, optional): Input size the position embeddings
            are built for. Defaults to the arch's (224 or 32).
        patch_size (int, optional): Patch embedding size (4 at 224, 1 for
            CIFAR). Defaults to the arch's.
        in_channels (int): Defaults to 3.
        padding (str): Block-aggregation padding, 'same' (TF SAME as the JAX
            code, needed by the converted ``nest_*_jx`` weights) or
            'symmetric' (timm's ``nest_*``). Defaults to 'same'.
        out_indices (int | Sequence[int]): Levels whose maps are returned
            (negative indices count from the end). Defaults to -1.
        mlp_ratio (float): Defaults to 4.
        qkv_bias (bool): Defaults to True.
        drop_rate (float): Dropout after projections. Defaults to 0.
        attn_drop_rate (float): Attention dropout. Defaults to 0.
        drop_path_rate (float): Stochastic depth, linear over all layers of
            all levels (as JAX). Defaults to 0.
        norm_cfg (dict): Transformer norm. Defaults to LN with eps 1e-6.
        final_norm (bool): LayerNorm over channels on the last level's map
            (before the classifier's pooling). Defaults to True.
        frozen_stages (int): -1 freezes nothing; k >= 0 freezes the patch
            embedding and levels 0..k-1 (ResNet's convention), which also
            stay in eval mode. Defaults to -1.
        with_cp (bool): Gradient checkpointing. Defaults to False.
        interpolate_mode (str): Pos-embed resize mode. Defaults to 'bicubic'.
        init_cfg (dict | list, optional): Defaults to truncated normal (0.02)
            for Linear/Conv2d with zero bias; the position embeddings get a
            truncated normal (0.02) in :meth:`init_weights`.

    Note:
        NesT has only LayerNorms (no running statistics), so there is no
        ``norm_eval``: freezing is done with ``frozen_stages``. The final
        norm acts on the last level only, as in JAX and timm; earlier levels
        are returned as the transformer layers leave them.
        Paper Table A1 swaps heads and depths (google-research/
        nested-transformer#2); the arch zoo follows the code.

    Examples:
        >>> import torch
        >>> from mmglm.models import NesT
        >>> model = NesT('tiny', out_indices=(0, 1, 2)).eval()
        >>> [tuple(o.shape) for o in model(torch.rand(1, 3, 224, 224))]
        [(1, 96, 56, 56), (1, 192, 28, 28), (1, 384, 14, 14)]
    """
    arch_zoo = {
        **dict.fromkeys(['t', 'tiny'], dict(
            embed_dims=[96, 192, 384], num_heads=[3, 6, 12],
            depths=[2, 2, 8])),
        **dict.fromkeys(['s', 'small'], dict(
            embed_dims=[96, 192, 384], num_heads=[3, 6, 12],
            depths=[2, 2, 20])),
        **dict.fromkeys(['b', 'base'], dict(
            embed_dims=[128, 256, 512], num_heads=[4, 8, 16],
            depths=[2, 2, 20])),
        # JAX nest_{tiny,small,base}_s16_32: 32 px, 1x1 patches, 4 levels of
        # 4x4 blocks, constant width, multi-query attention.
        'cifar-tiny': dict(
            embed_dims=[192] * 4, num_heads=[3] * 4, depths=[3] * 4,
            patch_size=1, img_size=32, multi_query=True),
        'cifar-small': dict(
            embed_dims=[384] * 4, num_heads=[6] * 4, depths=[3] * 4,
            patch_size=1, img_size=32, multi_query=True),
        'cifar-base': dict(
            embed_dims=[768] * 4, num_heads=[12] * 4, depths=[3] * 4,
            patch_size=1, img_size=32, multi_query=True),
        'test': dict(
            embed_dims=[16, 32, 64], num_heads=[2, 4, 8], depths=[1, 1, 1],
            img_size=64),
    }
    essential_keys = {'embed_dims', 'num_heads', 'depths'}

    def __init__(self,
                 arch: Union[str, dict] = 'tiny',
                 img_size: Optional[Union[int, Size2]] = None,
                 patch_size: Optional[int] = None,
                 in_channels: int = 3,
                 padding: str = 'same',
                 out_indices: Union[int, Sequence[int]] = -1,
                 mlp_ratio: float = 4.,
                 qkv_bias: bool = True,
                 drop_rate: float = 0.,
                 attn_drop_rate: float = 0.,
                 drop_path_rate: float = 0.,
                 norm_cfg: dict = dict(type='LN', eps=1e-6),
                 final_norm: bool = True,
                 frozen_stages: int = -1,
                 with_cp: bool = False,
                 interpolate_mode: str = 'bicubic',
                 init_cfg: Optional[Union[dict, list]] = [
                     dict(type='TruncNormal', layer=['Conv2d', 'Linear'],
                          std=.02, bias=0.),
                 ]) -> None:
        super().__init__(init_cfg=init_cfg)
        if isinstance(arch, str):
            arch = arch.lower()
            assert arch in self.arch_zoo, \
                f'Arch {arch} is not in default archs {set(self.arch_zoo)}'
            arch = self.arch_zoo[arch]
        else:
            missing = self.essential_keys - set(arch)
            assert not missing, f'Custom arch needs the keys {missing}'
        arch = dict(arch)
        self.embed_dims = list(arch['embed_dims'])
        self.num_levels = len(self.embed_dims)
        assert len(arch['num_heads']) == len(arch['depths']) == \
            self.num_levels, 'embed_dims, num_heads and depths need one ' \
            'entry per level'
        self.patch_size = patch_size or arch.get('patch_size', 4)
        img_size = img_size or arch.get('img_size', 224)
        self.img_size = (img_size, img_size) if isinstance(
            img_size, int) else tuple(img_size)
        self.size_divisor = self.patch_size * 2**(self.num_levels - 1)
        self._check_size(self.img_size)
        side = 2**(self.num_levels - 1)
        block_shape = (self.img_size[0] // self.size_divisor,
                       self.img_size[1] // self.size_divisor)

        if isinstance(out_indices, int):
            out_indices = [out_indices]
        out_indices = [i % self.num_levels for i in out_indices]
        assert all(0 <= i < self.num_levels for i in out_indices)
        self.out_indices = sorted(out_indices)
        self.frozen_stages = frozen_stages

        self.patch_embed = PatchEmbed(
            in_channels=in_channels,
            embed_dims=self.embed_dims[0],
            conv_type='Conv2d',
            kernel_size=self.patch_size,
            stride=self.patch_size,
            padding=0)
        depths = list(arch['depths'])
        dpr = torch.linspace(0, drop_path_rate, sum(depths)).tolist()
        self.levels = nn.ModuleList()
        for i, depth in enumerate(depths):
            layer_cfg = dict(
                num_heads=arch['num_heads'][i],
                mlp_ratio=mlp_ratio,
                multi_query=arch.get('multi_query', False),
                qkv_bias=qkv_bias,
                drop_rate=drop_rate,
                attn_drop_rate=attn_drop_rate,
                norm_cfg=norm_cfg)
            self.levels.append(
                NesTLevel(
                    num_blocks_side=side // 2**i,
                    block_shape=block_shape,
                    embed_dims=self.embed_dims[i],
                    depth=depth,
                    in_channels=self.embed_dims[i - 1] if i else None,
                    padding=padding,
                    layer_cfg=layer_cfg,
                    drop_path_rates=dpr[sum(depths[:i]):sum(depths[:i + 1])],
                    with_cp=with_cp,
                    interpolate_mode=interpolate_mode))
        self.final_norm = final_norm
        if final_norm:
            self.norm = LayerNorm2d(self.embed_dims[-1], eps=norm_cfg.get(
                'eps', 1e-6))
        self.num_features = self.embed_dims[-1]
        self._register_load_state_dict_pre_hook(self._prepare_pos_embed)
        self._freeze_stages()

    def _check_size(self, hw: Sequence[int]) -> None:
        check_input_size(
            hw,
            divisor=self.size_divisor,
            model='NesT',
            reason=f'{self.num_levels} levels of {self.patch_size}x'
            f'{self.patch_size} patches: the sides must tile into the '
            f'2^k x 2^k block grid of every level, patch_size * '
            f'2**(levels-1) = {self.size_divisor}; a detector needs '
            f'size_divisor={self.size_divisor} in its data_preprocessor')

    def init_weights(self) -> None:
        super().init_weights()
        if (isinstance(self.init_cfg, dict)
                and self.init_cfg.get('type') == 'Pretrained'):
            return
        for level in self.levels:
            trunc_normal_(level.pos_embed, std=.02)

    def _prepare_pos_embed(self, state_dict: dict, prefix: str, *args,
                           **kwargs) -> None:
        """Resize checkpoint position embeddings built for another size."""
        for i, level in enumerate(self.levels):
            key = f'{prefix}levels.{i}.pos_embed'
            if key not in state_dict:
                continue
            ckpt = state_dict[key]
            if ckpt.shape == level.pos_embed.shape:
                continue
            side = math.isqrt(ckpt.shape[2])
            if ckpt.shape[1] != level.pos_embed.shape[1] or \
                    side * side != ckpt.shape[2]:
                raise ValueError(
                    f'{key}: checkpoint shape {tuple(ckpt.shape)} cannot be '
                    f'resized to {tuple(level.pos_embed.shape)} (needs the '
                    'same number of levels and square blocks)')
            state_dict[key] = resize_block_pos_embed(
                ckpt, level.grid_shape, (side, side), level.block_shape,
                level.interpolate_mode)
            MMLogger.get_current_instance().info(
                f'Resized {key} from {tuple(ckpt.shape)} to '
                f'{tuple(level.pos_embed.shape)}')

    def _freeze_stages(self) -> None:
        if self.frozen_stages < 0:
            return
        modules = [self.patch_embed] + list(
            self.levels[:self.frozen_stages])
        if self.final_norm and self.frozen_stages >= self.num_levels:
            modules.append(self.norm)
        for m in modules:
            m.eval()
            for param in m.parameters():
                param.requires_grad = False

    def train(self, mode: bool = True) -> 'NesT':
        super().train(mode)
        self._freeze_stages()
        return self

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, ...]:
        """(B, 3, H, W) -> maps (B, C_i, H/(p*2^i), W/(p*2^i)) of out_indices.
        """
        self._check_size(x.shape[-2:])
        x, hw = self.patch_embed(x)  # (B, N, C)
        x = x.transpose(1, 2).reshape(x.shape[0], -1, *hw)  # (B, C, H, W)
        outs = []
        for i, level in enumerate(self.levels):
            x = level(x)  # (B, C_i, H_i, W_i)
            if i in self.out_indices:
                out = x
                if i == self.num_levels - 1 and self.final_norm:
                    out = self.norm(x)
                outs.append(out)
        return tuple(outs)
