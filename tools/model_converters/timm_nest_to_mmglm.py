# Copyright (c) mmglm contributors. All rights reserved.
"""Convert timm NesT weights (``nest_*`` / ``nest_*_jx``) to mmglm.

timm layout -> mmglm ``ImageClassifier`` (backbone ``NesT``, neck
``GlobalAveragePooling``, head ``LinearClsHead``):

- ``patch_embed.proj.*`` -> ``backbone.patch_embed.projection.*``
- ``levels.i.pos_embed`` -> ``backbone.levels.i.pos_embed``
- ``levels.i.pool.{conv,norm}.*`` -> ``backbone.levels.i.pool.{conv,norm}.*``
- ``levels.i.transformer_encoder.j.*`` -> ``backbone.levels.i.layers.j.*``
- ``norm.*`` -> ``backbone.norm.*``
- ``head.*`` -> ``head.fc.*``

The layer sub-keys (``norm1``, ``attn.qkv``, ``attn.proj``, ``norm2``,
``mlp.fc1``, ``mlp.fc2``) are the same, and so are the values except the
input columns of ``attn.proj.weight``: timm's NesT ``Attention`` merges the
heads as ``(B, H, T, N, d) -> (B, T, N, d, H)`` (column ``c * H + h``), mmglm
as every other multi-head attention (``h * d + c``, timm's ViT and
mmpretrain's ``MultiheadAttention``), so the columns are permuted. That needs
the number of heads of every level: by default C / 32, the head width of
all timm / JAX NesT models (``--head-dims``). The ``_jx`` weights need
``padding='same'`` in the backbone (the default). Usage::

    python tools/model_converters/timm_nest_to_mmglm.py \
        nest_tiny_jx.pth nest-tiny_timm-jx.pth

The source may be a ``.pth``/``.bin`` state dict, a checkpoint holding one
under ``state_dict`` / ``model``, or a ``.safetensors`` file.
"""
import argparse
import re
from collections import OrderedDict
from pathlib import Path

import torch

import os.path as _osp  # noqa: E402
import sys as _sys  # noqa: E402

_sys.path.insert(0, _osp.dirname(_osp.dirname(_osp.dirname(
    _osp.abspath(__file__)))))  # the checkout's mmglm first
from mmglm.models.utils.converters.nest import (  # noqa: E402,F401
    _RULES, _merge_heads_like_mmglm, convert_timm_nest)


def _load(path: str) -> dict:
    if path.endswith('.safetensors'):
        from safetensors.torch import load_file
        return load_file(path)
    ckpt = torch.load(path, map_location='cpu', weights_only=True)
    for key in ('state_dict', 'model'):
        if isinstance(ckpt, dict) and key in ckpt:
            return ckpt[key]
    return ckpt


def main() -> None:
    parser = argparse.ArgumentParser(
        description='Convert timm NesT weights to mmglm')
    parser.add_argument('src', help='timm weights (.pth/.bin/.safetensors)')
    parser.add_argument('dst', help='output mmglm checkpoint (.pth)')
    parser.add_argument(
        '--no-head', action='store_true',
        help='drop the ImageNet classifier (fine-tuning on other classes)')
    parser.add_argument(
        '--head-dims', type=int, default=32,
        help='channels per attention head (32 in every timm / JAX NesT)')
    args = parser.parse_args()
    state_dict = convert_timm_nest(
        _load(args.src), not args.no_head, args.head_dims)
    Path(args.dst).parent.mkdir(parents=True, exist_ok=True)
    torch.save(dict(state_dict=state_dict, meta=dict(source=args.src)),
               args.dst)
    print(f'saved {len(state_dict)} tensors to {args.dst}')


if __name__ == '__main__':
    main()
