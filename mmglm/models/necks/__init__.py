# Copyright (c) mmglm contributors. All rights reserved.
from .stage_fusion import StageFusionNeck  # noqa: F401
