# Copyright (c) mmglm contributors. All rights reserved.
from .botnet import BoTBottleneck, BoTNet  # noqa: F401
