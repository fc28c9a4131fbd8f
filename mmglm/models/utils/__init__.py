# Copyright (c) mmglm contributors. All rights reserved.
from .eaca import EACA, CrossSpatialAttention, ExternalAttention1d  # noqa: F401
from .fsm import FeatureSelectionModule  # noqa: F401
