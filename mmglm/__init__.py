# Copyright (c) mmglm contributors. All rights reserved.
"""mmglm: global-local vision models for MMPretrain.

``import mmglm`` registers every mmglm module, makes ``mmglm::`` base configs
resolvable (mmengine keeps a hard-coded package list) and allowlists the
objects mmengine checkpoints hold for torch's ``weights_only`` loading. It
also enters mmglm's types in mmpretrain's registries (see ``mmglm.registry``)
and its ``model-index.yml`` in ``mmpretrain.apis.ModelHub``, so mmpretrain's
API (``get_model``, ``inference_model``, the inferencers) takes mmglm models
by name or config path.
"""
from .utils.package_configs import enable_package_configs
from .version import __version__

enable_package_configs()  # `_base_ = 'mmglm::...'` (see its docstring)

from . import engine  # noqa: E402,F401  (checkpoint allowlist, hooks)
from . import datasets, evaluation, models, visualization  # noqa: E402,F401
# `type='mmglm.GLMNet'` from another scope (mmdet) resolves through
# mmengine's import-path fallback, which needs the classes here.
from .models.backbones import *  # noqa: E402,F401,F403
from .utils import register_all_modules, register_model_index  # noqa: E402

# `mmpretrain.get_model('glmnet-tiny_1xb32_intel-mini-112px')`, list_models,
# inference_model and the inferencers know mmglm's model-index.yml.
register_model_index()

__all__ = ['__version__', 'register_all_modules']
