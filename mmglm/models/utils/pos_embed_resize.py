# Copyright (c) mmglm contributors. All rights reserved.
"""Resizing of absolute position embeddings with a selectable kernel.

The ViT paper only says "2D interpolation"; the implementations disagree on
the kernel, and the four give different numbers. In terms of the arguments of :func:`resize_pos_embed`:

- official JAX code (``scipy.ndimage.zoom(order=1)``):
  ``mode='bilinear', align_corners=True``;
- timm ``resample_abs_pos_embed`` (default): ``mode='bicubic',
  antialias=True``;
- timm ``_load_weights`` (``.npz``): ``mode='bilinear'``;
- mmpretrain ``resize_pos_embed``: ``mode='bicubic'`` (the default here).

mmpretrain's :func:`mmpretrain.models.utils.resize_pos_embed` hard-codes
``align_corners=False`` and no antialiasing, so it can only express the last
two items; this function adds the two switches and is otherwise the same.
"""
from typing import Sequence

import torch
import torch.nn.functional as F

#: Modes of ``F.interpolate`` that accept ``align_corners`` / ``antialias``.
_LINEAR_MODES = ('linear', 'bilinear', 'bicubic', 'trilinear')


def resize_pos_embed(pos_embed: torch.Tensor,
                     src_shape: Sequence[int],
                     dst_shape: Sequence[int],
                     mode: str = 'bicubic',
                     num_extra_tokens: int = 1,
                     align_corners: bool = False,
                     antialias: bool = False) -> torch.Tensor:
    """Resize the grid part of a position embedding, keeping extra tokens.

    Args:
        pos_embed (torch.Tensor): Position embedding of shape (1, L, C) with
            ``L = num_extra_tokens + src_h * src_w``, extra tokens first.
        src_shape (Sequence[int]): Grid (src_h, src_w) of ``pos_embed``.
        dst_shape (Sequence[int]): Target grid (dst_h, dst_w).
        mode (str): ``F.interpolate`` mode. Defaults to ``'bicubic'``.
        num_extra_tokens (int): Leading tokens (cls, distillation) copied
            unchanged. Defaults to 1.
        align_corners (bool): Map corner pixel centres onto each other, as
            ``scipy.ndimage.zoom`` (the official ViT code) does. Only for
            linear/cubic modes. Defaults to False.
        antialias (bool): Antialiased (PIL-like) kernel, as timm's default
            ``resample_abs_pos_embed``. Only for bilinear/bicubic.
            Defaults to False.

    Returns:
        torch.Tensor: Position embedding of shape
        (1, num_extra_tokens + dst_h * dst_w, C), in the input dtype.
    """
    src_h, src_w = src_shape
    dst_h, dst_w = dst_shape
    if (src_h, src_w) == (dst_h, dst_w):
        return pos_embed
    assert pos_embed.ndim == 3, 'pos_embed must have shape (1, L, C)'
    _, length, channels = pos_embed.shape
    assert length == src_h * src_w + num_extra_tokens, (
        f'pos_embed has {length} tokens, expected {num_extra_tokens} + '
        f'{src_h}*{src_w}')
    kwargs = dict(size=(dst_h, dst_w), mode=mode)
    if mode in _LINEAR_MODES:
        kwargs['align_corners'] = align_corners
    elif align_corners:
        raise ValueError(f'align_corners is meaningless for mode={mode!r}')
    if antialias:
        if mode not in ('bilinear', 'bicubic'):
            raise ValueError(f'antialias needs bilinear/bicubic, got {mode!r}')
        kwargs['antialias'] = True

    extra_tokens = pos_embed[:, :num_extra_tokens]
    # (1, H*W, C) -> (1, H, W, C) -> (1, C, H, W); interpolate wants float32
    grid = pos_embed[:, num_extra_tokens:].reshape(1, src_h, src_w, channels)
    grid = F.interpolate(grid.permute(0, 3, 1, 2).float(), **kwargs)
    # (1, C, H', W') -> (1, H'*W', C)
    grid = grid.flatten(2).transpose(1, 2).to(pos_embed.dtype)
    return torch.cat((extra_tokens, grid), dim=1)
