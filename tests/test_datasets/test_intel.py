# Copyright (c) mmglm contributors. All rights reserved.
"""IntelImageClassification: annotation layout (intel_mini), Kaggle layout."""
import pytest

from mmglm.datasets import IntelImageClassification
from mmglm.datasets.intel import INTEL_CLASSES
from mmglm.registry import DATASETS
from .utils import make_class_tree, put_truncated


@pytest.mark.parametrize('split,n', [('train', 3000), ('val', 600)])
def test_intel_mini(shared_data, split, n):
    root = shared_data / 'intel_mini'
    ds = IntelImageClassification(data_root=str(root), split=split)
    lines = (root / f'meta/{split}.txt').read_text().splitlines()
    assert len(ds) == len(lines) == n
    assert ds.metainfo['classes'] == INTEL_CLASSES
    labels = ds.get_gt_labels()
    assert list(labels) == [int(ln.split()[-1]) for ln in lines]
    # 500 (train) / 100 (val) per class, as the README of the set says.
    assert sorted(set(labels.tolist())) == list(range(6))
    assert (labels == 4).sum() == n // 6


@pytest.fixture
def kaggle(tmp_path, real_jpegs):
    """Kaggle archive layout: doubled seg_train/seg_train, seg_test/."""
    root = tmp_path / 'intel'
    make_class_tree(root / 'seg_train/seg_train', {
        'forest': 2,
        'sea': 3,
        'buildings': 1
    }, real_jpegs)
    make_class_tree(root / 'seg_test', {'street': 1, 'sea': 2}, real_jpegs)
    return root


def test_kaggle_layout(kaggle):
    ds = IntelImageClassification(str(kaggle), split='train')
    assert ds.metainfo['classes'] == INTEL_CLASSES
    # Labels are the fixed Intel indices, not positions among the folders.
    assert list(ds.get_gt_labels()) == [0, 1, 1, 4, 4, 4]
    assert ds.get_data_info(0)['img_path'].endswith(
        'seg_train/seg_train/buildings/000.jpg')
    test = DATASETS.build(
        dict(
            type='IntelImageClassification',
            data_root=str(kaggle),
            split='test'))
    assert list(test.get_gt_labels()) == [4, 4, 5]


def test_kaggle_errors(kaggle, real_jpegs):
    with pytest.raises(
            FileNotFoundError, match=r"no split 'val'.*folder_to_ann\.py"):
        IntelImageClassification(str(kaggle), split='val')
    put_truncated(real_jpegs[0], kaggle / 'seg_test/sea/bad.jpg')
    with pytest.raises(ValueError, match=r'seg_test/sea/bad\.jpg'):
        IntelImageClassification(str(kaggle), split='test')
    ds = IntelImageClassification(
        str(kaggle), split='test', skip_bad_images=True)
    assert len(ds) == 3 and len(ds.bad_images) == 1
    make_class_tree(kaggle / 'seg_test', {'cats': 1}, real_jpegs)
    with pytest.raises(ValueError, match=r"\['cats'\] that are not Intel"):
        IntelImageClassification(str(kaggle), split='test')


def test_missing_root_names_download(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv('MMGLM_DATA', raising=False)
    with pytest.raises(
            FileNotFoundError,
            match=r"data root 'data/intel' not found.*"
            r'puneet6060/intel-image-classification'):
        IntelImageClassification('data/intel')
