# Copyright (c) mmglm contributors. All rights reserved.
"""Convert timm / torchvision ResNeXt ImageNet weights to mmglm.

mmpretrain's ResNet/ResNeXt (and so mmglm's ``ResNeXtFReLU``) names its
modules as torchvision and timm do (``conv1``, ``bn1``,
``layer{i}.{j}.{conv1,bn1,conv2,bn2,conv3,bn3}``,
``layer{i}.0.downsample.{0,1}``), so the conversion drops the ImageNet
classifier (``fc.*``) and checks that nothing else is foreign. The FReLU
funnels (``act1/act2/act3`` in the blocks, ``relu`` in the stem) have no
ImageNet counterpart and keep their initialisation: load with
``strict=False`` (mmengine's ``Pretrained`` init does) or ``frelu_sites=
'none'`` for an exact ResNeXt.

Usage (e.g. timm ``resnext50_32x4d.a1h_in1k`` / torchvision weights)::

    python tools/model_converters/timm_resnext_to_mmglm.py \
        resnext50_32x4d.pth checkpoints/resnext50-32x4d_timm-in1k_mmglm.pth

then ``local_cfg=dict(init_cfg=dict(type='Pretrained',
checkpoint='checkpoints/resnext50-32x4d_timm-in1k_mmglm.pth'))`` in
GLMNet, or the same ``init_cfg`` on a ``ResNeXtFReLU`` backbone.
``--prefix backbone.local_branch.`` writes whole-model keys instead.
"""
import re
from collections import OrderedDict
from typing import Dict

import torch

try:
    from ._common import convert_cli
except ImportError:  # run as a script
    from _common import convert_cli

CLASSIFIER_PREFIX = 'fc.'
_KEY = re.compile(
    r'^(conv1\.weight|bn1\.\w+|layer\d+\.\d+\.'
    r'(conv[123]\.weight|bn[123]\.\w+|downsample\.[01]\.\w+))$')


def convert_resnext(
        state_dict: Dict[str, torch.Tensor]
) -> 'OrderedDict[str, torch.Tensor]':
    """timm / torchvision ResNeXt state dict -> mmglm ``ResNeXtFReLU``.

    Pure function: the input is not modified.

    Raises:
        KeyError: if a key is neither the classifier nor a ResNeXt key.
    """
    out = OrderedDict()
    for k, v in state_dict.items():
        if k.startswith(CLASSIFIER_PREFIX):
            continue
        if not _KEY.match(k):
            raise KeyError(f'unexpected key for a torchvision-layout '
                           f'ResNeXt: {k}')
        out[k] = v
    return out


def convert_mmglm_to_timm(
        state_dict: Dict[str, torch.Tensor]
) -> 'OrderedDict[str, torch.Tensor]':
    """Inverse of :func:`convert_resnext`: drops the FReLU funnels (no timm
    counterpart); the classifier is not restored."""
    return OrderedDict((k, v) for k, v in state_dict.items() if _KEY.match(k))


def main() -> None:
    convert_cli(convert_resnext, __doc__.split('\n')[0],
                'timm/torchvision', 'timm resnext',
                'backbone.local_branch.')


if __name__ == '__main__':
    main()
