# Copyright (c) mmglm contributors. All rights reserved.
from .contrastive_loss import TransFGContrastiveLoss  # noqa: F401
