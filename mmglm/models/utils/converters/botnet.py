# Copyright (c) mmglm contributors. All rights reserved.
"""timm BoTNet (``ByobNet``) keys -> mmglm ``BoTNet`` classifier keys.

The table of the mapping is in tools/model_converters/timm_botnet_to_mmglm.py.
"""
import re
from collections import OrderedDict
from typing import Dict

import torch


_BLOCK_RULES = [
    (r'shortcut\.conv\.(.+)', r'downsample.0.\1'),
    (r'shortcut\.bn\.(.+)', r'downsample.1.\1'),
    (r'conv1_1x1\.conv\.(.+)', r'conv1.\1'),
    (r'conv1_1x1\.bn\.(.+)', r'bn1.\1'),
    (r'conv2_kxk\.conv\.(.+)', r'conv2.\1'),
    (r'conv2_kxk\.bn\.(.+)', r'bn2.\1'),
    (r'self_attn\.(qkv\..+|pos_embed\..+)', r'mhsa.\1'),
    (r'post_attn\.(.+)', r'bn2.\1'),
    (r'conv3_1x1\.conv\.(.+)', r'conv3.\1'),
    (r'conv3_1x1\.bn\.(.+)', r'bn3.\1'),
]


def _is_7x7_stem(state_dict: Dict[str, torch.Tensor]) -> bool:
    w = state_dict.get('stem.conv1.conv.weight')
    return (w is not None and w.shape[-1] == 7
            and 'stem.conv2.conv.weight' not in state_dict)


def convert_timm_botnet(state_dict: Dict[str, torch.Tensor]) -> OrderedDict:
    """Rename the keys of a timm BoTNet state dict to mmglm's.

    Args:
        state_dict (dict): timm ``ByobNet`` state dict.

    Returns:
        OrderedDict: mmglm ``ImageClassifier`` state dict (``backbone.*`` and
        ``head.fc.*``). A dict already in mmglm layout is returned unchanged.

    Raises:
        KeyError: for timm keys with no mmglm counterpart (e.g. timm's SE on
        the bottleneck width, ``final_conv``), listing them.
    """
    if any(k.startswith('backbone.') for k in state_dict):
        return OrderedDict(state_dict)
    stem_7x7 = _is_7x7_stem(state_dict)
    out, unknown = OrderedDict(), []
    for key, value in state_dict.items():
        new = None
        m = re.fullmatch(r'stem\.conv(\d+)\.(conv|bn)\.(.+)', key)
        if m:
            idx, kind, rest = int(m.group(1)), m.group(2), m.group(3)
            if stem_7x7:
                new = f'backbone.{"conv1" if kind == "conv" else "bn1"}.{rest}'
            else:
                new = f'backbone.stem.{idx - 1}.{kind}.{rest}'
        m = re.fullmatch(r'stages\.(\d+)\.(\d+)\.(.+)', key)
        if m:
            stage, block, rest = int(m.group(1)), m.group(2), m.group(3)
            for pattern, repl in _BLOCK_RULES:
                if re.fullmatch(pattern, rest):
                    rest = re.sub(pattern, repl, rest)
                    new = f'backbone.layer{stage + 1}.{block}.{rest}'
                    break
        if key in ('head.fc.weight', 'head.fc.bias'):
            new = key
        if new is None:
            unknown.append(key)
        else:
            out[new] = value
    if unknown:
        raise KeyError(f'timm keys without an mmglm BoTNet counterpart: '
                       f'{unknown}')
    return out
