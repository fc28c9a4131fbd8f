# Copyright (c) mmglm contributors. All rights reserved.
"""timm / official PVTv2 keys -> mmglm ``PVTv2`` (timm's own layout)."""
from collections import OrderedDict
from typing import Dict

import torch

from .io import with_linear_head


CLASSIFIER_PREFIX = 'head.'


def convert_pvt_v2(
        state_dict: Dict[str, torch.Tensor]
) -> 'OrderedDict[str, torch.Tensor]':
    """timm / official PVTv2 state dict -> mmglm ``PVTv2`` state dict.

    Pure function: the input is not modified. An mmglm state dict (no
    classifier) comes back unchanged.
    """
    if 'patch_embed.proj.weight' not in state_dict:
        # Official layout: let timm remap it (its own filter function).
        from timm.models.pvt_v2 import checkpoint_filter_fn
        state_dict = checkpoint_filter_fn(state_dict, None)
        if 'patch_embed.proj.weight' not in state_dict:
            raise KeyError('not a PVTv2 checkpoint: no patch_embed.proj / '
                           'patch_embed1.proj weight')
    return OrderedDict((k, v) for k, v in state_dict.items()
                       if not k.startswith(CLASSIFIER_PREFIX))


def convert_mmglm_to_timm(
        state_dict: Dict[str, torch.Tensor]
) -> 'OrderedDict[str, torch.Tensor]':
    """Inverse of :func:`convert_pvt_v2` (the classifier is not restored)."""
    return OrderedDict(state_dict.items())


def convert_pvt_v2_classifier(
        state_dict: Dict[str, torch.Tensor]
) -> 'OrderedDict[str, torch.Tensor]':
    """timm PVTv2 -> ``ImageClassifier`` keys: ``backbone.*`` (as
    :func:`convert_pvt_v2`) and timm's ``head.*`` as ``head.fc.*``
    (``LinearClsHead``)."""
    return with_linear_head(convert_pvt_v2(state_dict), state_dict,
                            CLASSIFIER_PREFIX)
