# Copyright (c) mmglm contributors. All rights reserved.
"""Convert T2T-ViT checkpoints to mmglm's T2TViT + VisionTransformerClsHead.

Two source layouts (``--src``):

- ``official``: yitu-opensource/T2T-ViT ``.pth.tar`` files (``state_dict`` /
  ``state_dict_ema``, keys prefixed ``module.``), Performer (``T2t_vit_*``)
  or transformer (``T2t_vit_t_*``) T2T module. The released weights were
  trained with ``qk_scale = embed_dims ** -0.5`` in the blocks: build the model
  with ``backbone=dict(type='T2TViT', arch=..., qk_scale=D ** -0.5)``.
- ``mmpretrain``: mmpretrain / mmcls ``T2T_ViT`` checkpoints. The keys are
  already mmglm's (mmglm kept mmpretrain's layout), so this mode only unwraps
  the checkpoint, checks the keys and drops non-model entries. mmpretrain's
  checkpoints were trained with mmcls 0.x, whose attention used ``qk_scale``
  correctly; they compute the intended function in mmglm (and a mis-scaled
  one in mmpretrain >= 1.0, see configs/t2t_vit/README.md).

Usage::

    python tools/model_converters/t2t_vit_to_mmglm.py SRC DST \
        --src official [--ema]
"""
import argparse
import re
from collections import OrderedDict
from typing import Dict

import torch

# official sub-module names -> mmglm/mmpretrain names, inside a layer
_LAYER_RULES = (
    (r'\.norm1\.', '.ln1.'),
    (r'\.norm2\.', '.ln2.'),
    (r'\.mlp\.fc1\.', '.ffn.layers.0.0.'),
    (r'\.mlp\.fc2\.', '.ffn.layers.1.'),
    # Token performer: Sequential(Linear, GELU, Linear, Dropout) and its
    # attention parameters at the layer's top level.
    (r'\.mlp\.0\.', '.ffn.layers.0.0.'),
    (r'\.mlp\.2\.', '.ffn.layers.1.'),
    (r'(attention\d)\.(kqv|proj)\.', r'\1.attn.\2.'),
    (r'(attention\d)\.w$', r'\1.attn.w'),
)

_MMGLM_KEY = re.compile(
    r'^(backbone\.(cls_token|pos_embed|norm\.(weight|bias)|'
    r'tokens_to_token\.(project|attention[12])\..+|encoder\.\d+\..+)|'
    r'head\.layers\..+)$')


def _unwrap(checkpoint: dict, ema: bool) -> Dict[str, torch.Tensor]:
    if not isinstance(checkpoint, dict):
        raise TypeError('expected a dict checkpoint')
    for key in (('state_dict_ema', 'state_dict') if ema else
                ('state_dict', 'model')):
        if key in checkpoint and isinstance(checkpoint[key], dict):
            return checkpoint[key]
    if ema:
        raise KeyError('no state_dict_ema in the checkpoint')
    return checkpoint


def convert_official(state_dict: Dict[str, torch.Tensor]) -> OrderedDict:
    """Official yitu-opensource/T2T-ViT keys -> mmglm keys.

    Args:
        state_dict (dict): The official model state dict (``module.`` prefix
            optional).

    Returns:
        OrderedDict: Keys ``backbone.*`` and ``head.layers.head.*``.
    """
    out = OrderedDict()
    for key, value in state_dict.items():
        if key.startswith('module.'):
            key = key[len('module.'):]
        if key.startswith('head.'):
            out['head.layers.' + key] = value
            continue
        key = re.sub(r'^blocks\.', 'encoder.', key)
        for pattern, repl in _LAYER_RULES:
            key = re.sub(pattern, repl, key)
        if key.startswith('norm.') or key in ('cls_token', 'pos_embed') or \
                key.startswith(('encoder.', 'tokens_to_token.')):
            out['backbone.' + key] = value
        else:
            raise KeyError(f'unexpected key in the official checkpoint: {key}')
    return out


def convert_mmpretrain(state_dict: Dict[str, torch.Tensor]) -> OrderedDict:
    """mmpretrain ``T2T_ViT`` keys -> mmglm keys (identical; validated).

    Args:
        state_dict (dict): An mmpretrain ImageClassifier state dict.

    Returns:
        OrderedDict: The model keys, without data-preprocessor entries.
    """
    out = OrderedDict()
    for key, value in state_dict.items():
        if key.startswith('data_preprocessor.'):
            continue
        if not _MMGLM_KEY.match(key):
            raise KeyError(f'unexpected key in the mmpretrain checkpoint: '
                           f'{key}')
        out[key] = value
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('src', help='source checkpoint')
    parser.add_argument('dst', help='output checkpoint (mmglm layout)')
    parser.add_argument(
        '--src-layout',
        '--src',
        dest='layout',
        choices=('official', 'mmpretrain'),
        required=True,
        help='layout of the source checkpoint')
    parser.add_argument(
        '--ema',
        action='store_true',
        help='official only: take state_dict_ema instead of state_dict')
    args = parser.parse_args()

    checkpoint = torch.load(args.src, map_location='cpu', weights_only=False)
    state_dict = _unwrap(checkpoint, args.ema)
    if args.layout == 'official':
        state_dict = convert_official(state_dict)
        dims = state_dict['backbone.cls_token'].shape[-1]
        print(f'Official weights: build T2TViT with qk_scale={dims}**-0.5 '
              f'(= {dims**-0.5:.6f}) to reproduce their outputs.')
    else:
        state_dict = convert_mmpretrain(state_dict)
    torch.save({'state_dict': state_dict, 'meta': {}}, args.dst)
    print(f'{len(state_dict)} tensors written to {args.dst}')


if __name__ == '__main__':
    main()
