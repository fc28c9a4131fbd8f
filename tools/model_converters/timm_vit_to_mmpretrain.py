# Copyright (c) mmglm contributors. All rights reserved.
"""Convert a timm ``VisionTransformer`` state dict to mmpretrain's layout.

The result loads into ``ImageClassifier(backbone=VisionTransformer | ViT,
head=VisionTransformerClsHead)`` (``configs/vit``). Supported: the plain ViT
family (cls token, learned pos_embed, pre-norm blocks with qkv bias, final
norm, linear head, optional CLIP ``norm_pre``). Layer scale, ``fc_norm``
(global-pool models), register tokens and q/k norms have no counterpart in
mmpretrain's ``VisionTransformer`` and are refused.

Usage::

    python tools/model_converters/timm_vit_to_mmpretrain.py SRC DST
    # SRC: a timm .pth / .bin / .safetensors state dict, or
    python tools/model_converters/timm_vit_to_mmpretrain.py \
        timm:vit_small_patch16_224 DST          # random init, no download
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
from mmglm.models.utils.converters.vit import (  # noqa: E402,F401
    _RULES, convert_timm_vit)


def _load_source(src: str) -> Dict[str, torch.Tensor]:
    if src.startswith('timm:'):
        import timm
        model = timm.create_model(src[len('timm:'):], pretrained=False)
        return model.state_dict()
    if src.endswith('.safetensors'):
        from safetensors.torch import load_file
        return load_file(src)
    checkpoint = torch.load(src, map_location='cpu', weights_only=True)
    for key in ('state_dict', 'model'):
        if isinstance(checkpoint.get(key), dict):
            return checkpoint[key]
    return checkpoint


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('src', help='timm state dict file, or timm:<model>')
    parser.add_argument('dst', help='output checkpoint (mmpretrain layout)')
    args = parser.parse_args()
    state_dict = convert_timm_vit(_load_source(args.src))
    torch.save({'state_dict': state_dict, 'meta': {}}, args.dst)
    print(f'{len(state_dict)} tensors written to {args.dst}')


if __name__ == '__main__':
    main()
