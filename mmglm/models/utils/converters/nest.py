# Copyright (c) mmglm contributors. All rights reserved.
"""timm NesT keys -> mmglm ``NesT`` classifier keys (see
tools/model_converters/timm_nest_to_mmglm.py for the mapping and the head
permutation of ``attn.proj``)."""
import re
from collections import OrderedDict

import torch


_RULES = [
    (r'^patch_embed\.proj\.', 'backbone.patch_embed.projection.'),
    (r'^levels\.(\d+)\.transformer_encoder\.', r'backbone.levels.\1.layers.'),
    (r'^levels\.', 'backbone.levels.'),
    (r'^norm\.', 'backbone.norm.'),
    (r'^head\.', 'head.fc.'),
]


def _merge_heads_like_mmglm(weight: torch.Tensor,
                            head_dims: int) -> torch.Tensor:
    """Proj weight (C, C): input column c * H + h -> h * d + c."""
    C = weight.shape[1]
    assert C % head_dims == 0, f'{C} channels are not heads of {head_dims}'
    H = C // head_dims
    # (C_out, d, H) -> (C_out, H, d)
    return weight.reshape(-1, head_dims, H).transpose(1, 2).reshape(-1, C)


def convert_timm_nest(state_dict: dict,
                      with_head: bool = True,
                      head_dims: int = 32) -> dict:
    """Map a timm NesT state dict to mmglm's ``ImageClassifier`` layout.

    Args:
        state_dict (dict): timm ``Nest`` state dict.
        with_head (bool): Keep the classifier. Defaults to True.
        head_dims (int): Channels per attention head (32 in every timm and
            JAX NesT). Defaults to 32.

    A state dict that is already in mmglm's layout (``backbone.`` keys) is
    returned unchanged. Unknown keys raise a KeyError rather than being
    carried silently.
    """
    if any(k.startswith('backbone.') for k in state_dict):
        return OrderedDict(state_dict)
    new = OrderedDict()
    for key, value in state_dict.items():
        if key.startswith('head.') and not with_head:
            continue
        if re.search(r'\.attn\.proj\.weight$', key):
            value = _merge_heads_like_mmglm(value, head_dims)
        for pattern, repl in _RULES:
            if re.match(pattern, key):
                new[re.sub(pattern, repl, key)] = value
                break
        else:
            raise KeyError(f'unexpected key in a timm NesT state dict: {key}')
    return new
