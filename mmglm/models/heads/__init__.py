# Copyright (c) mmglm contributors. All rights reserved.
from .swinfc_head import SwinFCHead  # noqa: F401
