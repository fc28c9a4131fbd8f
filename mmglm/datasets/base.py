# Copyright (c) mmglm contributors. All rights reserved.
"""Shared machinery of mmglm's image-classification datasets.

Every mmglm dataset turns its layout into a list of
:class:`~mmglm.datasets.image_check.Sample` (path, label, where it was read)
plus a class list, and :class:`ImageCheckMixin` then

- checks that the labels index the class list (errors name the file and line),
- checks that every image exists and can be decoded
  (:func:`~mmglm.datasets.image_check.check_samples`), raising by default or
  leaving bad images out with a warning and a count when
  ``skip_bad_images=True`` (``dataset.bad_images`` lists them),
- sets ``metainfo['classes']``.
"""
import logging
import os
import os.path as osp
from typing import Dict, List, Optional, Sequence, Tuple, Union

from mmengine.logging import print_log
from mmpretrain.datasets import BaseDataset

from .data_root import resolve_data_root
from .image_check import Sample, check_samples

#: Extensions picked up when scanning class folders (lower case).
IMG_EXTENSIONS = ('.jpg', '.jpeg', '.png', '.bmp', '.ppm', '.pgm', '.tif',
                  '.tiff', '.webp')

ClassesArg = Union[str, Sequence[str], None]


def _fail_missing_file(path: str, dataset_name: str, hint: str = ''):
    raise FileNotFoundError(
        f'{dataset_name}: annotation file {path} not found. {hint}'.rstrip())


def read_annotation_file(path: str,
                         dataset_name: str,
                         hint: str = '') -> List[Tuple[str, int, int]]:
    """Read a ``<relative path> <class index>`` list (CustomDataset format).

    Blank lines and lines starting with ``#`` are ignored; the path may
    contain spaces (the label is the last field).

    Returns:
        list[tuple]: ``(relative path, label, line number)`` per entry.
    """
    if not osp.isfile(path):
        _fail_missing_file(path, dataset_name, hint)
    entries = []
    with open(path, encoding='utf-8') as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            parts = line.rsplit(maxsplit=1)
            if len(parts) != 2 or not parts[1].lstrip('-').isdigit():
                raise ValueError(
                    f'{dataset_name}: line {lineno} of {path} is {line!r}; '
                    'expected "<image path relative to the data root> '
                    '<class index>". Fix the line or re-run the converter.')
            entries.append((parts[0], int(parts[1]), lineno))
    return entries


def read_id_table(path: str,
                  dataset_name: str,
                  hint: str = '') -> Dict[str, Tuple[str, int]]:
    """Read an ``<id> <value>`` table (CUB / NABirds metadata files).

    Returns:
        dict: ``id -> (value, line number)``; the value is the rest of the
        line, so it may contain spaces (class names).
    """
    if not osp.isfile(path):
        _fail_missing_file(path, dataset_name, hint)
    table: Dict[str, Tuple[str, int]] = {}
    with open(path, encoding='utf-8') as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            parts = line.split(maxsplit=1)
            if len(parts) != 2:
                raise ValueError(
                    f'{dataset_name}: line {lineno} of {path} is {line!r}; '
                    'expected "<id> <value>".')
            if parts[0] in table:
                raise ValueError(
                    f'{dataset_name}: id {parts[0]!r} appears twice in '
                    f'{path} (lines {table[parts[0]][1]} and {lineno}).')
            table[parts[0]] = (parts[1], lineno)
    return table


def read_class_names(path: str) -> List[str]:
    """One class name per line; blank lines are ignored."""
    with open(path, encoding='utf-8') as f:
        return [line.strip() for line in f if line.strip()]


def scan_class_folders(
    folder: str,
    extensions: Sequence[str] = IMG_EXTENSIONS
) -> Tuple[List[str], List[Tuple[str, str]]]:
    """Scan a ``<folder>/<class>/**/<image>`` tree.

    Hidden files and folders are ignored, as are files whose extension is not
    in ``extensions``.

    Returns:
        tuple: Sorted class folder names, and ``(image path, class name)``
        pairs in sorted order.
    """
    classes = sorted(
        e.name for e in os.scandir(folder)
        if e.is_dir() and not e.name.startswith('.'))
    exts = tuple(e.lower() for e in extensions)
    samples = []
    for name in classes:
        for root, dirs, files in os.walk(osp.join(folder, name)):
            dirs[:] = sorted(d for d in dirs if not d.startswith('.'))
            for fname in sorted(files):
                if (not fname.startswith('.')
                        and fname.lower().endswith(exts)):
                    samples.append((osp.join(root, fname), name))
    return classes, samples


