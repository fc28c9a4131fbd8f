# Copyright (c) mmglm contributors. All rights reserved.
from .gradcat import (GradCATNode, GradCATResult, draw_gradcat,  # noqa: F401
                      format_result, gradcat)
