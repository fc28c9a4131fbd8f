# Copyright (c) mmglm contributors. All rights reserved.
"""timm Swin Transformer keys -> mmpretrain ``SwinTransformer`` classifier
keys (SwinFC's backbone keeps that layout).

timm (>= 0.9) puts each patch merging at the start of stage ``i`` and
concatenates the 2x2 neighbours as ``(w, h, C)``; mmpretrain merges at the
end of stage ``i - 1`` with ``nn.Unfold`` (``(C, h, w)``), so the merging's
norm and reduction columns are permuted. The final ``norm`` becomes
``norm3`` (mmpretrain's norm of the last output stage); the relative
position indices are buffers that both compute.
"""
import re
from collections import OrderedDict
from typing import Dict

import torch

from .io import rename_by_rules

_RULES = (
    (r'^patch_embed\.proj\.', 'backbone.patch_embed.projection.'),
    (r'^patch_embed\.norm\.', 'backbone.patch_embed.norm.'),
    (r'^layers\.(\d+)\.blocks\.(\d+)\.attn\.(qkv|proj)\.',
     r'backbone.stages.\1.blocks.\2.attn.w_msa.\3.'),
    (r'^layers\.(\d+)\.blocks\.(\d+)\.attn\.relative_position_bias_table$',
     r'backbone.stages.\1.blocks.\2.attn.w_msa.relative_position_bias_table'),
    (r'^layers\.(\d+)\.blocks\.(\d+)\.norm([12])\.',
     r'backbone.stages.\1.blocks.\2.norm\3.'),
    (r'^layers\.(\d+)\.blocks\.(\d+)\.mlp\.fc1\.',
     r'backbone.stages.\1.blocks.\2.ffn.layers.0.0.'),
    (r'^layers\.(\d+)\.blocks\.(\d+)\.mlp\.fc2\.',
     r'backbone.stages.\1.blocks.\2.ffn.layers.1.'),
    (r'^norm\.', 'backbone.norm3.'),
    (r'^head\.fc\.', 'head.fc.'),
)
_SKIP = re.compile(r'(relative_position_index|attn_mask)$')


def _unfold_order(x: torch.Tensor) -> torch.Tensor:
    """Merging channels ``(w, h, C)`` -> ``(C, h, w)`` (last dim of x)."""
    lead, c4 = x.shape[:-1], x.shape[-1]
    x = x.reshape(*lead, 4, c4 // 4)[..., [0, 2, 1, 3], :]
    return x.transpose(-1, -2).reshape(*lead, c4)


def convert_timm_swin(
        state_dict: Dict[str, torch.Tensor]
) -> 'OrderedDict[str, torch.Tensor]':
    """timm ``SwinTransformer`` -> mmpretrain ``ImageClassifier`` keys.

    Raises:
        KeyError: For a key with no mmpretrain counterpart.
    """
    out = OrderedDict()
    for key, value in state_dict.items():
        if _SKIP.search(key):
            continue
        m = re.fullmatch(r'layers\.(\d+)\.downsample\.(norm|reduction)\.(\w+)',
                         key)
        if m:
            stage, part, name = int(m.group(1)), m.group(2), m.group(3)
            out[f'backbone.stages.{stage - 1}.downsample.{part}.{name}'] = \
                _unfold_order(value)
            continue
        out[rename_by_rules(key, _RULES, 'mmpretrain SwinTransformer')] = value
    return out
