# Copyright (c) mmglm contributors. All rights reserved.
from .loading import LoadImageFromFileChecked

__all__ = ['LoadImageFromFileChecked']
