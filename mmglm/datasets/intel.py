# Copyright (c) mmglm contributors. All rights reserved.
"""Intel Image Classification (Kaggle dataset
``puneet6060/intel-image-classification``)."""
import os.path as osp
from typing import List, Optional, Sequence, Tuple

from mmglm.registry import DATASETS
from .annotated import AnnotatedImageList
from .base import scan_class_folders
from .image_check import Sample

INTEL_CLASSES = ('buildings', 'forest', 'glacier', 'mountain', 'sea', 'street')

_HINT = ('Download the Kaggle dataset puneet6060/intel-image-classification '
         '(https://www.kaggle.com/datasets/puneet6060/intel-image-'
         'classification) and unpack it so that data/intel/seg_train/'
         '<class>/*.jpg and data/intel/seg_test/<class>/*.jpg exist (the '
         'archive\'s doubled seg_train/seg_train works too). The annotation-'
         'file layout <root>/meta/<split>.txt + <root>/meta/classes.txt (as '
         '../shared/data/intel_mini, or written by tools/dataset_converters/'
         'folder_to_ann.py) works as well.')


@DATASETS.register_module()
class IntelImageClassification(AnnotatedImageList):
    """Intel scene classification: 6 classes, 150x150 images.

    Two layouts are read, the annotation files taking precedence:

    - annotation files: ``<root>/meta/<split>.txt`` with lines
      ``<relative path> <class index>`` and ``<root>/meta/classes.txt``, as in
      ``../shared/data/intel_mini`` (splits ``train`` and ``val``) or as
      written by ``tools/dataset_converters/folder_to_ann.py`` (which also
      carves a ``val`` split out of the Kaggle training folder);
    - Kaggle folders: ``<root>/seg_<split>/<class>/*.jpg`` (the archive's
      doubled ``seg_train/seg_train`` is accepted too), splits ``train``
      (14,034 images) and ``test`` (3,000). Labels follow
      :data:`INTEL_CLASSES`; a class folder outside it is an error.

    Args:
        data_root (str): Dataset root. ``data/<set>`` falls back to
            ``$MMGLM_DATA/<set>`` and ``../shared/data/<set>`` when absent.
        split (str): ``'train'``, ``'val'`` or ``'test'``. Defaults to
            ``'train'``.
        **kwargs: See :class:`~mmglm.datasets.AnnotatedImageList`
            (``skip_bad_images``, ``check_images``, ``pipeline``, ...).
    """

    METAINFO = {'classes': INTEL_CLASSES}
    DATA_HINT = _HINT

    def __init__(self, data_root: str, split: str = 'train', **kwargs):
        # An explicit ann_file is always read (a missing one is an error).
        self._explicit_ann = bool(kwargs.get('ann_file'))
        super().__init__(data_root=data_root, split=split, **kwargs)

    def _find_split_folder(self) -> str:
        tried: List[str] = []
        split = self.split
        for rel in (f'seg_{split}/seg_{split}', f'seg_{split}', split):
            tried.append(osp.join(self.data_root, rel))
            if osp.isdir(tried[-1]):
                return tried[-1]
        hint = ''
        if split == 'val':
            hint = (' The Kaggle archive has no val split: make one with '
                    'python tools/dataset_converters/folder_to_ann.py '
                    f'{self.data_root} --train seg_train/seg_train --test '
                    'seg_test/seg_test --val-ratio 0.1.')
        raise FileNotFoundError(
            f'IntelImageClassification: no split {split!r} under '
            f'{self.data_root} (tried {self.ann_file} and '
            f'{", ".join(tried)}).{hint} {_HINT}')

    def load_samples(self) -> Tuple[List[Sample], Optional[Sequence[str]]]:
        if self._explicit_ann or osp.isfile(self.ann_file):
            return (self._annotated_samples(), self._default_classes()
                    or INTEL_CLASSES)
        folder = self._find_split_folder()
        found, pairs = scan_class_folders(folder)
        unknown = sorted(set(found) - set(INTEL_CLASSES))
        if unknown:
            raise ValueError(
                f'IntelImageClassification: {folder} has class folders '
                f'{unknown} that are not Intel classes {INTEL_CLASSES}. Fix: '
                'remove them, or use AnnotatedImageList for other data.')
        index = {name: i for i, name in enumerate(INTEL_CLASSES)}
        return [Sample(p, index[c]) for p, c in pairs], INTEL_CLASSES
