# Copyright (c) mmglm contributors. All rights reserved.
from .setup_env import register_all_modules

__all__ = ['register_all_modules']
from .backbone_keys import BackboneKeyError, check_backbone_keys  # noqa: E402

__all__ += ['BackboneKeyError', 'check_backbone_keys']
from .model_hub import register_model_index  # noqa: E402

__all__ += ['register_model_index']
