# Copyright (c) mmglm contributors. All rights reserved.
"""mmpretrain's CUB-200-2011 with mmglm's data-root fallback and checks."""
import os.path as osp
from typing import List, Optional

from mmpretrain.datasets import CUB as _MMPretrainCUB

from mmglm.registry import DATASETS
from .base import ClassesArg, ImageCheckMixin, read_id_table
from .data_root import resolve_data_root
from .image_check import Sample

_HINT = ('Download CUB_200_2011.tgz from https://data.caltech.edu/records/'
         '65de6-vp158 and unpack it so that data/CUB_200_2011/images/, '
         'images.txt, image_class_labels.txt and train_test_split.txt exist.')


@DATASETS.register_module()
class CUB(ImageCheckMixin, _MMPretrainCUB):
    """CUB-200-2011: mmpretrain's :class:`mmpretrain.datasets.CUB`, checked.

    Registered as ``CUB`` in mmglm's registry, so ``type='CUB'`` under
    ``default_scope='mmglm'`` builds this subclass (``_scope_='mmpretrain'``
    still reaches the original). Same layout, arguments, splits (``train``
    5,994 / ``test`` 5,794), labels and class names; it adds

    - the data-root fallback and download hint of
      :func:`~mmglm.datasets.resolve_data_root`,
    - an error naming ``images.txt`` and the line of an image that does not
      exist, and the ids missing from the label or split files,
    - the build-time image check and ``skip_bad_images`` of
      :class:`~mmglm.datasets.base.CheckedImageDataset`.

    Args:
        data_root (str): Root of ``CUB_200_2011``. Defaults to
            ``'data/CUB_200_2011'``.
        split (str): ``'train'`` or ``'test'``. Defaults to ``'train'``.
        skip_bad_images (bool): Leave out missing or unreadable images with a
            warning and a count. Defaults to False.
        check_images (bool): Probe image files at build time. Defaults to
            True.
        classes (str | Sequence[str], optional): Replacement class names.
        **kwargs: Passed to :class:`mmpretrain.datasets.CUB`.
    """

    def __init__(self,
                 data_root: str = 'data/CUB_200_2011',
                 split: str = 'train',
                 skip_bad_images: bool = False,
                 check_images: bool = True,
                 classes: ClassesArg = None,
                 metainfo: Optional[dict] = None,
                 **kwargs):
        data_root = resolve_data_root(data_root, 'CUB', _HINT)
        metainfo = self._init_checks(skip_bad_images, check_images, classes,
                                     metainfo, data_root)
        super().__init__(
            data_root=data_root, split=split, metainfo=metainfo, **kwargs)

    def load_data_list(self) -> List[dict]:
        name = 'CUB'
        images = read_id_table(self.ann_file, name, _HINT)
        labels = read_id_table(self.image_class_labels_file, name, _HINT)
        split = read_id_table(self.train_test_split_file, name, _HINT)
        for other, table in ((self.image_class_labels_file, labels),
                             (self.train_test_split_file, split)):
            missing = [i for i in images if i not in table]
            if missing:
                raise ValueError(
                    f'{name}: image id {missing[0]} (line '
                    f'{images[missing[0]][1]} of {self.ann_file}) has no '
                    f'entry in {other} ({len(missing)} ids missing).')
        want = '1' if self.split == 'train' else '0'
        samples = [
            Sample(
                osp.join(self.img_prefix, rel),
                int(labels[i][0]) - 1, f'line {lineno} of {self.ann_file}')
            for i, (rel, lineno) in images.items() if split[i][0] == want
        ]
        # CUB ids are 1-based; the class names stay mmpretrain's.
        return self._finalize(samples, self.METAINFO['classes'])

    def extra_repr(self) -> List[str]:
        return self._check_repr()
