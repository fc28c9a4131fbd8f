# Copyright (c) mmglm contributors. All rights reserved.
from .bottleneck_mhsa import (BottleneckMHSA, rel_pos_logits_2d,  # noqa: F401
                              resize_rel_pos_table)
