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
        for pattern, repl in _RULES:
            new_key, hits = re.subn(pattern, repl, key)
            if hits:
                out[new_key] = value
                break
        else:
            raise KeyError(f'{key}: no counterpart in mmpretrain '
                           'VisionTransformer')
    return out


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
