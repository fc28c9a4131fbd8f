# Copyright (c) mmglm contributors. All rights reserved.
"""Does a classification checkpoint fill every key of a detector's backbone?

mmengine's ``Pretrained`` init (``init_cfg=dict(type='Pretrained',
prefix='backbone.', checkpoint=...)``) loads with ``strict=False``: a backbone
key the checkpoint lacks (a renamed module, another arch) only shows up as a
warning in a long log, and the detector silently trains that part from
scratch. :func:`check_backbone_keys` compares the two key sets explicitly.
"""
import copy
from typing import Dict, List, Tuple, Union

import torch
import torch.nn as nn
from mmengine.logging import print_log
from mmengine.runner.checkpoint import _load_checkpoint


class BackboneKeyError(KeyError):
    """Backbone keys the checkpoint does not provide (or provides with
    another shape); the message lists them."""

    def __str__(self) -> str:  # KeyError would print the message's repr
        return str(self.args[0])


def _checkpoint_state(checkpoint: Union[str, dict]) -> Dict[str, torch.Tensor]:
    if isinstance(checkpoint, str):
        checkpoint = _load_checkpoint(checkpoint, map_location='cpu')
    return checkpoint.get('state_dict', checkpoint)


def _still_mismatched(backbone: nn.Module, state: Dict[str, torch.Tensor],
                      keys: List[str]) -> List[str]:
    """The ``keys`` whose shapes still differ when really loading ``state``.

    Some backbones adapt a checkpoint while loading (BoTNet resizes its
    relative position tables in ``_load_from_state_dict``, ViTs their
    position embeddings in a pre-hook). ``state`` is loaded module by module
    into a copy of the backbone, as ``load_state_dict`` and mmengine's loader
    do, and torch's size-mismatch errors are collected.
    """
    probe, state, errors = copy.deepcopy(backbone), dict(state), []

    def load(module: nn.Module, prefix: str) -> None:
        module._load_from_state_dict(state, prefix, {}, True, [], [], errors)
        for name, child in module._modules.items():
            if child is not None:
                load(child, prefix + name + '.')

    with torch.no_grad():
        load(probe, '')
    return [k for k in keys if any(f'size mismatch for {k}:' in e
                                   for e in errors)]


def check_backbone_keys(checkpoint: Union[str, dict],
                        model: nn.Module,
                        prefix: str = 'backbone.',
                        strict: bool = True,
                        verbose: bool = True) -> Dict[str, List]:
    """Match a classification checkpoint's backbone keys to a backbone.

    Args:
        checkpoint (str | dict): A checkpoint path (loaded with mmengine's
            loaders, so ``https://`` and mmglm's safe local loading apply) or
            a loaded checkpoint / state dict.
        model (nn.Module): A detector (its ``.backbone`` is used) or a
            backbone.
        prefix (str): The checkpoint keys that belong to the backbone start
            with it, as for ``Pretrained`` init. Defaults to ``'backbone.'``.
        strict (bool): Raise :class:`BackboneKeyError` if a backbone key is
            missing from the checkpoint or has another shape there. Keys the
            checkpoint has beyond the backbone's (``unexpected``) are only
            reported. Defaults to True.
        verbose (bool): Log the summary and every missing, unexpected or
            mismatched key. Defaults to True.

    Returns:
        dict: ``matched``, ``missing`` (backbone keys the checkpoint lacks),
        ``unexpected`` (checkpoint backbone keys the backbone lacks) and
        ``shape_mismatch`` (``(key, checkpoint shape, backbone shape)``),
        ``resized`` (keys of another shape that the backbone's own
        load-time hooks adapt, e.g. BoTNet's relative position tables; they
        count as matched).

    Raises:
        BackboneKeyError: With ``strict``, if ``missing`` or
            ``shape_mismatch`` is not empty.
        ValueError: If no checkpoint key starts with ``prefix``.
    """
    prefix = prefix if not prefix or prefix.endswith('.') else prefix + '.'
    state = _checkpoint_state(checkpoint)
    ckpt = {
        k[len(prefix):]: v
        for k, v in state.items() if k.startswith(prefix)
    }
    if not ckpt:
        raise ValueError(
            f'No checkpoint key starts with {prefix!r} (first keys: '
            f'{list(state)[:5]}); is it a classifier checkpoint?')
    backbone = getattr(model, 'backbone', model)
    own = backbone.state_dict()
    shared = sorted(set(own) & set(ckpt))
    differ = [k for k in shared if ckpt[k].shape != own[k].shape]
    still = _still_mismatched(backbone, {k: ckpt[k]
                                         for k in shared}, differ)
    mismatch: List[Tuple[str, tuple, tuple]] = [
        (k, tuple(ckpt[k].shape), tuple(own[k].shape)) for k in still
    ]
    bad = {k for k, _, _ in mismatch}
    report = dict(
        matched=[k for k in shared if k not in bad],
        missing=sorted(set(own) - set(ckpt)),
        unexpected=sorted(set(ckpt) - set(own)),
        shape_mismatch=mismatch,
        resized=[k for k in differ if k not in bad])
    lines = [
        f'{type(backbone).__name__} <- checkpoint[{prefix!r}]: '
        f'{len(report["matched"])}/{len(own)} backbone keys matched, '
        f'{len(report["missing"])} missing, {len(report["unexpected"])} '
        f'unexpected, {len(mismatch)} with another shape'
        + (f' ({len(report["resized"])} more resized by the backbone on load)'
           if report['resized'] else '')
    ]
    lines += [f'  missing: {k}' for k in report['missing']]
    lines += [f'  unexpected: {k}' for k in report['unexpected']]
    lines += [f'  shape: {k} checkpoint {a} vs backbone {b}'
              for k, a, b in mismatch]
    if verbose:
        print_log('\n'.join(lines), logger='current')
    if strict and (report['missing'] or mismatch):
        raise BackboneKeyError(
            'The checkpoint does not fill the whole backbone (these keys '
            'would keep their random init):\n' + '\n'.join(lines))
    return report
