# Copyright (c) mmglm contributors. All rights reserved.
"""All-to-all multi-head self-attention with 2-D relative position logits.

The MHSA of the BoT block in `Bottleneck Transformers for Visual Recognition
<https://arxiv.org/abs/2101.11605>`_ (Srinivas et al., CVPR 2021), after the
official gist
(https://gist.github.com/aravindsrinivas/56359b79f0ce4449bcb04ab4b56a57a2) and
timm's ``timm/layers/bottleneck_attn.py``.

:class:`BottleneckMHSA` subclasses timm's ``BottleneckAttn`` and keeps its
parameters and their layout (``qkv.weight`` split as ``[q | k | v]`` with the
head as the outer channel index, ``pos_embed.height_rel`` /
``pos_embed.width_rel``), so timm checkpoints load unchanged. What differs:

- ``forward`` is rewritten to be faster on CPU (measured in
  ``configs/botnet/README.md``): the relative logits are gathered from one matmul of the
  queries with both tables instead of timm's pad/reshape trick followed by
  expand + permute copies, the content logits are added onto them inside one
  ``baddbmm`` and the output is produced directly in channel-first layout.
- Feature maps of another size than the one the tables were built for raise a
  clear ``ValueError``, or, with ``dynamic_size=True``, the tables are
  interpolated to the new size (as ViTDet / SAM do for their relative tables),
  which detection with variable input sizes needs.
- Checkpoints with tables of another size are resized when loaded.
- The 2x2 average pool of a strided block uses ``ceil_mode=True`` so that odd
  feature maps (e.g. 7x7 at a 112 px input) match the strided 1x1 projection
  shortcut; for even sizes it equals timm's pool.
- ``pos_embed='absolute'`` gives the MHSA of the widely copied PyTorch port
  (leaderj1001/BottleneckTransformers, the code of the seed's CNN/Transformer
  hybrids article) instead: factorised absolute position embeddings and
  content-position logits (see :class:`PosEmbedAbs`); with ``qkv_bias=True``
  and ``qk_scale=1.0`` it is that code's forward.
"""
from typing import Optional, Sequence, Tuple, Union

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.logging import MMLogger
from timm.layers.bottleneck_attn import BottleneckAttn

__all__ = [
    'BottleneckMHSA', 'PosEmbedAbs', 'resize_rel_pos_table',
    'rel_pos_logits_2d'
]


def resize_rel_pos_table(table: torch.Tensor, length: int) -> torch.Tensor:
    """Linearly interpolate a 1-D relative position table to ``length`` rows.

    Args:
        table (torch.Tensor): (2L-1, C) embeddings of the offsets -(L-1)..L-1.
        length (int): Number of rows wanted, 2L'-1 for a new size L'.

    Returns:
        torch.Tensor: (length, C). The offset-0 row stays in the middle.
    """
    if table.shape[0] == length:
        return table
    # (2L-1, C) -> (1, C, 2L-1) -> (1, C, length) -> (length, C)
    out = F.interpolate(
        table.t().unsqueeze(0), size=length, mode='linear',
        align_corners=False)
    return out.squeeze(0).t()


