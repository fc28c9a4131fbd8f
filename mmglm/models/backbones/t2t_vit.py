# Copyright (c) mmglm contributors. All rights reserved.
"""T2T-ViT: Tokens-to-Token Vision Transformer.

Yuan et al., "Tokens-to-Token ViT: Training Vision Transformers from Scratch
on ImageNet", ICCV 2021,
`arXiv:2101.11986 <https://arxiv.org/abs/2101.11986>`_; official code
yitu-opensource/T2T-ViT.

Relation to mmpretrain 1.2.0's ``T2T_ViT``: same state-dict layout (its
checkpoints load unchanged), but every attention here uses
:class:`QKScaleMultiheadAttention`, because mmpretrain's ``MultiheadAttention``
multiplies the logits by ``sqrt(head_dims)`` whenever ``qk_scale`` is given
(which its ``T2TTransformerLayer`` always does). mmpretrain also lacks the
Performer T2T module (models without ``_t``), implemented here.
"""
from typing import Optional, Sequence, Tuple, Union

import numpy as np
import torch
import torch.nn as nn
from mmcv.cnn import build_norm_layer
from mmcv.cnn.bricks.transformer import FFN
from mmengine.logging import MMLogger
from mmengine.model import BaseModule, ModuleList
from mmengine.model.weight_init import trunc_normal_
from mmpretrain.models.backbones.base_backbone import BaseBackbone
from mmpretrain.models.backbones.t2t_vit import get_sinusoid_encoding

from mmglm.registry import MODELS
from ..utils.performer_attention import PerformerAttention
from ..utils.pos_embed_resize import resize_pos_embed
from ..utils.qk_scale_attention import QKScaleMultiheadAttention


