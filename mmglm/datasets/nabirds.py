# Copyright (c) mmglm contributors. All rights reserved.
"""NABirds (Van Horn et al., CVPR 2015), in its official layout."""
import os.path as osp
from typing import List, Optional, Sequence, Tuple

from mmglm.registry import DATASETS
from .base import CheckedImageDataset, read_id_table, warn_class_count
from .image_check import Sample

_HINT = ('Request NABirds at https://dl.allaboutbirds.org/nabirds, unpack '
         'nabirds.tar.gz and put (or link) the nabirds/ folder at '
         'data/nabirds, so that data/nabirds/images/, images.txt, '
         'image_class_labels.txt, train_test_split.txt and classes.txt '
         'exist.')

#: Number of classes (leaf ids that label images) of the published dataset.
NABIRDS_NUM_CLASSES = 555


@DATASETS.register_module()
class NABirds(CheckedImageDataset):
    """NABirds: 48,562 images of 555 North-American bird categories.

    Official layout (the unpacked ``nabirds.tar.gz``)::

        nabirds/
        ├── images/<4-digit class folder>/<image>.jpg
        ├── images.txt              # <image id> <path under images/>
        ├── image_class_labels.txt  # <image id> <class id>
        ├── train_test_split.txt    # <image id> <1 = train, 0 = test>
        ├── classes.txt             # <class id> <name>, 1,011 hierarchy nodes
        └── hierarchy.txt, bounding_boxes.txt, parts/, ... (not used)

    ``classes.txt`` lists the whole taxonomy (1,011 nodes: species, sexes and
    morphs, but also genera, families and orders). The classes are the ids
    that label at least one image in ``image_class_labels.txt`` (555 in the
    published set), sorted by id and mapped to contiguous labels ``0..554``
    for both splits; ``metainfo['classes']`` keeps their names and
    ``metainfo['class_ids']`` their NABirds ids. Splits: ``train`` (23,929)
    and ``test`` (24,633).

    Args:
        data_root (str): Root of the unpacked set. Defaults to
            ``'data/nabirds'``.
        split (str): ``'train'`` or ``'test'``. Defaults to ``'train'``.
        **kwargs: See :class:`~mmglm.datasets.base.CheckedImageDataset`
            (``skip_bad_images``, ``check_images``, ``pipeline``, ...).
    """

    DATA_HINT = _HINT

    def __init__(self,
                 data_root: str = 'data/nabirds',
                 split: str = 'train',
                 **kwargs):
        if split not in ('train', 'test'):
            raise ValueError(
                f"NABirds: split must be 'train' or 'test', got {split!r}.")
        super().__init__(
            data_root=data_root, split=split, data_prefix='images', **kwargs)

    def _path(self, name: str) -> str:
        return osp.join(self.data_root, name)

    def load_samples(self) -> Tuple[List[Sample], Optional[Sequence[str]]]:
        name = 'NABirds'
        images_file = self._path('images.txt')
        labels_file = self._path('image_class_labels.txt')
        split_file = self._path('train_test_split.txt')
        classes_file = self._path('classes.txt')
        images = read_id_table(images_file, name, _HINT)
        labels = read_id_table(labels_file, name, _HINT)
        split = read_id_table(split_file, name, _HINT)
        class_names = read_id_table(classes_file, name, _HINT)

        for other, table in ((labels_file, labels), (split_file, split)):
            missing = [i for i in images if i not in table]
            if missing:
                raise ValueError(
                    f'{name}: image id {missing[0]} (line '
                    f'{images[missing[0]][1]} of {images_file}) has no entry '
                    f'in {other} ({len(missing)} ids missing). Fix: use the '
                    'files of one NABirds release together.')

        try:
            used_ids = sorted({int(v) for v, _ in labels.values()})
        except ValueError:
            bad = next(
                (i, ln) for i, (v, ln) in labels.items() if not v.isdigit())
            raise ValueError(f'{name}: line {bad[1]} of {labels_file} has a '
                             'non-integer class id.') from None
        unnamed = [c for c in used_ids if str(c) not in class_names]
        if unnamed:
            raise ValueError(
                f'{name}: class id {unnamed[0]} labels images in '
                f'{labels_file} but is not listed in {classes_file}.')
        warn_class_count(name, labels_file, len(used_ids), NABIRDS_NUM_CLASSES)
        id_to_label = {cid: i for i, cid in enumerate(used_ids)}
        self._metainfo['class_ids'] = tuple(used_ids)

        want = '1' if self.split == 'train' else '0'
        samples = []
        for image_id, (rel, lineno) in images.items():
            flag = split[image_id][0]
            if flag not in ('0', '1'):
                raise ValueError(
                    f'{name}: line {split[image_id][1]} of {split_file} has '
                    f'is_training={flag!r}; expected 1 or 0.')
            if flag != want:
                continue
            samples.append(
                Sample(
                    osp.join(self.img_prefix,
                             rel), id_to_label[int(labels[image_id][0])],
                    f'line {lineno} of {images_file}'))
        classes = [class_names[str(c)][0] for c in used_ids]
        return samples, classes
