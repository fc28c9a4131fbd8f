# Copyright (c) mmglm contributors. All rights reserved.
"""timm -> mmglm key mappings: one copy, used by the command-line converters
(``tools/model_converters``) and by the ``timm://`` checkpoints of
``init_cfg`` (:mod:`mmglm.models.utils.timm_pretrained`)."""
from .botnet import convert_timm_botnet
from .io import add_prefix, load_state_dict, save_state_dict
from .nest import convert_timm_nest
from .pvt_v2 import convert_pvt_v2, convert_pvt_v2_classifier
from .resnext import convert_resnext, convert_resnext_classifier
from .swin import convert_timm_swin
from .vit import convert_timm_vit

__all__ = [
    'add_prefix', 'convert_pvt_v2', 'convert_pvt_v2_classifier',
    'convert_resnext', 'convert_resnext_classifier', 'convert_timm_botnet',
    'convert_timm_nest', 'convert_timm_swin', 'convert_timm_vit', 'load_state_dict',
    'save_state_dict'
]
