# Copyright (c) mmglm contributors. All rights reserved.
from .swinfc_backbone import SwinFCBackbone  # noqa: F401
