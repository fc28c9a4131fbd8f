# Copyright (c) mmglm contributors. All rights reserved.
"""Checkpoint reading and writing shared by the converters and the on-the-fly
``timm://`` loader."""
import os.path as osp
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


def save_state_dict(state_dict: Dict[str, torch.Tensor], path: str,
                    source: str) -> None:
    """Save as ``{'state_dict': ..., 'meta': ...}`` (loads with
    ``weights_only=True`` and with mmengine's ``Pretrained`` init)."""
    dirname = osp.dirname(osp.abspath(path))
    if not osp.isdir(dirname):
        raise FileNotFoundError(f'output folder {dirname} does not exist')
    torch.save(
        dict(state_dict=state_dict, meta=dict(converted_from=source)), path)
