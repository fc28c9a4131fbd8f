# Copyright (c) mmglm contributors. All rights reserved.
from .data_root import resolve_data_root
from .intel import IntelImageClassification

__all__ = ['resolve_data_root', 'IntelImageClassification']
