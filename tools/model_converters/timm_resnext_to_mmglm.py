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

# The mapping lives in the package (one copy, also used by the on-the-fly
# ``timm://`` loader of init_cfg).
from mmglm.models.utils.converters.resnext import (  # noqa: E402,F401
    _KEY, CLASSIFIER_PREFIX, convert_mmglm_to_timm, convert_resnext)


def main() -> None:
    convert_cli(convert_resnext, __doc__.split('\n')[0],
                'timm/torchvision', 'timm resnext',
                'backbone.local_branch.')


if __name__ == '__main__':
    main()
