# Copyright (c) mmglm contributors. All rights reserved.
try:  # detection metrics need mmdet
    from .coco_metric import CocoMetric  # noqa: F401
except ImportError:  # pragma: no cover
    pass
