# Copyright (c) mmglm contributors. All rights reserved.
"""COCO detection data with mmglm's ``data/<set>`` fallback (mmdet-based).

mmdet's :class:`~mmdet.datasets.CocoDataset` and
:class:`~mmdet.evaluation.CocoMetric` read their paths as given. mmglm's
detection configs point at ``data/coco`` or ``data/coco_mini``; these thin
subclasses resolve such a path like every mmglm dataset
(:func:`~mmglm.datasets.resolve_data_root`: the path itself, then
``../shared/data/<set>`` relative to the working directory and to the
repository) and change nothing else.

In an mmdet config (``default_scope = 'mmdet'``) name them with
``_scope_='mmglm'``, as mmglm backbones: ``dict(_scope_='mmglm',
type='CocoDataset', ...)``. (A ``scope.`` prefix is resolved only among the
root registry's direct children, and mmglm's registries are children of
mmpretrain's: ``type='mmglm.CocoDataset'`` is not found, only the import
path ``'mmglm.datasets.CocoDataset'`` would be.) The dataset's pipeline is
always built in mmdet's scope, where its transforms live.
"""
import os
import os.path as osp
from typing import Optional

from mmdet.datasets import CocoDataset as MMDetCocoDataset
from mmengine.registry import DefaultScope

from mmglm.registry import DATASETS
from .data_root import resolve_data_root

_HINT = ('Download COCO 2017 from https://cocodataset.org so that '
         'data/coco/{train2017,val2017}/*.jpg and data/coco/annotations/'
         'instances_{train,val}2017.json exist, or pass data_root=... '
         '(coco_mini, the 80 + 79 image sample, lives in '
         '../shared/data/coco_mini with the same layout).')


def resolve_data_path(path: Optional[str], dataset_name: str) -> Optional[str]:
    """Resolve a file or folder under ``data/<set>/...``.

    ``data/<set>`` is resolved with :func:`resolve_data_root` and the rest of
    the path is appended; any other path (absolute, ``s3://``, ``None``) is
    returned unchanged, as is a path that already exists.

    Args:
        path (str, optional): E.g. ``'data/coco_mini/annotations/x.json'``.
        dataset_name (str): Class name for the error message.

    Returns:
        str | None: The resolved path, keeping a trailing ``/``.

    Raises:
        FileNotFoundError: If ``data/<set>`` resolves nowhere.
    """
    if not path or osp.isabs(path) or '://' in path or osp.exists(path):
        return path
    parts = osp.normpath(path).split(os.sep)
    if parts[0] != 'data' or len(parts) < 2:
        return path
    root = resolve_data_root(osp.join(*parts[:2]), dataset_name, _HINT)
    resolved = osp.join(root, *parts[2:])
    return resolved + '/' if path.endswith('/') else resolved


@DATASETS.register_module()
class CocoDataset(MMDetCocoDataset):
    """mmdet's ``CocoDataset`` whose ``data/<set>`` root falls back to
    ``../shared/data/<set>``.

    Args:
        data_root (str): Dataset root, e.g. ``'data/coco_mini/'``. Defaults to
            ``''`` (paths taken as given).
        **kwargs: Passed to :class:`mmdet.datasets.CocoDataset`
            (``ann_file``, ``data_prefix``, ``pipeline``, ...).
    """

    def __init__(self, *args, data_root: str = '', **kwargs):
        data_root = resolve_data_path(data_root, type(self).__name__) or ''
        # Built with _scope_='mmglm', the pipeline would otherwise resolve in
        # mmglm's scope; its transforms (PackDetInputs, ...) are mmdet's.
        with DefaultScope.overwrite_default_scope('mmdet'):
            super().__init__(*args, data_root=data_root, **kwargs)
