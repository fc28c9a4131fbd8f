# Copyright (c) mmglm contributors. All rights reserved.
from .checkpoint import (CheckpointLoadError, MMENGINE_CHECKPOINT_GLOBALS,
                         load_checkpoint_safely)
from .distributed import CPUDistributedDataParallel, setup_cpu_distributed
from .fast_path import AutocastOptimWrapper, apply_fast_path
from .hooks import *  # noqa: F401,F403

__all__ = [
    'CheckpointLoadError', 'MMENGINE_CHECKPOINT_GLOBALS',
    'load_checkpoint_safely', 'CPUDistributedDataParallel',
    'setup_cpu_distributed', 'AutocastOptimWrapper', 'apply_fast_path'
]
from . import checkpoint_integrity  # noqa: F401,E402  (CRC before loading)
from . import resume  # noqa: F401,E402  (auto-resume falls back on bad files)
from .config_check import (UnregisteredTypeError,  # noqa: E402
                           check_config_types)
from .checkpoint_integrity import verify_checkpoint  # noqa: E402
from .resume import NoResumableCheckpointError  # noqa: E402

__all__ += [
    'UnregisteredTypeError', 'check_config_types',
    'NoResumableCheckpointError', 'NonFiniteLossHook', 'NonFiniteLossError',
    'verify_checkpoint'
]
