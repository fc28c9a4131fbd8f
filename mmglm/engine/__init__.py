# Copyright (c) mmglm contributors. All rights reserved.
from .checkpoint import (CheckpointLoadError, MMENGINE_CHECKPOINT_GLOBALS,
                         load_checkpoint_safely)
from .distributed import CPUDistributedDataParallel, setup_cpu_distributed
from .hooks import *  # noqa: F401,F403

__all__ = [
    'CheckpointLoadError', 'MMENGINE_CHECKPOINT_GLOBALS',
    'load_checkpoint_safely', 'CPUDistributedDataParallel',
    'setup_cpu_distributed'
]
