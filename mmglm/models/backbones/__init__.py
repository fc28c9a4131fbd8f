# Copyright (c) mmglm contributors. All rights reserved.
from .botnet import BoTBottleneck, BoTNet  # noqa: F401
from .glmnet import GLMNet  # noqa: F401
from .nest import NesT  # noqa: F401
from .pvt_v2 import PVTv2  # noqa: F401
from .resnext_frelu import FReLUBottleneck, ResNeXtFReLU  # noqa: F401
from .swinfc_backbone import SwinFCBackbone  # noqa: F401
from .t2t_vit import T2TViT  # noqa: F401
from .vit import ViT  # noqa: F401
