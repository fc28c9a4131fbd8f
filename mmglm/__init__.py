# Copyright (c) mmglm contributors. All rights reserved.
"""mmglm: global-local vision models for MMPretrain.

``import mmglm`` registers every mmglm module, makes ``mmglm::`` base configs
resolvable (mmengine keeps a hard-coded package list) and allowlists the
objects mmengine checkpoints hold for torch's ``weights_only`` loading.
"""
from .utils.package_configs import enable_package_configs
from .version import __version__

enable_package_configs()  # `_base_ = 'mmglm::...'` (see its docstring)

from . import engine  # noqa: E402,F401  (checkpoint allowlist, hooks)
from . import datasets, evaluation, models, visualization  # noqa: E402,F401
# `type='mmglm.GLMNet'` from another scope (mmdet) resolves through
# mmengine's import-path fallback, which needs the classes here.
from .models.backbones import *  # noqa: E402,F401,F403
from .utils import register_all_modules  # noqa: E402

__all__ = ['__version__', 'register_all_modules']
