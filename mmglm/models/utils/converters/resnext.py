# Copyright (c) mmglm contributors. All rights reserved.
"""timm / torchvision ResNeXt keys -> mmglm ``ResNeXtFReLU``."""
import re
from collections import OrderedDict
from typing import Dict

import torch

from .io import with_linear_head


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


def convert_resnext_classifier(
        state_dict: Dict[str, torch.Tensor]
) -> 'OrderedDict[str, torch.Tensor]':
    """timm ResNeXt -> ``ImageClassifier`` keys: ``backbone.*`` (as
    :func:`convert_resnext`) and ``fc.*`` as ``head.fc.*``."""
    return with_linear_head(convert_resnext(state_dict), state_dict,
                            CLASSIFIER_PREFIX)
