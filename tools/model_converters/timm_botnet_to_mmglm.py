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

import os.path as _osp  # noqa: E402
import sys as _sys  # noqa: E402

_sys.path.insert(0, _osp.dirname(_osp.dirname(_osp.dirname(
    _osp.abspath(__file__)))))  # the checkout's mmglm first
from mmglm.models.utils.converters.botnet import (  # noqa: E402,F401
    _BLOCK_RULES, _is_7x7_stem, convert_timm_botnet)


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
