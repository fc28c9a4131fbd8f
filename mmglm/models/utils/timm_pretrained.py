# Copyright (c) mmglm contributors. All rights reserved.
"""ImageNet weights from a timm checkpoint file in one config line.

``init_cfg=dict(type='Pretrained', checkpoint='timm://FILE')`` loads a timm
state dict (``model.safetensors`` as published on the Hugging Face hub, or a
``.pth``/``.bin``) into the matching mmglm module, converting its keys on the
fly with the converters' own mapping (:mod:`mmglm.models.utils.converters`).
The family (PVTv2, ResNeXt, NesT, BoTNet, ViT, Swin) is recognised from the keys.

- On an ``ImageClassifier`` the whole model loads (backbone and head).
- On a backbone (e.g. ``GLMNet(global_cfg=dict(init_cfg=...))``, a detector's
  backbone) only the ``backbone.*`` part loads, without ``prefix``.
- Every key must match: a key of the module that the checkpoint lacks (other
  than GLMNet's FReLU funnels, which have no ImageNet counterpart), a
  checkpoint key the module lacks, or a shape mismatch raises an error naming
  the key and the file.

Under the ``mmglm`` scope (mmglm configs, ``default_scope='mmglm'``) the
``Pretrained`` type is :class:`TimmAwarePretrained`, mmengine's
``PretrainedInit`` plus the strict ``timm://`` handling above (other
checkpoints load exactly as mmengine does). Under another scope mmengine's own
``Pretrained`` still reads ``timm://`` files through the checkpoint scheme
registered here (classifier layout; add ``prefix='backbone.'`` for a
backbone), with mmengine's warnings instead of errors.
"""
import re
from collections import OrderedDict
from typing import Callable, Dict, Tuple

import torch
from mmengine.model.weight_init import PretrainedInit, update_init_info
from mmengine.runner.checkpoint import CheckpointLoader

from mmglm.registry import WEIGHT_INITIALIZERS
from .converters import (convert_pvt_v2_classifier, convert_resnext_classifier,
                         convert_timm_botnet, convert_timm_nest,
                         convert_timm_swin, convert_timm_vit, load_state_dict)

PREFIX = 'timm://'

# family -> (recognises a timm state dict, converts it to classifier keys)
_FAMILIES: Dict[str, Tuple[Callable[[dict], bool], Callable]] = {
    'nest': (lambda sd: any('.transformer_encoder.' in k for k in sd),
             convert_timm_nest),
    'botnet': (lambda sd: any('.self_attn.' in k for k in sd) and
               'stem.conv1.conv.weight' in sd, convert_timm_botnet),
    'pvt_v2': (lambda sd: any(k.startswith(('stages.', 'block1.')) and
                              '.attn.kv.' in k for k in sd),
               convert_pvt_v2_classifier),
    'resnext': (lambda sd: 'conv1.weight' in sd and
                'layer1.0.conv1.weight' in sd, convert_resnext_classifier),
    'swin': (lambda sd: any(k.startswith('layers.') and
                            k.endswith('relative_position_bias_table')
                            for k in sd), convert_timm_swin),
    'vit': (lambda sd: 'cls_token' in sd and
            any(k.startswith('blocks.') for k in sd), convert_timm_vit),
}
# Module keys a timm checkpoint cannot hold: GLMNet's FReLU funnels, and
# mmpretrain Swin's relative position indices (buffers both compute).
_NO_IMAGENET_COUNTERPART = re.compile(
    r'(^|\.)(act[123]|relu)\.|relative_position_index$')


def timm_family(state_dict: dict, filename: str = '') -> str:
    """The mmglm family of a timm state dict (``'nest'``, ``'vit'``, ...)."""
    for name, (recognise, _) in _FAMILIES.items():
        if recognise(state_dict):
            return name
    first = next(iter(state_dict), None)
    raise KeyError(
        f'{filename}: not a timm checkpoint of a family mmglm converts '
        f'({", ".join(_FAMILIES)}); its first key is {first!r}. Give the '
        'timm state dict itself (e.g. the hub\'s model.safetensors).')


