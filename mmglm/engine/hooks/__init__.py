# Copyright (c) mmglm contributors. All rights reserved.
from .compiled_train_step import CompiledTrainStepHook
from .dataset_consistency_hook import DatasetModelConsistencyHook
from .ffm_entropy_hook import FFMEntropyHook
from .gamma_logger_hook import GammaLoggerHook
from .nonfinite_loss import NonFiniteLossError, NonFiniteLossHook

__all__ = [
    'CompiledTrainStepHook', 'DatasetModelConsistencyHook', 'FFMEntropyHook',
    'GammaLoggerHook', 'NonFiniteLossHook', 'NonFiniteLossError'
]
