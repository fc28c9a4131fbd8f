# Copyright (c) mmglm contributors. All rights reserved.
from .data_root import resolve_data_root
from .intel import IntelImageClassification

__all__ = ['resolve_data_root', 'IntelImageClassification']

try:  # detection data needs mmdet (a runtime requirement, but optional here)
    from .coco import CocoDataset, resolve_data_path  # noqa: F401
    __all__ += ['CocoDataset', 'resolve_data_path']
except ImportError:  # pragma: no cover
    pass