def load_timm_classifier(filename: str) -> 'OrderedDict[str, torch.Tensor]':
    """Read a timm checkpoint and convert it to ``ImageClassifier`` keys."""
    state_dict = load_state_dict(filename)
    family = timm_family(state_dict, filename)
    try:
        return _FAMILIES[family][1](state_dict)
    except KeyError as e:
        raise KeyError(f'{filename} (timm {family}): {e.args[0]}') from None


@CheckpointLoader.register_scheme(prefixes=PREFIX)
def _load_timm_scheme(filename: str, map_location=None) -> dict:
    """``timm://FILE`` for mmengine's loaders: classifier-layout keys."""
    return {'state_dict': load_timm_classifier(filename[len(PREFIX):])}


def load_timm_into(module: torch.nn.Module, filename: str) -> None:
    """Load timm weights into ``module`` (a classifier or a backbone), every
    key checked; errors name the key and ``filename``."""
    state_dict = load_timm_classifier(filename)
    if not hasattr(module, 'backbone'):  # a backbone: its part only
        state_dict = OrderedDict((k[len('backbone.'):], v)
                                 for k, v in state_dict.items()
                                 if k.startswith('backbone.'))
    own = module.state_dict()
    name = type(module).__name__
    unexpected = [k for k in state_dict if k not in own]
    missing = [
        k for k in own
        if k not in state_dict and not _NO_IMAGENET_COUNTERPART.search(k)
    ]
    if unexpected:
        raise KeyError(
            f'{filename}: key {unexpected[0]!r} (after conversion) is not in '
            f'{name} ({len(unexpected)} such keys): another architecture or '
            'size?')
    if missing:
        raise KeyError(
            f'{name} key {missing[0]!r} is missing from {filename} '
            f'({len(missing)} missing): another architecture or size?')
    # Position embeddings / tables of another size are resized by the
    # modules' own load hooks; every other shape must match.
    mismatched = [  # in the module's order
        k for k, v in own.items()
        if k in state_dict and tuple(v.shape) != tuple(state_dict[k].shape)
        and not k.endswith(('pos_embed', 'relative_position_bias_table'))
    ]
    if mismatched:
        key = mismatched[0]
        raise RuntimeError(
            f'{filename} does not fit {name}: {key} has shape '
            f'{tuple(state_dict[key].shape)} in the file, '
            f'{tuple(own[key].shape)} in the module ({len(mismatched)} '
            'mismatched tensors): another architecture or size?')
    try:
        module.load_state_dict(state_dict, strict=False)
    except RuntimeError as e:  # a load hook could not resize
        first = [line.strip() for line in str(e).splitlines()[1:2]]
        raise RuntimeError(f'{filename} does not fit {name}: {first}') \
            from None


@WEIGHT_INITIALIZERS.register_module(name='Pretrained')
class TimmAwarePretrained(PretrainedInit):
    """mmengine's ``Pretrained`` init that also takes ``timm://FILE``.

    Args:
        checkpoint (str): A checkpoint path or URL; ``timm://FILE`` for a
            timm state dict (converted, every key checked).
        prefix (str, optional): As mmengine's; ignored for ``timm://`` (the
            layout follows the module). Defaults to None.
        map_location (str): Defaults to ``'cpu'``.
    """

    def __call__(self, module: torch.nn.Module) -> None:
        if not str(self.checkpoint).startswith(PREFIX):
            return super().__call__(module)
        filename = self.checkpoint[len(PREFIX):]
        load_timm_into(module, filename)
        if hasattr(module, '_params_init_info'):
            update_init_info(module, init_info=f'Initialized by timm '
                             f'checkpoint {filename}')

    def _get_init_info(self) -> str:
        return f'{self.__class__.__name__}: load from {self.checkpoint}'
