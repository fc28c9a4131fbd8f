# Copyright (c) mmglm contributors. All rights reserved.
from .stage_fusion import StageFusionNeck  # noqa: F401
from .ffm import (FFMNeck, feature_diversification,  # noqa: F401
                  fusion_attention_stats)
from .simple_fpn import SimpleFeaturePyramid  # noqa: F401
