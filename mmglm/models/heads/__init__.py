# Copyright (c) mmglm contributors. All rights reserved.
from .se_cls_head import SEClsHead  # noqa: F401
from .swinfc_head import SwinFCHead  # noqa: F401
