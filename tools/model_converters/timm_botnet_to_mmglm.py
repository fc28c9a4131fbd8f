# Copyright (c) mmglm contributors. All rights reserved.
"""Convert timm BoTNet (``byobnet`` / ``byoanet``) weights to mmglm.

timm builds ``botnet26t_256`` (and custom BoT configs) as a ``ByobNet``; the
result loads into an mmglm ``ImageClassifier`` with a ``BoTNet`` backbone
(``arch='botnet26t'``, ``scale_pos_embed=False``: timm's default) and a
``LinearClsHead``::

    python tools/model_converters/timm_botnet_to_mmglm.py \
        botnet26t_256.pth botnet26t_mmglm.pth

``src`` is a timm state dict (``.pth`` / ``.bin``, optionally under
``state_dict`` / ``model``, or ``.safetensors``). For a backbone only (e.g. in
mmdet), load the result with ``init_cfg=dict(type='Pretrained',
checkpoint=..., prefix='backbone.')``.

Key mapping (timm -> mmglm; block ``stages.{s}.{b}`` -> ``layer{s+1}.{b}``):

=============================  =============================
timm                           mmglm
=============================  =============================
stem.conv{i}.{conv,bn}         backbone.stem.{i-1}.{conv,bn}  (3x3 stems)
stem.conv1.{conv,bn} (7x7)     backbone.{conv1,bn1}
shortcut.{conv,bn}             downsample.{0,1}
conv1_1x1.{conv,bn}            conv1, bn1
conv2_kxk.{conv,bn}            conv2, bn2
self_attn.qkv / .pos_embed.*   mhsa.qkv / mhsa.pos_embed.*
post_attn (BatchNormAct2d)     bn2
conv3_1x1.{conv,bn}            conv3, bn3
head.fc                        head.fc
=============================  =============================
"""
import argparse
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


def _load(path: str) -> Dict[str, torch.Tensor]:
    if path.endswith('.safetensors'):
        from safetensors.torch import load_file
        return load_file(path)
    ckpt = torch.load(path, map_location='cpu', weights_only=True)
    for key in ('state_dict', 'model'):
        if isinstance(ckpt, dict) and key in ckpt:
            ckpt = ckpt[key]
    return ckpt


def main() -> None:
    parser = argparse.ArgumentParser(
        description='Convert timm BoTNet weights to mmglm BoTNet.')
    parser.add_argument('src', help='timm checkpoint (.pth/.bin/.safetensors)')
    parser.add_argument('dst', help='output mmglm checkpoint (.pth)')
    args = parser.parse_args()
    state_dict = convert_timm_botnet(_load(args.src))
    torch.save({'state_dict': state_dict, 'meta': {'converted_from': 'timm'}},
               args.dst)
    print(f'Saved {len(state_dict)} tensors to {args.dst}')


if __name__ == '__main__':
    main()
