# Copyright (c) mmglm contributors. All rights reserved.
"""Write CustomDataset-style annotation files for a class-per-folder tree.

Reads ``ROOT/<train>/<class>/**/<image>`` (and optionally a test folder of
the same shape) and writes, under ``ROOT/meta/``:

- ``classes.txt``: the sorted class folder names of the train folder;
- ``train.txt`` and, with ``--val-ratio``, ``val.txt``: a per-class random
  hold-out of the train folder (fixed ``--seed``), to tune on without
  touching the test set;
- ``test.txt`` with ``--test``.

Each line is ``<path relative to ROOT> <class index>``, the layout of
``mmglm.datasets.AnnotatedImageList`` and ``IntelImageClassification``
(which prefers these files to the Kaggle folders once they exist).

Every image is checked like mmglm datasets do when built (header, end
marker): bad files stop the conversion with a list, or are left out and
listed in ``meta/bad_images.txt`` with ``--skip-bad-images``.

Examples::

    # Intel (Kaggle): 10 % of seg_train as val, seg_test as test
    python tools/dataset_converters/folder_to_ann.py data/intel \\
        --train seg_train/seg_train --test seg_test/seg_test --val-ratio 0.1
    # One WebFG-496 subset, with a val split of the web training images
    python tools/dataset_converters/folder_to_ann.py data/WebFG-496/web-bird \\
        --train train --test val --val-ratio 0.1 --skip-bad-images
"""
import argparse
import os
import os.path as osp
import random
import sys
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

from mmglm.datasets.base import scan_class_folders
from mmglm.datasets.image_check import probe_image_file


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('root', help='dataset root; meta/ is written here')
    parser.add_argument(
        '--train', required=True, help='train folder, relative to root')
    parser.add_argument('--test', help='test folder, relative to root')
    parser.add_argument(
        '--val-ratio',
        type=float,
        default=0.0,
        help='fraction of each train class held out as meta/val.txt')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument(
        '--skip-bad-images',
        action='store_true',
        help='leave unreadable images out (listed in meta/bad_images.txt)')
    parser.add_argument(
        '--no-check', action='store_true', help='do not probe image files')
    return parser.parse_args(argv)


def _scan(root, rel, classes=None):
    folder = osp.join(root, rel)
    if not osp.isdir(folder):
        sys.exit(f'error: {folder} is not a folder')
    found, pairs = scan_class_folders(folder)
    if classes is None:
        classes = found
    unknown = sorted(set(found) - set(classes))
    if unknown:
        sys.exit(f'error: {folder} has class folders {unknown[:5]} that the '
                 'train folder lacks')
    index = {c: i for i, c in enumerate(classes)}
    return classes, [(osp.relpath(p, root), index[c]) for p, c in pairs]


def _write(path, lines):
    with open(path, 'w', encoding='utf-8') as f:
        f.writelines(f'{line}\n' for line in lines)
    print(f'wrote {path} ({len(lines)} lines)')


def main(argv=None):
    args = parse_args(argv)
    root = args.root
    classes, train = _scan(root, args.train)
    test = _scan(root, args.test, classes)[1] if args.test else []

    bad = []
    if not args.no_check:
        items = train + test
        with ThreadPoolExecutor(max_workers=8) as pool:
            reasons = list(
                pool.map(probe_image_file,
                         [osp.join(root, p) for p, _ in items]))
        bad = [(p, r) for (p, _), r in zip(items, reasons) if r]
        if bad and not args.skip_bad_images:
            listing = '\n'.join(f'  {p}: {r}' for p, r in bad[:20])
            sys.exit(f'error: {len(bad)} unreadable image(s) under {root}:\n'
                     f'{listing}\nFix: delete or re-download them, or pass '
                     '--skip-bad-images to leave them out.')
        bad_paths = {p for p, _ in bad}
        train = [x for x in train if x[0] not in bad_paths]
        test = [x for x in test if x[0] not in bad_paths]

    val = []
    if args.val_ratio > 0:
        rng = random.Random(args.seed)
        by_class = defaultdict(list)
        for item in train:
            by_class[item[1]].append(item)
        train = []
        for label in sorted(by_class):
            items = by_class[label]
            rng.shuffle(items)
            n_val = int(round(len(items) * args.val_ratio))
            n_val = min(max(n_val, 1), len(items) - 1) if len(items) > 1 else 0
            val += sorted(items[:n_val])
            train += sorted(items[n_val:])

    meta = osp.join(root, 'meta')
    os.makedirs(meta, exist_ok=True)
    _write(osp.join(meta, 'classes.txt'), classes)
    _write(osp.join(meta, 'train.txt'), [f'{p} {i}' for p, i in train])
    if val:
        _write(osp.join(meta, 'val.txt'), [f'{p} {i}' for p, i in val])
    if test:
        _write(osp.join(meta, 'test.txt'), [f'{p} {i}' for p, i in test])
    if bad:
        _write(osp.join(meta, 'bad_images.txt'), [f'{p}\t{r}' for p, r in bad])
        print(f'left out {len(bad)} unreadable image(s)')


if __name__ == '__main__':
    main()
