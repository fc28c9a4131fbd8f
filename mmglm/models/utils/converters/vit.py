# Copyright (c) mmglm contributors. All rights reserved.
"""timm ``VisionTransformer`` keys -> mmpretrain ``VisionTransformer``
classifier keys (mmglm's ``ViT`` keeps that layout)."""
from collections import OrderedDict
from typing import Dict

import torch

from .io import rename_by_rules


_RULES = (
    (r'^cls_token$', 'backbone.cls_token'),
    (r'^pos_embed$', 'backbone.pos_embed'),
    (r'^patch_embed\.proj\.', 'backbone.patch_embed.projection.'),
    (r'^norm_pre\.', 'backbone.pre_norm.'),
    (r'^blocks\.(\d+)\.norm1\.', r'backbone.layers.\1.ln1.'),
    (r'^blocks\.(\d+)\.norm2\.', r'backbone.layers.\1.ln2.'),
    (r'^blocks\.(\d+)\.attn\.(qkv|proj)\.', r'backbone.layers.\1.attn.\2.'),
    (r'^blocks\.(\d+)\.mlp\.fc1\.', r'backbone.layers.\1.ffn.layers.0.0.'),
    (r'^blocks\.(\d+)\.mlp\.fc2\.', r'backbone.layers.\1.ffn.layers.1.'),
    (r'^norm\.', 'backbone.ln1.'),
    # timm < 0.9 representation layer (pre_logits.fc + tanh).
    (r'^pre_logits\.fc\.', 'head.layers.pre_logits.'),
    (r'^head\.', 'head.layers.head.'),
)


def convert_timm_vit(state_dict: Dict[str, torch.Tensor]) -> OrderedDict:
    """timm ViT keys -> mmpretrain ``VisionTransformer`` classifier keys.

    Args:
        state_dict (dict): A timm ``VisionTransformer`` state dict.

    Returns:
        OrderedDict: ``backbone.*`` and ``head.layers.*`` tensors.

    Raises:
        KeyError: For a key with no mmpretrain counterpart.
    """
    out = OrderedDict()
    for key, value in state_dict.items():
        out[rename_by_rules(key, _RULES, 'mmpretrain VisionTransformer')] = value
    return out
