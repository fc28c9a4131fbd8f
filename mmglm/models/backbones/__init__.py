# Copyright (c) mmglm contributors. All rights reserved.
from .glmnet import GLMNet  # noqa: F401
from .pvt_v2 import PVTv2  # noqa: F401
from .resnext_frelu import FReLUBottleneck, ResNeXtFReLU  # noqa: F401
from .botnet import BoTBottleneck, BoTNet  # noqa: F401
from .nest import NesT  # noqa: F401
from .swinfc_backbone import SwinFCBackbone  # noqa: F401
