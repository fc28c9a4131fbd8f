# Copyright (c) mmglm contributors. All rights reserved.
from .performer_attention import PerformerAttention  # noqa: F401
from .pos_embed_resize import resize_pos_embed  # noqa: F401
from .qk_scale_attention import QKScaleMultiheadAttention  # noqa: F401
