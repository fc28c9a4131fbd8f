# Copyright (c) mmglm contributors. All rights reserved.
"""NABirds on a hand-built tree in the official layout."""
import pytest

from mmglm.datasets import CorruptImageError, NABirds
from mmglm.registry import DATASETS
from .utils import (NABIRDS_CLASSES as CLASSES, NABIRDS_EXPECTED as EXPECTED,
                    NABIRDS_IMAGES as IMAGES, build_nabirds, put_truncated,
                    write_lines)


@pytest.fixture
def nabirds(tmp_path, real_jpegs):
    root = tmp_path / 'nabirds'
    ids, rels = build_nabirds(root, real_jpegs)
    return root, ids, rels


def test_label_mapping(nabirds):
    root, ids, rels = nabirds
    train = NABirds(str(root), split='train')
    test = DATASETS.build(
        dict(type='NABirds', data_root=str(root), split='test'))
    names = tuple(CLASSES[c] for c in sorted(EXPECTED))
    for ds, flag in ((train, 1), (test, 0)):
        assert ds.metainfo['classes'] == names
        assert ds.metainfo['class_ids'] == (295, 313, 599, 1010)
        want = [(r, EXPECTED[c]) for r, (c, tr) in zip(rels, IMAGES)
                if tr == flag]
        got = [(ds.get_data_info(i)['img_path'],
                ds.get_data_info(i)['gt_label']) for i in range(len(ds))]
        assert got == [(str(root / 'images' / r), lb) for r, lb in want]
    # Hand check: train = Song Sparrow, Yellow-rumped, Red-tailed, Herring.
    assert list(train.get_gt_labels()) == [2, 3, 0, 1]
    assert list(test.get_gt_labels()) == [0, 1, 2, 3]


def test_missing_image_and_bad_files(nabirds, real_jpegs):
    root, ids, rels = nabirds
    (root / 'images' / rels[2]).unlink()
    with pytest.raises(
            FileNotFoundError,
            match=rf'{rels[2]} \(line 3 of .*images\.txt\)'):
        NABirds(str(root), split='train')
    put_truncated(real_jpegs[0], root / 'images' / rels[2])
    with pytest.raises(CorruptImageError, match=rf'{rels[2]} \(line 3 of'):
        NABirds(str(root), split='train')
    ds = NABirds(str(root), split='train', skip_bad_images=True)
    assert len(ds) == 3 and len(ds.bad_images) == 1
    # The label space does not depend on which images survive.
    assert len(ds.metainfo['classes']) == 4
    with pytest.raises(ValueError, match="split must be 'train' or 'test'"):
        NABirds(str(root), split='val')


def test_inconsistent_metadata(nabirds):
    root, ids, _ = nabirds
    lines = (root / 'train_test_split.txt').read_text().splitlines()
    write_lines(root / 'train_test_split.txt', lines[:-1])
    with pytest.raises(
            ValueError,
            match=rf'{ids[-1]} \(line 8 of .*images\.txt\) has no '
            r'entry in .*train_test_split\.txt'):
        NABirds(str(root))
    write_lines(root / 'train_test_split.txt', lines)
    write_lines(root / 'classes.txt',
                [f'{k} {v}' for k, v in CLASSES.items() if k != 313])
    with pytest.raises(ValueError, match='class id 313 labels images'):
        NABirds(str(root))
    (root / 'classes.txt').unlink()
    with pytest.raises(
            FileNotFoundError, match=r'classes\.txt not found.*allaboutbirds'):
        NABirds(str(root))
