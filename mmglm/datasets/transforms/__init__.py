# Copyright (c) mmglm contributors. All rights reserved.
from .loading import LoadImageFromFileChecked
from .size import at_size

__all__ = ['LoadImageFromFileChecked', 'at_size']
