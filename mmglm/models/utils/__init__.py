# Copyright (c) mmglm contributors. All rights reserved.
from .drop_path_rates import python_drop_probs  # noqa: F401
from .frelu import FReLU, build_act_layer, is_frelu_cfg  # noqa: F401
from .global_local_exchange import GlobalLocalExchange  # noqa: F401
from .input_size import (InputSizeError, check_input_size,  # noqa: F401
                         nearest_valid_sizes)
from .patchify_stem import PatchifyStem, PointwisePatchEmbed  # noqa: F401
from .bottleneck_mhsa import (BottleneckMHSA, rel_pos_logits_2d,  # noqa: F401
                              resize_rel_pos_table)
from .bottleneck import Bottleneck  # noqa: F401
from .eaca import EACA, CrossSpatialAttention, ExternalAttention1d  # noqa: F401
from .fsm import FeatureSelectionModule  # noqa: F401
from .performer_attention import PerformerAttention  # noqa: F401
from .pos_embed_resize import resize_pos_embed  # noqa: F401
from .qk_scale_attention import QKScaleMultiheadAttention  # noqa: F401
# `init_cfg=dict(type='Pretrained', checkpoint='timm://FILE')`
from .timm_pretrained import (TimmAwarePretrained,  # noqa: F401,E402
                              load_timm_into, timm_family)