def rel_pos_logits_2d(q: torch.Tensor, height_rel: torch.Tensor,
                      width_rel: torch.Tensor, height: int,
                      width: int) -> torch.Tensor:
    """2-D relative position logits ``q_i . r_h[hj-hi] + q_i . r_w[wj-wi]``.

    Args:
        q (torch.Tensor): (N, H*W, C) queries in row-major spatial order.
        height_rel (torch.Tensor): (2H-1, C) table of vertical offsets.
        width_rel (torch.Tensor): (2W-1, C) table of horizontal offsets.
        height (int): H.
        width (int): W.

    Returns:
        torch.Tensor: (N, H*W, H*W) logits, query index first.
    """
    n, length, _ = q.shape
    # One matmul against both tables: (N, HW, C) @ (C, 2H-1 + 2W-1).
    rel = q @ torch.cat([height_rel, width_rel]).t()
    rel = rel.view(n, height, width, -1)  # (N, H, W, 2H-1 + 2W-1)
    rel_h, rel_w = rel.split([2 * height - 1, 2 * width - 1], dim=-1)
    # Relative -> absolute key index: column j - i + (size - 1) of row i.
    ar_h = torch.arange(height, device=q.device)
    ar_w = torch.arange(width, device=q.device)
    idx_h = ar_h[None, :] - ar_h[:, None] + height - 1  # (H_q, H_k)
    idx_w = ar_w[None, :] - ar_w[:, None] + width - 1  # (W_q, W_k)
    # (N, H_q, W_q, H_k) and (N, H_q, W_q, W_k)
    logits_h = torch.take_along_dim(rel_h, idx_h[None, :, None, :], dim=-1)
    logits_w = torch.take_along_dim(rel_w, idx_w[None, None, :, :], dim=-1)
    # (N, H_q, W_q, H_k, 1) + (N, H_q, W_q, 1, W_k) -> (N, HW, HW)
    logits = logits_h.unsqueeze(-1) + logits_w.unsqueeze(-2)
    return logits.view(n, length, length)


class PosEmbedAbs(nn.Module):
    """Factorised absolute position embeddings of the seed's BoT MHSA.

    ``r[c, y, x] = emb_h[c, y] + emb_w[c, x]``, one value per channel of the
    queries (the head is the outer channel index, as for q). The seed's code
    (x as ``(n, C, width, height)``) names them the other way round: its
    ``rel_w`` of shape (1, C, W, 1) is ``emb_h`` here and its ``rel_h``
    (1, C, 1, H) is ``emb_w``. Initialised N(0, 1) as the seed's
    ``torch.randn``.

    Args:
        feat_size (Sequence[int]): (H, W) of the feature map.
        channels (int): Query channels (heads x head_dims).
    """

    def __init__(self, feat_size: Sequence[int], channels: int) -> None:
        super().__init__()
        self.height, self.width = feat_size
        self.emb_h = nn.Parameter(torch.randn(1, channels, self.height, 1))
        self.emb_w = nn.Parameter(torch.randn(1, channels, 1, self.width))

    def embedding(self, height: int, width: int) -> torch.Tensor:
        """(C, H*W) embedding, linearly interpolated to another size."""
        emb_h, emb_w = self.emb_h, self.emb_w
        if height != self.height:
            emb_h = F.interpolate(
                emb_h, size=(height, 1), mode='bilinear', align_corners=False)
        if width != self.width:
            emb_w = F.interpolate(
                emb_w, size=(1, width), mode='bilinear', align_corners=False)
        return (emb_h + emb_w).flatten(2)[0]