class ImageCheckMixin:
    """Class-list handling and image checks for ``load_data_list``.

    Subclasses call :meth:`_init_checks` before ``BaseDataset.__init__`` and
    return :meth:`_finalize` from ``load_data_list``.
    """

    def _init_checks(self, skip_bad_images: bool, check_images: bool,
                     classes: ClassesArg, metainfo: Optional[dict],
                     data_root: str) -> Optional[dict]:
        self.skip_bad_images = skip_bad_images
        self.check_images = check_images
        #: ``(img_path, reason)`` of the images left out by
        #: ``skip_bad_images=True``.
        self.bad_images: List[Tuple[str, str]] = []
        metainfo = dict(metainfo or {})
        if classes is None:
            classes = metainfo.pop('classes', None)
        else:
            metainfo.pop('classes', None)
        if isinstance(classes, str):
            path = classes
            if not osp.isabs(path) and osp.isfile(osp.join(data_root, path)):
                path = osp.join(data_root, path)
            if not osp.isfile(path):
                raise FileNotFoundError(
                    f'{type(self).__name__}: classes file {classes!r} not '
                    f'found (tried it as given and under {data_root}).')
            classes = read_class_names(path)
        self._user_classes = None if classes is None else tuple(classes)
        return metainfo

    def _finalize(self, samples: List[Sample],
                  classes: Optional[Sequence[str]]) -> List[dict]:
        """Set the classes, check labels and images, build the data list."""
        name = type(self).__name__
        if self._user_classes is not None:
            if classes is not None and len(classes) != len(self._user_classes):
                raise ValueError(
                    f'{name}: {len(self._user_classes)} classes were given '
                    f'but the data defines {len(classes)}. Fix: drop the '
                    '`classes`/`metainfo` argument or give one name per '
                    'class.')
            classes = self._user_classes
        if classes is None:
            raise ValueError(f'{name}: no class list (pass classes=[...] or '
                             'a classes file).')
        classes = tuple(classes)
        self._metainfo['classes'] = classes
        for s in samples:
            if not 0 <= s.gt_label < len(classes):
                where = s.source or s.img_path
                raise ValueError(
                    f'{name}: label {s.gt_label} ({where}) is outside '
                    f'0..{len(classes) - 1} ({len(classes)} classes). Fix the '
                    'annotation or the class list.')
        kept, self.bad_images = check_samples(
            samples,
            name,
            skip_bad_images=self.skip_bad_images,
            check_images=self.check_images)
        return [dict(img_path=s.img_path, gt_label=s.gt_label) for s in kept]

    def _check_repr(self) -> List[str]:
        body = [
            f'Split: \t{getattr(self, "split", None)}',
            f'Root of dataset: \t{self.data_root}'
        ]
        if self.bad_images:
            body.append(f'Skipped bad images: \t{len(self.bad_images)}')
        return body


class CheckedImageDataset(ImageCheckMixin, BaseDataset):
    """Base of mmglm's classification datasets with a split and a data root.

    Subclasses set :attr:`DATA_HINT` (where to get the data, how to lay it
    out) and implement :meth:`load_samples`.

    Args:
        data_root (str): Dataset root. A relative ``data/<set>`` falls back
            to ``$MMGLM_DATA/<set>`` and ``../shared/data/<set>``
            (:func:`~mmglm.datasets.resolve_data_root`).
        split (str): Which split to read. Defaults to ``'train'``.
        skip_bad_images (bool): Leave out missing or unreadable images with a
            warning and a count (``dataset.bad_images``) instead of raising.
            Defaults to False.
        check_images (bool): Probe every image's header and end marker when
            the dataset is built (cheap: two small reads per file). If False,
            only annotated images are checked for existence. Defaults to True.
        classes (str | Sequence[str], optional): Class names (or a file with
            one per line, relative to ``data_root`` or as given) replacing the
            names the data defines; the count must match. Defaults to None.
        **kwargs: Passed to :class:`mmpretrain.datasets.BaseDataset`
            (``pipeline``, ``test_mode``, ``indices``, ``lazy_init``, ...).
    """

    DATA_HINT = ''

    def __init__(self,
                 data_root: str,
                 split: str = 'train',
                 skip_bad_images: bool = False,
                 check_images: bool = True,
                 classes: ClassesArg = None,
                 metainfo: Optional[dict] = None,
                 ann_file: str = '',
                 data_prefix: str = '',
                 **kwargs):
        data_root = resolve_data_root(data_root,
                                      type(self).__name__, self.DATA_HINT)
        self.split = split
        metainfo = self._init_checks(skip_bad_images, check_images, classes,
                                     metainfo, data_root)
        super().__init__(
            ann_file=ann_file,
            metainfo=metainfo,
            data_root=data_root,
            data_prefix=data_prefix,
            **kwargs)

    def load_samples(self) -> Tuple[List[Sample], Optional[Sequence[str]]]:
        """Return the split's samples and the class names of the layout."""
        raise NotImplementedError

    def load_data_list(self) -> List[dict]:
        samples, classes = self.load_samples()
        if not samples:
            raise RuntimeError(
                f'{type(self).__name__}: split {self.split!r} under '
                f'{self.data_root} has no images. {self.DATA_HINT}')
        return self._finalize(samples, classes)

    def extra_repr(self) -> List[str]:
        return self._check_repr()


def warn_class_count(dataset_name: str, what: str, found: int, expected: int):
    """Log a warning when a layout has an unexpected number of classes."""
    if found != expected:
        print_log(
            f'{dataset_name}: {what} has {found} classes, the published '
            f'dataset has {expected} (incomplete download?).',
            logger='current',
            level=logging.WARNING)
