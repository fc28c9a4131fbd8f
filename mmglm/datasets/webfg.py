# Copyright (c) mmglm contributors. All rights reserved.
"""WebFG-496 (Sun et al., ICCV 2021): webly supervised fine-grained sets."""
import os.path as osp
from typing import List, Optional, Sequence, Tuple

from mmglm.registry import DATASETS
from .base import CheckedImageDataset, scan_class_folders, warn_class_count
from .image_check import Sample

#: Sub-datasets and their published class counts, in the combined order.
WEBFG_SUBSETS = {'web-bird': 200, 'web-aircraft': 100, 'web-car': 196}

_HINT = ('Download WebFG-496 (https://github.com/NUST-Machine-Intelligence-'
         'Laboratory/weblyFG-dataset): wget https://web-fgvc-496-5089-sh.oss-'
         'cn-shanghai.aliyuncs.com/{web-bird,web-aircraft,web-car}.tar.gz, '
         'then tar -xzf each in data/WebFG-496, so that data/WebFG-496/'
         'web-bird/{train,val}/<class>/*.jpg (and likewise web-aircraft, '
         'web-car) exist.')


@DATASETS.register_module()
class WebFG496(CheckedImageDataset):
    """WebFG-496: web-crawled training images, clean test images.

    Layout of the official archives (``web-bird.tar.gz`` etc., read by the
    authors' code with ``torchvision.datasets.ImageFolder(<subset>/train)``
    and ``ImageFolder(<subset>/val)``)::

        <data_root>/
        ├── web-bird/       # 200 classes: 18,388 web train / 5,794 test (CUB)
        │   ├── train/<class>/<image>
        │   └── val/<class>/<image>
        ├── web-aircraft/   # 100 classes: 13,503 / 3,333 (FGVC-Aircraft)
        └── web-car/        # 196 classes: 21,448 / 8,041 (Stanford Cars)

    The ``val`` folders hold each benchmark's *test* images (split ``'test'``
    and ``'val'`` both read them). Within a subset the classes are the sorted
    folder names of ``train/`` (as ImageFolder does), and ``val/`` images are
    labelled by folder name, so a missing test class cannot shift labels.
    ``subset='all'`` concatenates the three subsets into one 496-class set
    (bird, aircraft, car order; names prefixed ``'<subset>/'``;
    ``metainfo['subset_ranges']`` gives each subset's label range).

    Web images are noisy: expect corrupt, truncated or non-image files. They
    raise an error naming each file by default; ``skip_bad_images=True``
    leaves them out with a warning and a count.

    Args:
        data_root (str): Folder holding the unpacked subsets. Defaults to
            ``'data/WebFG-496'``. For one subset it may also be that subset's
            own folder (the one holding ``train/`` and ``val/``).
        split (str): ``'train'``, ``'val'`` or ``'test'`` (the same images).
            Defaults to ``'train'``.
        subset (str): ``'web-bird'``, ``'web-aircraft'``, ``'web-car'`` or
            ``'all'``. Defaults to ``'all'``.
        **kwargs: See :class:`~mmglm.datasets.base.CheckedImageDataset`
            (``skip_bad_images``, ``check_images``, ``pipeline``, ...).
    """

    DATA_HINT = _HINT

    def __init__(self,
                 data_root: str = 'data/WebFG-496',
                 split: str = 'train',
                 subset: str = 'all',
                 **kwargs):
        if subset not in (*WEBFG_SUBSETS, 'all'):
            raise ValueError(
                f'WebFG496: subset must be one of {list(WEBFG_SUBSETS)} or '
                f"'all', got {subset!r}.")
        if split not in ('train', 'val', 'test'):
            raise ValueError("WebFG496: split must be 'train', 'val' or "
                             f"'test', got {split!r}.")
        self.subset = subset
        super().__init__(data_root=data_root, split=split, **kwargs)

    def _subset_dir(self, subset: str) -> str:
        nested = osp.join(self.data_root, subset)
        if osp.isdir(nested):
            return nested
        if self.subset != 'all' and osp.isdir(
                osp.join(self.data_root, 'train')):
            return self.data_root
        raise FileNotFoundError(
            f'WebFG496: subset folder {nested} not found. {_HINT}')

    def _load_subset(self, subset: str) -> Tuple[List[Sample], List[str]]:
        root = self._subset_dir(subset)
        train_dir = osp.join(root, 'train')
        if not osp.isdir(train_dir):
            raise FileNotFoundError(
                f'WebFG496: {train_dir} not found (its class folders define '
                f'the labels of every split). {_HINT}')
        classes, pairs = scan_class_folders(train_dir)
        warn_class_count('WebFG496', train_dir, len(classes),
                         WEBFG_SUBSETS[subset])
        if self.split != 'train':
            split_dir = osp.join(root, 'val')
            if not osp.isdir(split_dir):
                raise FileNotFoundError(
                    f'WebFG496: {split_dir} not found. {_HINT}')
            found, pairs = scan_class_folders(split_dir)
            unknown = sorted(set(found) - set(classes))
            if unknown:
                raise ValueError(
                    f'WebFG496: {split_dir} has class folders {unknown[:5]} '
                    f'that {train_dir} lacks ({len(unknown)} in all). Fix: '
                    'unpack train/ and val/ of the same archive.')
        index = {name: i for i, name in enumerate(classes)}
        return [Sample(p, index[c]) for p, c in pairs], classes

    def load_samples(self) -> Tuple[List[Sample], Optional[Sequence[str]]]:
        if self.subset != 'all':
            return self._load_subset(self.subset)
        samples: List[Sample] = []
        classes: List[str] = []
        ranges = {}
        for subset in WEBFG_SUBSETS:
            sub_samples, sub_classes = self._load_subset(subset)
            offset = len(classes)
            ranges[subset] = (offset, offset + len(sub_classes))
            samples += [
                s._replace(gt_label=s.gt_label + offset) for s in sub_samples
            ]
            classes += [f'{subset}/{c}' for c in sub_classes]
        # Label range [start, stop) of each subset, for per-subset metrics.
        self._metainfo['subset_ranges'] = ranges
        return samples, classes

    def extra_repr(self) -> List[str]:
        return [f'Subset: \t{self.subset}'] + self._check_repr()
