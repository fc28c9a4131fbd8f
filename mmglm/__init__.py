# Copyright (c) mmglm contributors. All rights reserved.
"""mmglm: global-local vision models for MMPretrain.

``import mmglm`` registers every mmglm module, makes ``mmglm::`` base configs
resolvable (mmengine keeps a hard-coded package list) and allowlists the
objects mmengine checkpoints hold for torch's ``weights_only`` loading.
"""
from mmengine.config.utils import MODULE2PACKAGE

from .version import __version__

# mmengine 0.10.7 asserts `package in MODULE2PACKAGE` for `pkg::` configs
# (open-mmlab/mmengine#1410); registering ourselves here avoids patching it.
MODULE2PACKAGE.setdefault('mmglm', 'mmglm')

from . import engine  # noqa: E402,F401  (checkpoint allowlist, hooks)
from . import datasets, evaluation, models, visualization  # noqa: E402,F401
from .utils import register_all_modules  # noqa: E402,F401

__all__ = ['__version__', 'register_all_modules']