class T2TTransformerLayer(BaseModule):
    """Pre-norm transformer layer of T2T-ViT (token transformer or block).

    With ``input_dims`` set (the token transformer), the attention maps
    ``input_dims`` to ``embed_dims`` with one head and a value skip
    (``x = v + attn``); otherwise it is a standard ViT block
    (``x = x + attn``). Then ``x = x + FFN(LN(x))``. Keys as mmpretrain's
    ``T2TTransformerLayer``: ``ln1``, ``attn.{qkv,proj}``, ``ln2``,
    ``ffn.layers.{0.0,1}``.

    Args:
        embed_dims (int): Output width.
        num_heads (int): Attention heads (1 with ``input_dims``).
        feedforward_channels (int): FFN hidden width.
        input_dims (int, optional): Input width of the token transformer.
            Defaults to None (a block, input width ``embed_dims``).
        drop_rate (float): Dropout after projections. Defaults to 0.
        attn_drop_rate (float): Dropout on attention weights. Defaults to 0.
        drop_path_rate (float): Stochastic depth. Defaults to 0.
        qkv_bias (bool): Bias in qkv. Defaults to False (official).
        qk_scale (float, optional): Logit scale. ``None`` gives the official
            default ``(input_dims // num_heads) ** -0.5``; note the *input*
            width for the token transformer (147 ** -0.5 for the first one).
            Defaults to None.
        act_cfg (dict): FFN activation. Defaults to ``dict(type='GELU')``.
        norm_cfg (dict): Norm layers. Defaults to ``dict(type='LN')``.
        init_cfg (dict, optional): Initialization config. Defaults to None.

    Shapes:
        x: (B, N, input_dims or embed_dims) -> (B, N, embed_dims).
    """

    def __init__(self,
                 embed_dims: int,
                 num_heads: int,
                 feedforward_channels: int,
                 input_dims: Optional[int] = None,
                 drop_rate: float = 0.,
                 attn_drop_rate: float = 0.,
                 drop_path_rate: float = 0.,
                 qkv_bias: bool = False,
                 qk_scale: Optional[float] = None,
                 act_cfg: dict = dict(type='GELU'),
                 norm_cfg: dict = dict(type='LN'),
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.v_shortcut = input_dims is not None
        input_dims = input_dims or embed_dims
        if qk_scale is None:
            qk_scale = (input_dims // num_heads)**-0.5
        self.ln1 = build_norm_layer(norm_cfg, input_dims)[1]
        self.attn = QKScaleMultiheadAttention(
            embed_dims=embed_dims,
            num_heads=num_heads,
            input_dims=input_dims,
            attn_drop=attn_drop_rate,
            proj_drop=drop_rate,
            dropout_layer=dict(type='DropPath', drop_prob=drop_path_rate),
            qkv_bias=qkv_bias,
            qk_scale=qk_scale,
            v_shortcut=self.v_shortcut)
        self.ln2 = build_norm_layer(norm_cfg, embed_dims)[1]
        self.ffn = FFN(
            embed_dims=embed_dims,
            feedforward_channels=feedforward_channels,
            num_fcs=2,
            ffn_drop=drop_rate,
            dropout_layer=dict(type='DropPath', drop_prob=drop_path_rate),
            act_cfg=act_cfg)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.v_shortcut:
            x = self.attn(self.ln1(x))
        else:
            x = x + self.attn(self.ln1(x))
        return self.ffn(self.ln2(x), identity=x)


class TokenPerformerLayer(BaseModule):
    """Token performer of T2T-ViT: Performer attention + FFN.

    ``x = PerformerAttention(LN(x))`` (value skip, ``input_dims`` ->
    ``embed_dims``), then ``x = x + Dropout(FFN(LN(x)))``. The official MLP is
    Linear -> GELU -> Linear -> Dropout(0.1); here it is mmcv's ``FFN`` with no
    inner dropout and the 0.1 dropout as its ``dropout_layer``, which is the
    same computation. Keys: ``ln1``, ``attn.{kqv,proj,w}``, ``ln2``,
    ``ffn.layers.{0.0,1}``.

    Args:
        input_dims (int): Input width (3*7*7 or token_dims*3*3).
        embed_dims (int): Output width (``token_dims``).
        kernel_ratio (float): Random features per width. Defaults to 0.5.
        drop_rate (float): Dropout after the attention projection and the
            FFN (official ``dp1 = dp2 = 0.1``). Defaults to 0.1.
        act_cfg (dict): FFN activation. Defaults to ``dict(type='GELU')``.
        norm_cfg (dict): Norm layers. Defaults to ``dict(type='LN')``.
        init_cfg (dict, optional): Initialization config. Defaults to None.

    Shapes:
        x: (B, T, input_dims) -> (B, T, embed_dims).
    """

    def __init__(self,
                 input_dims: int,
                 embed_dims: int,
                 kernel_ratio: float = 0.5,
                 drop_rate: float = 0.1,
                 act_cfg: dict = dict(type='GELU'),
                 norm_cfg: dict = dict(type='LN'),
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.ln1 = build_norm_layer(norm_cfg, input_dims)[1]
        self.attn = PerformerAttention(
            input_dims=input_dims,
            embed_dims=embed_dims,
            kernel_ratio=kernel_ratio,
            proj_drop=drop_rate)
        self.ln2 = build_norm_layer(norm_cfg, embed_dims)[1]
        self.ffn = FFN(
            embed_dims=embed_dims,
            feedforward_channels=embed_dims,
            num_fcs=2,
            ffn_drop=0.,
            dropout_layer=dict(type='Dropout', drop_prob=drop_rate),
            act_cfg=act_cfg)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.attn(self.ln1(x))
        return self.ffn(self.ln2(x), identity=x)


class T2TModule(BaseModule):
    """Tokens-to-Token module: soft split, re-structurise, twice.

    At 224 px: unfold 7x7/4 -> 3136 x 147 tokens -> token layer -> 56x56x64
    -> unfold 3x3/2 -> 784 x 576 -> token layer -> 28x28x64 -> unfold 3x3/2
    -> 196 x 576 -> Linear -> 196 x embed_dims. Unfold channel order is
    (c, kh, kw), c slowest, as ``nn.Unfold`` (and the official code).

    Args:
        in_channels (int): Image channels. Defaults to 3.
        embed_dims (int): Output token width. Defaults to 384.
        token_dims (int): Width inside the module. Defaults to 64.
        t2t_type (str): ``'transformer'`` (``_t`` models) or
            ``'performer'``. Defaults to ``'transformer'``.
        norm_cfg (dict): Norm layers. Defaults to ``dict(type='LN')``.
        init_cfg (dict, optional): Initialization config. Defaults to None.

    Shapes:
        x: (B, in_channels, H, W) -> tokens (B, H/16 * W/16, embed_dims) and
        the grid (H/16, W/16) (ceil-rounded per unfold).
    """

    def __init__(self,
                 in_channels: int = 3,
                 embed_dims: int = 384,
                 token_dims: int = 64,
                 t2t_type: str = 'transformer',
                 norm_cfg: dict = dict(type='LN'),
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.soft_split0 = nn.Unfold(kernel_size=7, stride=4, padding=2)
        self.soft_split1 = nn.Unfold(kernel_size=3, stride=2, padding=1)
        self.soft_split2 = nn.Unfold(kernel_size=3, stride=2, padding=1)
        dims = (in_channels * 7 * 7, token_dims * 3 * 3)
        if t2t_type == 'transformer':
            self.attention1, self.attention2 = (
                T2TTransformerLayer(
                    embed_dims=token_dims,
                    num_heads=1,
                    feedforward_channels=token_dims,
                    input_dims=d,
                    norm_cfg=norm_cfg) for d in dims)
        elif t2t_type == 'performer':
            self.attention1, self.attention2 = (
                TokenPerformerLayer(
                    input_dims=d, embed_dims=token_dims, norm_cfg=norm_cfg)
                for d in dims)
        else:
            raise ValueError(f'unknown t2t_type {t2t_type!r}')
        self.project = nn.Linear(token_dims * 3 * 3, embed_dims)

    @staticmethod
    def _unfold_size(unfold: nn.Unfold,
                     hw: Tuple[int, int]) -> Tuple[int, int]:
        k, s, p = unfold.kernel_size, unfold.stride, unfold.padding
        return tuple((n + 2 * p - k) // s + 1 for n in hw)

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, tuple]:
        hw = self._unfold_size(self.soft_split0, x.shape[2:])
        # (B, C*7*7, L) -> (B, L, C*7*7)
        x = self.soft_split0(x).transpose(1, 2)
        for step in (1, 2):
            x = getattr(self, f'attention{step}')(x)  # (B, L, token_dims)
            # (B, L, C') -> (B, C', h, w)
            x = x.transpose(1, 2).reshape(x.shape[0], -1, *hw)
            split = getattr(self, f'soft_split{step}')
            hw = self._unfold_size(split, hw)
            x = split(x).transpose(1, 2)  # (B, L', C'*3*3)
        return self.project(x), hw


@MODELS.register_module()
class T2TViT(BaseBackbone):
    """Tokens-to-Token ViT backbone.

    A `Tokens-to-Token ViT <https://arxiv.org/abs/2101.11986>`_: the T2T module
    (:class:`T2TModule`), a cls token, the fixed sinusoid position table
    (a persistent buffer ``pos_embed``), ``num_layers`` pre-norm blocks without
    qkv bias, and a final LayerNorm.

    Args:
        arch (str | dict): A key of ``arch_zoo`` (``'7'``, ``'10'``, ``'12'``,
            ``'14'``, ``'19'``, ``'24'`` use the Performer T2T module;
            ``'t-14'``, ``'t-19'``, ``'t-24'`` the transformer one; ``'tiny'``
            is for tests) or a dict with the keys ``embed_dims``,
            ``num_layers``, ``num_heads``, ``feedforward_channels``,
            ``t2t_type`` and optionally ``token_dims`` (default 64).
            Defaults to ``'t-14'``.
        img_size (int): Training image size; fixes the position table
            (other sizes are resized on the fly). Defaults to 224.
        in_channels (int): Image channels. Defaults to 3.
        qk_scale (float, optional): Logit scale of the blocks. ``None`` is
            ``head_dims ** -0.5``; the released official checkpoints need
            ``embed_dims ** -0.5`` (their factories set it when
            ``pretrained=True``, yitu-opensource/T2T-ViT#62). The T2T module
            always uses ``input_dims ** -0.5``. Defaults to None.
        out_indices (int | Sequence[int]): Blocks to output. Defaults to -1.
        drop_rate (float): Dropout after the position embedding and in the
            blocks. Defaults to 0.
        attn_drop_rate (float): Dropout on attention weights. Defaults to 0.
        drop_path_rate (float): Stochastic depth, linear over the blocks.
            Defaults to 0.
        norm_cfg (dict): Norm layers. Defaults to ``dict(type='LN')``.
        final_norm (bool): LayerNorm after the last block. Defaults to True.
        out_type (str): ``'cls_token'`` (B, C), ``'featmap'`` (B, C, H, W),
            ``'avg_featmap'`` (B, C) or ``'raw'`` (B, 1 + H*W, C), as in
            mmpretrain. Defaults to ``'cls_token'``.
        interpolate_mode (str): Kernel to resize the position table for other
            input sizes or checkpoints (official: bicubic).
            Defaults to ``'bicubic'``.
        frozen_stages (int): As mmpretrain's ``VisionTransformer``: ``0``
            freezes the T2T module and the cls token, ``i > 0`` also the
            first ``i`` blocks (and the final norm when ``i`` is
            ``num_layers``); frozen parts stay in eval mode. Defaults to -1
            (nothing frozen).
        init_cfg (dict | list, optional): Initialization; defaults to the
            official trunc-normal(0.02) Linear / unit LayerNorm init.

    Shapes:
        x: (B, in_channels, H, W) with H, W multiples of 16 for the default
        grid -> tuple of outputs (see ``out_type``), grid (H/16, W/16).
    """
    arch_zoo = {
        **{
            str(depth): dict(
                embed_dims=256,
                num_layers=depth,
                num_heads=4,
                feedforward_channels=512,
                t2t_type='performer')
            for depth in (7, 10, 12)
        },
        **{
            f'{prefix}{depth}': dict(
                embed_dims=dims,
                num_layers=depth,
                num_heads=heads,
                feedforward_channels=3 * dims,
                t2t_type=t2t_type)
            for depth, dims, heads in ((14, 384, 6), (19, 448, 7),
                                       (24, 512, 8))
            for prefix, t2t_type in (('', 'performer'), ('t-',
                                                         'transformer'))
        },
        'tiny':
        dict(
            embed_dims=32,
            num_layers=2,
            num_heads=2,
            feedforward_channels=64,
            t2t_type='performer',
            token_dims=16),
    }
    OUT_TYPES = {'raw', 'cls_token', 'featmap', 'avg_featmap'}
    num_extra_tokens = 1

    def __init__(self,
                 arch: Union[str, dict] = 't-14',
                 img_size: int = 224,
                 in_channels: int = 3,
                 qk_scale: Optional[float] = None,
                 out_indices: Union[int, Sequence[int]] = -1,
                 drop_rate: float = 0.,
                 attn_drop_rate: float = 0.,
                 drop_path_rate: float = 0.,
                 norm_cfg: dict = dict(type='LN'),
                 final_norm: bool = True,
                 out_type: str = 'cls_token',
                 interpolate_mode: str = 'bicubic',
                 frozen_stages: int = -1,
                 init_cfg: Optional[Union[dict, list]] = [
                     dict(type='TruncNormal', layer='Linear', std=.02),
                     dict(type='Constant', layer='LayerNorm', val=1., bias=0.)
                 ]) -> None:
        super().__init__(init_cfg=init_cfg)
        if isinstance(arch, str):
            assert arch in self.arch_zoo, \
                f'arch {arch!r} not in {sorted(self.arch_zoo)}'
            arch = self.arch_zoo[arch]
        essential = {'embed_dims', 'num_layers', 'num_heads',
                     'feedforward_channels', 't2t_type'}
        assert isinstance(arch, dict) and essential <= set(arch), \
            f'a custom arch needs the keys {essential}'
        self.arch_settings = arch
        self.embed_dims = arch['embed_dims']
        self.num_layers = arch['num_layers']
        if out_type not in self.OUT_TYPES:
            raise ValueError(f'out_type {out_type!r} not in {self.OUT_TYPES}')
        self.out_type = out_type

        self.tokens_to_token = T2TModule(
            in_channels=in_channels,
            embed_dims=self.embed_dims,
            token_dims=arch.get('token_dims', 64),
            t2t_type=arch['t2t_type'],
            norm_cfg=norm_cfg)
        side = img_size // 16  # three soft splits of stride 4, 2, 2
        self.patch_resolution = (side, side)

        self.cls_token = nn.Parameter(torch.zeros(1, 1, self.embed_dims))
        self.interpolate_mode = interpolate_mode
        self.register_buffer(
            'pos_embed',
            get_sinusoid_encoding(side * side + 1, self.embed_dims))
        self._register_load_state_dict_pre_hook(self._prepare_pos_embed)
        self.drop_after_pos = nn.Dropout(p=drop_rate)

        if isinstance(out_indices, int):
            out_indices = [out_indices]
        self.out_indices = [
            i + self.num_layers if i < 0 else i for i in out_indices
        ]
        assert all(0 <= i < self.num_layers for i in self.out_indices), \
            f'invalid out_indices {out_indices}'

        dpr = np.linspace(0, drop_path_rate, self.num_layers)
        self.encoder = ModuleList([
            T2TTransformerLayer(
                embed_dims=self.embed_dims,
                num_heads=arch['num_heads'],
                feedforward_channels=arch['feedforward_channels'],
                drop_rate=drop_rate,
                attn_drop_rate=attn_drop_rate,
                drop_path_rate=float(dpr[i]),
                qkv_bias=False,
                qk_scale=qk_scale,
                norm_cfg=norm_cfg) for i in range(self.num_layers)
        ])
        self.final_norm = final_norm
        self.norm = (
            build_norm_layer(norm_cfg, self.embed_dims)[1]
            if final_norm else nn.Identity())
        if not -1 <= frozen_stages <= self.num_layers:
            raise ValueError(
                f'frozen_stages must be in [-1, {self.num_layers}] (the '
                f'number of blocks), got {frozen_stages}')
        self.frozen_stages = frozen_stages
        self._freeze_stages()

    def init_weights(self) -> None:
        super().init_weights()
        if (isinstance(self.init_cfg, dict)
                and self.init_cfg.get('type') == 'Pretrained'):
            return
        trunc_normal_(self.cls_token, std=.02)

    def train(self, mode: bool = True) -> 'T2TViT':
        # mmpretrain's BaseBackbone.train returns None; keep nn.Module's
        # contract (``model.eval()`` returns the model).
        super().train(mode)
        self._freeze_stages()
        return self

    def _freeze_stages(self) -> None:
        if self.frozen_stages < 0:
            return
        modules = [self.tokens_to_token, self.drop_after_pos]
        modules += list(self.encoder[:self.frozen_stages])
        if self.frozen_stages == self.num_layers:
            modules.append(self.norm)
        self.cls_token.requires_grad = False
        for m in modules:
            m.eval()
            for param in m.parameters():
                param.requires_grad = False

    def _prepare_pos_embed(self, state_dict: dict, prefix: str, *args,
                           **kwargs) -> None:
        """Resize a checkpoint's position table to this model's grid."""
        name = prefix + 'pos_embed'
        if name not in state_dict or \
                state_dict[name].shape == self.pos_embed.shape:
            return
        src_side = int(
            np.sqrt(state_dict[name].shape[1] - self.num_extra_tokens))
        MMLogger.get_current_instance().info(
            f'Resize pos_embed from {tuple(state_dict[name].shape)} to '
            f'{tuple(self.pos_embed.shape)}.')
        state_dict[name] = resize_pos_embed(
            state_dict[name], (src_side, src_side), self.patch_resolution,
            self.interpolate_mode, self.num_extra_tokens)

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, ...]:
        B = x.shape[0]
        x, hw = self.tokens_to_token(x)  # (B, h*w, C)
        x = torch.cat((self.cls_token.expand(B, -1, -1), x), dim=1)
        x = x + resize_pos_embed(self.pos_embed, self.patch_resolution, hw,
                                 self.interpolate_mode, self.num_extra_tokens)
        x = self.drop_after_pos(x)

        outs = []
        for i, layer in enumerate(self.encoder):
            x = layer(x)
            if i == self.num_layers - 1:
                x = self.norm(x)
            if i in self.out_indices:
                outs.append(self._format_output(x, hw))
        return tuple(outs)

    def _format_output(self, x: torch.Tensor, hw: tuple) -> torch.Tensor:
        if self.out_type == 'raw':
            return x
        if self.out_type == 'cls_token':
            return x[:, 0]
        patch_token = x[:, self.num_extra_tokens:]
        if self.out_type == 'featmap':
            # (B, h*w, C) -> (B, h, w, C) -> (B, C, h, w)
            return patch_token.reshape(x.shape[0], *hw,
                                       -1).permute(0, 3, 1, 2)
        return patch_token.mean(dim=1)  # 'avg_featmap'
