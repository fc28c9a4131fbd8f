# Copyright (c) mmglm contributors. All rights reserved.
from .gamma_logger_hook import GammaLoggerHook  # noqa: F401
