# Copyright (c) mmglm contributors. All rights reserved.
"""mmglm's CUB: mmpretrain's CUB plus checks, in mmglm's registry."""
import pytest
from mmengine.registry import init_default_scope
from mmpretrain.datasets import CUB as MMPretrainCUB

from mmglm.datasets import CUB
from mmglm.registry import DATASETS
from .utils import build_cub


@pytest.fixture
def cub(tmp_path, real_jpegs):
    root = tmp_path / 'CUB_200_2011'
    return root, build_cub(root, real_jpegs)


def test_same_as_mmpretrain(cub):
    root, rels = cub
    init_default_scope('mmglm')
    ours = DATASETS.build(dict(type='CUB', data_root=str(root), split='train'))
    assert type(ours) is CUB and isinstance(ours, MMPretrainCUB)
    ref = MMPretrainCUB(data_root=str(root), split='train')
    assert len(ours) == len(ref) == 3
    for i in range(3):
        assert ours.get_data_info(i) == ref.get_data_info(i)
    assert list(ours.get_gt_labels()) == [0, 1, 199]
    assert ours.metainfo['classes'] == ref.metainfo['classes']
    assert len(ours.metainfo['classes']) == 200
    test = CUB(data_root=str(root), split='test')
    assert list(test.get_gt_labels()) == [0, 1]


def test_errors(cub, tmp_path):
    root, rels = cub
    (root / 'images' / rels[3]).unlink()
    with pytest.raises(
            FileNotFoundError,
            match=rf'{rels[3]} \(line 4 of .*images\.txt\)'):
        CUB(data_root=str(root))
    ds = CUB(data_root=str(root), skip_bad_images=True)
    assert len(ds) == 2 and len(ds.bad_images) == 1
    with pytest.raises(
            FileNotFoundError, match=r'CUB: data root .*data\.caltech\.edu'):
        CUB(data_root=str(tmp_path / 'nowhere'))
