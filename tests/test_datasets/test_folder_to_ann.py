# Copyright (c) mmglm contributors. All rights reserved.
"""tools/dataset_converters/folder_to_ann.py on a fake Kaggle Intel tree."""

import pytest

from mmglm.datasets import IntelImageClassification
from tests.utils import load_script
from .utils import make_class_tree, put_truncated


def _load_tool():
    return load_script('tools/dataset_converters/folder_to_ann.py')


@pytest.fixture
def kaggle(tmp_path, real_jpegs):
    root = tmp_path / 'intel'
    make_class_tree(root / 'seg_train/seg_train', {
        'forest': 4,
        'glacier': 5,
        'street': 1
    }, real_jpegs)
    make_class_tree(root / 'seg_test/seg_test', {
        'glacier': 2,
        'street': 1
    }, real_jpegs)
    return root


def test_split_and_read_back(kaggle):
    tool = _load_tool()
    tool.main([
        str(kaggle), '--train', 'seg_train/seg_train', '--test',
        'seg_test/seg_test', '--val-ratio', '0.25', '--seed', '0'
    ])
    meta = kaggle / 'meta'
    # Classes are the train folder's (Intel names, so indices differ from
    # the dataset's fixed six: the files carry their own class list).
    assert meta.joinpath('classes.txt').read_text().split() == [
        'forest', 'glacier', 'street'
    ]
    train = meta.joinpath('train.txt').read_text().splitlines()
    val = meta.joinpath('val.txt').read_text().splitlines()
    # Per class: round(4 * .25) = 1, round(5 * .25) = 1, a single image stays
    # in train.
    assert len(val) == 2 and len(train) == 8
    assert {v.split()[-1] for v in val} == {'0', '1'}
    assert not set(train) & set(val)
    # The dataset now reads the annotation files (they take precedence).
    ds_val = IntelImageClassification(str(kaggle), split='val')
    assert len(ds_val) == 2
    assert ds_val.metainfo['classes'] == ('forest', 'glacier', 'street')
    ds_test = IntelImageClassification(str(kaggle), split='test')
    assert list(ds_test.get_gt_labels()) == [1, 1, 2]
    # Same seed, same split.
    tool.main([
        str(kaggle), '--train', 'seg_train/seg_train', '--val-ratio', '0.25',
        '--seed', '0'
    ])
    assert meta.joinpath('val.txt').read_text().splitlines() == val


def test_bad_images(kaggle, real_jpegs):
    tool = _load_tool()
    put_truncated(real_jpegs[0], kaggle / 'seg_train/seg_train/forest/x.jpg')
    with pytest.raises(SystemExit, match=r'(?s)1 unreadable .*forest/x\.jpg'):
        tool.main([str(kaggle), '--train', 'seg_train/seg_train'])
    tool.main(
        [str(kaggle), '--train', 'seg_train/seg_train', '--skip-bad-images'])
    assert len((kaggle / 'meta/train.txt').read_text().splitlines()) == 10
    assert 'forest/x.jpg' in (kaggle / 'meta/bad_images.txt').read_text()
