# Copyright (c) mmglm contributors. All rights reserved.
from .t2t_vit import T2TViT  # noqa: F401
from .vit import ViT  # noqa: F401
