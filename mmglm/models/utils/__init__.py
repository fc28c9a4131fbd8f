# Copyright (c) mmglm contributors. All rights reserved.
from .input_size import (InputSizeError, check_input_size,  # noqa: F401
                         nearest_valid_sizes)
