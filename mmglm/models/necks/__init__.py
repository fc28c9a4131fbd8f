# Copyright (c) mmglm contributors. All rights reserved.
from .ffm import FFMNeck, feature_diversification  # noqa: F401
