# Copyright (c) mmglm contributors. All rights reserved.
"""Checkpoint reading and writing shared by the converters and the on-the-fly
``timm://`` loader."""
import os.path as osp
import re
from collections import OrderedDict
from typing import Dict

import torch


def load_state_dict(path: str) -> Dict[str, torch.Tensor]:
    """Read a ``.pth``/``.bin`` (optionally wrapped in ``state_dict`` /
    ``model``) or a ``.safetensors`` file (timm's Hugging Face weights)."""
    if path.endswith('.safetensors'):
        from safetensors.torch import load_file
        return load_file(path, device='cpu')
    ckpt = torch.load(path, map_location='cpu', weights_only=True)
    for key in ('state_dict', 'model', 'module'):
        if isinstance(ckpt, dict) and key in ckpt and isinstance(
                ckpt[key], dict):
            ckpt = ckpt[key]
    return ckpt


def add_prefix(state_dict: Dict[str, torch.Tensor],
               prefix: str) -> 'OrderedDict[str, torch.Tensor]':
    """Prefix every key (e.g. ``backbone.global_branch.``)."""
    return OrderedDict((prefix + k, v) for k, v in state_dict.items())


def rename_by_rules(key: str, rules, target: str) -> str:
    """The first ``(pattern, repl)`` of ``rules`` that matches ``key``
    (``re.subn``) renames it; ``KeyError`` naming ``target`` if none does."""
    for pattern, repl in rules:
        new_key, hits = re.subn(pattern, repl, key)
        if hits:
            return new_key
    raise KeyError(f'{key}: no counterpart in {target}')


def with_linear_head(backbone: Dict[str, torch.Tensor],
                     state_dict: Dict[str, torch.Tensor],
                     head_prefix: str) -> 'OrderedDict[str, torch.Tensor]':
    """``ImageClassifier`` keys: ``backbone.*`` from ``backbone`` and the
    timm classifier ``{head_prefix}weight/bias`` as ``head.fc.*``
    (``LinearClsHead``), where present."""
    out = add_prefix(backbone, 'backbone.')
    for name in ('weight', 'bias'):
        if head_prefix + name in state_dict:
            out['head.fc.' + name] = state_dict[head_prefix + name]
    return out


def save_state_dict(state_dict: Dict[str, torch.Tensor], path: str,
                    source: str) -> None:
    """Save as ``{'state_dict': ..., 'meta': ...}`` (loads with
    ``weights_only=True`` and with mmengine's ``Pretrained`` init)."""
    dirname = osp.dirname(osp.abspath(path))
    if not osp.isdir(dirname):
        raise FileNotFoundError(f'output folder {dirname} does not exist')
    torch.save(
        dict(state_dict=state_dict, meta=dict(converted_from=source)), path)
