# Copyright (c) mmglm contributors. All rights reserved.
"""Image lists in mmpretrain's ``CustomDataset`` annotation-file layout."""
import os.path as osp
from typing import List, Optional, Sequence, Tuple

from mmglm.registry import DATASETS
from .base import (CheckedImageDataset, ClassesArg, read_annotation_file,
                   read_class_names)
from .image_check import Sample


@DATASETS.register_module()
class AnnotatedImageList(CheckedImageDataset):
    """A split given by an annotation file, with the class list in a file.

    Layout (that of the project's ``../shared/data`` sets and of the files
    ``tools/dataset_converters/folder_to_ann.py`` writes)::

        <data_root>/
        ├── meta/
        │   ├── classes.txt    # one class name per line, in index order
        │   ├── train.txt      # "<path relative to data_root> <class index>"
        │   └── val.txt
        └── <images anywhere under data_root>

    Unlike ``CustomDataset``, a line whose image is missing, a malformed line
    or a label outside the class list raises an error naming the annotation
    file and line, and unreadable images are caught when the dataset is built
    (see :class:`~mmglm.datasets.base.CheckedImageDataset`).

    Args:
        data_root (str): Dataset root (``data/<set>`` falls back to
            ``$MMGLM_DATA/<set>`` and ``../shared/data/<set>``).
        split (str): Reads ``meta/<split>.txt``. Defaults to ``'train'``.
        ann_file (str): Annotation file relative to ``data_root`` (or
            absolute), instead of ``meta/<split>.txt``. Defaults to ''.
        data_prefix (str): Folder the annotated paths are relative to,
            itself relative to ``data_root``. Defaults to '' (the root).
        classes (str | Sequence[str], optional): Class names or a file with
            one per line. Defaults to ``meta/classes.txt``.
        **kwargs: See :class:`~mmglm.datasets.base.CheckedImageDataset`
            (``skip_bad_images``, ``check_images``, ``pipeline``, ...).

    Examples:
        >>> from mmglm.datasets import AnnotatedImageList
        >>> ds = AnnotatedImageList('data/cub100', split='val')
        >>> len(ds), len(ds.metainfo['classes'])
        (277, 100)
    """

    DATA_HINT = ('Lay the set out as <root>/meta/<split>.txt ("<relative '
                 'image path> <class index>" per line) plus '
                 '<root>/meta/classes.txt; tools/dataset_converters/'
                 'folder_to_ann.py writes these files from class folders.')

    def __init__(self,
                 data_root: str,
                 split: str = 'train',
                 ann_file: str = '',
                 data_prefix: str = '',
                 classes: ClassesArg = None,
                 **kwargs):
        super().__init__(
            data_root=data_root,
            split=split,
            ann_file=ann_file or osp.join('meta', f'{split}.txt'),
            data_prefix=data_prefix,
            classes=classes,
            **kwargs)

    def _default_classes(self) -> Optional[List[str]]:
        path = osp.join(self.data_root, 'meta', 'classes.txt')
        return read_class_names(path) if osp.isfile(path) else None

    def _annotated_samples(self) -> List[Sample]:
        entries = read_annotation_file(self.ann_file,
                                       type(self).__name__, self.DATA_HINT)
        return [
            Sample(
                osp.join(self.img_prefix, rel), label,
                f'line {lineno} of {self.ann_file}')
            for rel, label, lineno in entries
        ]

    def load_samples(self) -> Tuple[List[Sample], Optional[Sequence[str]]]:
        return self._annotated_samples(), self._default_classes()

    def extra_repr(self) -> List[str]:
        return [f'Annotation file: \t{self.ann_file}'] + self._check_repr()


@DATASETS.register_module()
class CUB100(AnnotatedImageList):
    """The project's 100-class CUB-200-2011 subset (``../shared/data/cub100``).

    2,626 train / 277 val images (227x227 crops around the bird), splits
    ``train`` and ``val``, in the :class:`AnnotatedImageList` layout. For
    CPU-sized fine-grained runs; the full benchmark is :class:`CUB`.

    Args:
        data_root (str): Defaults to ``'data/cub100'`` (falls back to
            ``../shared/data/cub100``).
        split (str): ``'train'`` or ``'val'``. Defaults to ``'train'``.
        **kwargs: See :class:`AnnotatedImageList`.
    """

    DATA_HINT = ('cub100 is the project\'s shared sample set: use '
                 '../shared/data/cub100 from the repository root (or link it '
                 'to data/cub100).')

    def __init__(self,
                 data_root: str = 'data/cub100',
                 split: str = 'train',
                 **kwargs):
        super().__init__(data_root=data_root, split=split, **kwargs)
