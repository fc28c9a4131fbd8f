# Copyright (c) mmglm contributors. All rights reserved.
from .dataset_consistency_hook import DatasetModelConsistencyHook
from .nonfinite_loss import NonFiniteLossError, NonFiniteLossHook

__all__ = [
    'DatasetModelConsistencyHook', 'NonFiniteLossHook', 'NonFiniteLossError'
]
