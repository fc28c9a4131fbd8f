# Copyright (c) mmglm contributors. All rights reserved.
from .dataset_consistency_hook import DatasetModelConsistencyHook
from .gamma_logger_hook import GammaLoggerHook
from .nonfinite_loss import NonFiniteLossError, NonFiniteLossHook

__all__ = [
    'DatasetModelConsistencyHook', 'GammaLoggerHook', 'NonFiniteLossHook',
    'NonFiniteLossError'
]
