# Copyright (c) mmglm contributors. All rights reserved.
from .annotated import CUB100, AnnotatedImageList
from .base import CheckedImageDataset
from .cub import CUB
from .data_root import resolve_data_root
from .image_check import (CorruptImageError, check_samples, probe_image_bytes,
                          probe_image_file)
from .intel import IntelImageClassification
from .nabirds import NABirds
from .transforms import LoadImageFromFileChecked
from .webfg import WebFG496

__all__ = [
    'resolve_data_root', 'IntelImageClassification', 'AnnotatedImageList',
    'CUB100', 'CUB', 'NABirds', 'WebFG496', 'CheckedImageDataset',
    'CorruptImageError', 'check_samples', 'probe_image_file',
    'probe_image_bytes', 'LoadImageFromFileChecked'
]

try:  # detection data needs mmdet (a runtime requirement, but optional here)
    from .coco import CocoDataset, resolve_data_path  # noqa: F401
    __all__ += ['CocoDataset', 'resolve_data_path']
except ImportError:  # pragma: no cover
    pass
