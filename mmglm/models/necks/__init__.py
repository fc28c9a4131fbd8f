# Copyright (c) mmglm contributors. All rights reserved.
from .stage_fusion import StageFusionNeck  # noqa: F401
from .ffm import FFMNeck, feature_diversification  # noqa: F401
