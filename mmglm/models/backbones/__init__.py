# Copyright (c) mmglm contributors. All rights reserved.
from .nest import NesT  # noqa: F401
