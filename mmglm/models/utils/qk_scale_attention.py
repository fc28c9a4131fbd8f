# Copyright (c) mmglm contributors. All rights reserved.
"""Multi-head self-attention that honours an explicit ``qk_scale``.

Why not mmpretrain's ``MultiheadAttention``: in mmpretrain 1.2.0 (since
open-mmlab/mmpretrain#1434) a module built with ``qk_scale`` ignores the value
and calls ``scaled_dot_product_attention_pyimpl(scale=head_dims**-0.5)``,
which *divides* the logits by that scale, i.e. multiplies them by
``sqrt(head_dims)`` (configs/t2t_vit/README.md gives the measured error).
Every
``T2TTransformerLayer`` passes ``qk_scale``, so mmpretrain's ``T2T_ViT`` is
mis-scaled. This module keeps mmpretrain's argument names and state-dict keys
(``qkv``, ``proj``) so that weights move across unchanged, and computes
``softmax(q k^T * qk_scale) v`` with ``F.scaled_dot_product_attention``.
"""
from typing import Optional

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmcv.cnn.bricks.drop import build_dropout
from mmengine.model import BaseModule


class QKScaleMultiheadAttention(BaseModule):
    """Multi-head self-attention with a correct ``qk_scale`` override.

    Same interface and keys as :class:`mmpretrain.models.utils.
    MultiheadAttention` (without layer scale). ``input_dims`` may differ from
    ``embed_dims``; with ``v_shortcut=True`` (one head) the value is added to
    the output instead of the input, as the token transformer of T2T-ViT
    (`arXiv:2101.11986 <https://arxiv.org/abs/2101.11986>`_) does.

    Args:
        embed_dims (int): Width of q, k, v and of the output.
        num_heads (int): Number of heads.
        input_dims (int, optional): Width of the input tokens; defaults to
            ``embed_dims``.
        attn_drop (float): Dropout on the attention weights. Defaults to 0.
        proj_drop (float): Dropout after the output projection.
            Defaults to 0.
        dropout_layer (dict): Dropout (e.g. DropPath) before the caller's
            residual. Defaults to ``dict(type='Dropout', drop_prob=0.)``.
        qkv_bias (bool): Bias in the qkv projection. Defaults to True.
        qk_scale (float, optional): Logit scale; ``None`` means
            ``(embed_dims // num_heads) ** -0.5``. Defaults to None.
        proj_bias (bool): Bias in the output projection. Defaults to True.
        v_shortcut (bool): Return ``v + out`` (needs ``num_heads == 1``).
            Defaults to False.
        init_cfg (dict, optional): Initialization config. Defaults to None.

    Shapes:
        x: (B, N, input_dims) -> (B, N, embed_dims).
    """

    def __init__(self,
                 embed_dims: int,
                 num_heads: int,
                 input_dims: Optional[int] = None,
                 attn_drop: float = 0.,
                 proj_drop: float = 0.,
                 dropout_layer: dict = dict(type='Dropout', drop_prob=0.),
                 qkv_bias: bool = True,
                 qk_scale: Optional[float] = None,
                 proj_bias: bool = True,
                 v_shortcut: bool = False,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        if v_shortcut and num_heads != 1:
            raise ValueError('v_shortcut needs num_heads == 1')
        self.input_dims = input_dims or embed_dims
        self.embed_dims = embed_dims
        self.num_heads = num_heads
        self.head_dims = embed_dims // num_heads
        self.scale = self.head_dims**-0.5 if qk_scale is None else qk_scale
        self.v_shortcut = v_shortcut

        self.qkv = nn.Linear(self.input_dims, embed_dims * 3, bias=qkv_bias)
        self.attn_drop = attn_drop
        self.proj = nn.Linear(embed_dims, embed_dims, bias=proj_bias)
        self.proj_drop = nn.Dropout(proj_drop)
        self.out_drop = build_dropout(dropout_layer)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        B, N, _ = x.shape
        # (B, N, 3 * E) -> (B, N, 3, heads, E / heads) -> (3, B, heads, N, d)
        qkv = self.qkv(x).reshape(B, N, 3, self.num_heads,
                                  self.head_dims).permute(2, 0, 3, 1, 4)
        q, k, v = qkv.unbind(0)
        x = F.scaled_dot_product_attention(
            q,
            k,
            v,
            dropout_p=self.attn_drop if self.training else 0.,
            scale=self.scale)
        # (B, heads, N, d) -> (B, N, heads * d)
        x = x.transpose(1, 2).reshape(B, N, self.embed_dims)
        x = self.out_drop(self.proj_drop(self.proj(x)))
        if self.v_shortcut:
            # one head: (B, 1, N, E) -> (B, N, E)
            x = v.squeeze(1) + x
        return x

    def extra_repr(self) -> str:
        return (f'input_dims={self.input_dims}, embed_dims={self.embed_dims}, '
                f'num_heads={self.num_heads}, scale={self.scale:.6g}')