class BottleneckMHSA(BottleneckAttn):
    """BoT multi-head self-attention over all positions of a feature map.

    For each head, with queries q, keys k, values v (1x1 convs without bias)
    of ``head_dims = out_channels // num_heads`` channels:

    - ``scale_pos_embed=False`` (timm's default):
      ``logits_ij = d**-0.5 * q_i.k_j + q_i.r_h[hj-hi] + q_i.r_w[wj-wi]``
    - ``scale_pos_embed=True`` (the official gist: q is scaled before both
      terms): ``logits_ij = d**-0.5 * (q_i.k_j + q_i.r_h[...] + q_i.r_w[...])``

    - ``pos_embed='absolute'`` (the seed's code): one embedding ``r_p`` per
      position (:class:`PosEmbedAbs`) and
      ``logits_pm = s * q_p.k_m + s' * r_p.q_m``, exactly as that code's
      ``content_content + content_position`` (``(rel_h + rel_w)^T @ q``:
      the embedding of the query position p meets the query vector of
      position m); s, s' as above.

    followed by a softmax over the keys, the weighted sum of the values and,
    for ``stride=2``, a 2x2 average pool. ``qk_scale`` replaces ``d**-0.5``
    (1.0 for the seed's unscaled logits).

    Args:
        in_channels (int): Channels C of the input map.
        feat_size (int | Sequence[int]): (H, W) of the maps the relative
            position tables are built for.
        out_channels (int, optional): Output channels (= value channels).
            Defaults to ``in_channels``.
        num_heads (int): Number of heads. Defaults to 4.
        stride (int): 1, or 2 to average-pool the output 2x2.
            Defaults to 1.
        qkv_bias (bool): Bias in the q/k/v projection (the seed's code has
            one). Defaults to False.
        pos_embed (str): ``'relative'`` (the paper's 2-D relative logits,
            timm's layout) or ``'absolute'`` (the seed's factorised absolute
            embeddings). Defaults to ``'relative'``.
        qk_scale (float, optional): Logit scale; None for ``d**-0.5``.
            Defaults to None.
        scale_pos_embed (bool): Scale the position logits by d**-0.5 too
            (official) or not (timm's default). Defaults to False.
        dynamic_size (bool): Accept other map sizes by interpolating the
            tables or embeddings (otherwise raise a ``ValueError``).
            Defaults to False.
        use_sdpa (bool): Compute the attention with
            ``F.scaled_dot_product_attention``, the position logits passed as
            its additive ``attn_mask``, instead of ``baddbmm`` + softmax +
            ``bmm``. Same result; slower on CPU (see the README).
            Defaults to False.

    Shapes:
        - input: (B, C, H, W)
        - output: (B, out_channels, H / stride, W / stride), rounded up.
    """

    def __init__(self,
                 in_channels: int,
                 feat_size: Union[int, Sequence[int]],
                 out_channels: Optional[int] = None,
                 num_heads: int = 4,
                 stride: int = 1,
                 qkv_bias: bool = False,
                 pos_embed: str = 'relative',
                 qk_scale: Optional[float] = None,
                 scale_pos_embed: bool = False,
                 dynamic_size: bool = False,
                 use_sdpa: bool = False) -> None:
        if isinstance(feat_size, int):
            feat_size = (feat_size, feat_size)
        assert stride in (1, 2), f'stride must be 1 or 2, got {stride}'
        if pos_embed not in ('relative', 'absolute'):
            raise ValueError(f"BottleneckMHSA: pos_embed must be 'relative' "
                             f"or 'absolute', got {pos_embed!r}")
        super().__init__(
            dim=in_channels,
            dim_out=out_channels,
            feat_size=tuple(feat_size),
            stride=stride,
            num_heads=num_heads,
            qkv_bias=qkv_bias,
            scale_pos_embed=scale_pos_embed)
        if stride == 2:
            self.pool = nn.AvgPool2d(2, 2, ceil_mode=True)
        self.pos_embed_type = pos_embed
        if pos_embed == 'absolute':
            self.pos_embed = PosEmbedAbs(tuple(feat_size), self.dim_out_qk)
        if qk_scale is not None:
            self.scale = qk_scale
        self.dynamic_size = dynamic_size
        self.use_sdpa = use_sdpa

    def reset_parameters(self) -> None:
        # timm's init for the relative form (called by its __init__).
        if getattr(self, 'pos_embed_type', 'relative') == 'relative':
            return super().reset_parameters()
        self.qkv.reset_parameters()  # nn.Conv2d's default, as the seed's
        nn.init.normal_(self.pos_embed.emb_h)
        nn.init.normal_(self.pos_embed.emb_w)

    @property
    def feat_size(self) -> Tuple[int, int]:
        return self.pos_embed.height, self.pos_embed.width

    def _check_size(self, height: int, width: int) -> None:
        if (height, width) != self.feat_size and not self.dynamic_size:
            raise ValueError(
                f'BoTNet MHSA: its {self.pos_embed_type} position tables are '
                f'built for '
                f'{self.feat_size[0]}x{self.feat_size[1]} feature maps, got '
                f'{height}x{width}. Feed inputs of the size the backbone was '
                f'built for (BoTNet img_size), or build it with '
                f'dynamic_size=True to interpolate the tables to any size.')

    def _tables(self, height: int,
                width: int) -> Tuple[torch.Tensor, torch.Tensor]:
        table_h = self.pos_embed.height_rel
        table_w = self.pos_embed.width_rel
        self._check_size(height, width)
        if (height, width) == self.feat_size:
            return table_h, table_w
        return (resize_rel_pos_table(table_h, 2 * height - 1),
                resize_rel_pos_table(table_w, 2 * width - 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        B, _, H, W = x.shape
        length = H * W
        n = B * self.num_heads
        q, k, v = self.qkv(x).split(
            [self.dim_out_qk, self.dim_out_qk, self.dim_out_v], dim=1)
        # (B, heads*d, H, W) -> (B*heads, d, HW); q is transposed to (n, HW, d)
        q = q.reshape(n, self.dim_head_qk, length).transpose(1, 2)
        k = k.reshape(n, self.dim_head_qk, length)
        v = v.reshape(n, self.dim_head_v, length)

        if self.pos_embed_type == 'absolute':
            self._check_size(H, W)
            # r_p . q_m: (heads, HW, d) @ (B, heads, d, HW) -> (n, HW, HW)
            r = self.pos_embed.embedding(H, W).view(self.num_heads, -1,
                                                    length)
            pos = torch.matmul(
                r.transpose(1, 2),
                q.reshape(B, self.num_heads, length, -1).transpose(2, 3))
            pos = pos.reshape(n, length, length)
        else:
            table_h, table_w = self._tables(H, W)
            pos = rel_pos_logits_2d(q, table_h, table_w, H, W)  # (n, HW, HW)
        if self.use_sdpa:
            if self.scale_pos_embed:
                pos = pos * self.scale
            # (n, HW, d) x2, (n, HW, dv) -> (n, HW, dv) -> (B, dv*heads, H, W)
            out = F.scaled_dot_product_attention(
                q, k.transpose(1, 2), v.transpose(1, 2), attn_mask=pos,
                scale=self.scale)
            out = out.transpose(1, 2).reshape(B, self.dim_out_v, H, W)
            return self.pool(out)
        # attn = beta * pos + scale * q @ k in one fused call.
        beta = self.scale if self.scale_pos_embed else 1.0
        attn = torch.baddbmm(pos, q, k, beta=beta, alpha=self.scale)
        attn = attn.softmax(dim=-1)
        # (n, dv, HW_k) @ (n, HW_k, HW_q) -> (n, dv, HW_q): channel-first.
        out = torch.bmm(v, attn.transpose(1, 2))
        out = out.view(B, self.dim_out_v, H, W)
        return self.pool(out)

    def _load_from_state_dict(self, state_dict, prefix, local_metadata,
                              strict, missing_keys, unexpected_keys,
                              error_msgs):
        # Resize tables trained at another map size (e.g. ImageNet 224 px
        # weights for 1024 px detection).
        if self.pos_embed_type == 'absolute':
            for name in ('emb_h', 'emb_w'):
                key = f'{prefix}pos_embed.{name}'
                own = getattr(self.pos_embed, name)
                old = state_dict.get(key)
                if (old is not None and old.shape != own.shape
                        and old.ndim == 4 and old.shape[1] == own.shape[1]):
                    state_dict[key] = F.interpolate(
                        old, size=own.shape[2:], mode='bilinear',
                        align_corners=False)
                    MMLogger.get_current_instance().info(
                        f'Resized {key} from {tuple(old.shape)} to '
                        f'{tuple(own.shape)}.')
        rel_names = () if self.pos_embed_type == 'absolute' else (
            'height_rel', 'width_rel')
        for name in rel_names:
            key = f'{prefix}pos_embed.{name}'
            own = getattr(self.pos_embed, name)
            if key in state_dict and state_dict[key].shape != own.shape:
                old = state_dict[key]
                if old.ndim == 2 and old.shape[1] == own.shape[1]:
                    state_dict[key] = resize_rel_pos_table(old, own.shape[0])
                    MMLogger.get_current_instance().info(
                        f'Resized {key} from {tuple(old.shape)} to '
                        f'{tuple(own.shape)}.')
        super()._load_from_state_dict(state_dict, prefix, local_metadata,
                                      strict, missing_keys, unexpected_keys,
                                      error_msgs)
