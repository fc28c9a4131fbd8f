# Copyright (c) mmglm contributors. All rights reserved.
"""mmdet's COCO metric with mmglm's ``data/<set>`` fallback (``ann_file``)."""
from typing import Optional

from mmdet.evaluation import CocoMetric as MMDetCocoMetric

from mmglm.datasets.coco import resolve_data_path
from mmglm.registry import METRICS


@METRICS.register_module()
class CocoMetric(MMDetCocoMetric):
    """mmdet's ``CocoMetric`` whose ``data/<set>/...`` annotation file falls
    back to ``../shared/data/<set>/...`` (see :mod:`mmglm.datasets.coco`).

    Args:
        ann_file (str, optional): COCO annotation json, e.g.
            ``'data/coco_mini/annotations/instances_val2017.json'``.
        **kwargs: Passed to :class:`mmdet.evaluation.CocoMetric`.
    """

    def __init__(self, ann_file: Optional[str] = None, **kwargs):
        super().__init__(
            ann_file=resolve_data_path(ann_file, type(self).__name__),
            **kwargs)
