# Copyright (c) mmglm contributors. All rights reserved.
"""Intel Image Classification (Kaggle ``puneet6060/intel-image-classification``)."""
import os.path as osp
from typing import List

from mmpretrain.datasets import CustomDataset

from mmglm.registry import DATASETS
from .data_root import resolve_data_root

INTEL_CLASSES = ('buildings', 'forest', 'glacier', 'mountain', 'sea',
                 'street')

_HINT = ('Download the Kaggle dataset puneet6060/intel-image-classification '
         'and unpack it so that data/intel/seg_train/<class>/*.jpg and '
         'data/intel/seg_test/<class>/*.jpg exist (or pass data_root=...). '
         'The annotation-file layout <root>/meta/<split>.txt + '
         '<root>/meta/classes.txt (as ../shared/data/intel_mini) works too.')


@DATASETS.register_module()
class IntelImageClassification(CustomDataset):
    """Intel scene classification: 6 classes, 150x150 images.

    Two layouts are read:

    - Kaggle folders: ``<root>/seg_{split}/<class>/*.jpg`` (the Kaggle archive's
      doubled ``seg_train/seg_train`` is accepted too), splits ``train`` and
      ``test``.
    - Annotation files: ``<root>/meta/{split}.txt`` with lines
      ``<relative path> <class index>`` and ``<root>/meta/classes.txt``, as in
      ``../shared/data/intel_mini`` (splits ``train`` and ``val``).

    Args:
        data_root (str): Dataset root. ``data/<set>`` falls back to
            ``../shared/data/<set>`` when absent.
        split (str): ``'train'``, ``'val'`` or ``'test'``. Defaults to
            ``'train'``.
        **kwargs: Passed to :class:`mmpretrain.datasets.CustomDataset`.
    """

    METAINFO = {'classes': INTEL_CLASSES}

    def __init__(self, data_root: str, split: str = 'train', **kwargs):
        data_root = resolve_data_root(data_root, type(self).__name__, _HINT)
        ann_file = osp.join('meta', f'{split}.txt')
        if osp.isfile(osp.join(data_root, ann_file)):
            kwargs.setdefault('ann_file', ann_file)
            kwargs.setdefault('data_prefix', '')
            classes = osp.join(data_root, 'meta', 'classes.txt')
            if osp.isfile(classes):
                kwargs.setdefault('metainfo', {'classes': classes})
        else:
            folder = self._find_split_folder(data_root, split)
            kwargs.setdefault('ann_file', '')
            kwargs.setdefault('data_prefix', folder)
            kwargs.setdefault('with_label', True)
        self.split = split
        super().__init__(data_root=data_root, **kwargs)

    @staticmethod
    def _find_split_folder(data_root: str, split: str) -> str:
        tried: List[str] = []
        for rel in (f'seg_{split}/seg_{split}', f'seg_{split}', split):
            tried.append(osp.join(data_root, rel))
            if osp.isdir(tried[-1]):
                return rel
        raise FileNotFoundError(
            f'IntelImageClassification: no split {split!r} under {data_root} '
            f'(tried meta/{split}.txt and {", ".join(tried)}). {_HINT}')

    def extra_repr(self) -> List[str]:
        return [f'Split: \t{self.split}', f'Root: \t{self.data_root}']


