# Copyright (c) mmglm contributors. All rights reserved.
"""WebFG496 on a hand-built tree in the official archive layout."""
import pytest

from mmglm.datasets import CorruptImageError, WebFG496
from mmglm.registry import DATASETS
from .utils import WEBFG_TRAIN as TRAIN
from .utils import build_webfg, make_class_tree


@pytest.fixture
def webfg(tmp_path, real_jpegs):
    return build_webfg(tmp_path / 'WebFG-496', real_jpegs)


def test_subsets(webfg):
    bird = WebFG496(str(webfg), split='train', subset='web-bird')
    assert bird.metainfo['classes'] == tuple(sorted(TRAIN['web-bird']))
    assert list(bird.get_gt_labels()) == [0, 0, 1, 2, 2]
    test = WebFG496(str(webfg), split='test', subset='web-bird')
    assert list(test.get_gt_labels()) == [0, 2]
    assert test.metainfo['classes'] == bird.metainfo['classes']
    assert test.get_data_info(1)['img_path'].endswith(
        'web-bird/val/003.Sooty_Albatross/000.jpg')
    # data_root may be the subset folder itself.
    car = WebFG496(str(webfg / 'web-car'), split='val', subset='web-car')
    assert list(car.get_gt_labels()) == [1]


def test_combined(webfg):
    ds = DATASETS.build(
        dict(type='WebFG496', data_root=str(webfg), split='train'))
    classes = ds.metainfo['classes']
    assert len(classes) == 3 + 2 + 2
    assert classes[3] == 'web-aircraft/707-320'
    assert classes[5] == 'web-car/AM General Hummer SUV 2000'
    assert ds.metainfo['subset_ranges'] == {
        'web-bird': (0, 3),
        'web-aircraft': (3, 5),
        'web-car': (5, 7)
    }
    assert list(ds.get_gt_labels()) == [0, 0, 1, 2, 2, 3, 4, 4, 5, 5, 6]
    test = WebFG496(str(webfg), split='test')
    assert list(test.get_gt_labels()) == [0, 2, 4, 4, 6]


def test_errors(webfg, real_jpegs):
    html = webfg / 'web-car/train/Acura RL Sedan 2012/page.jpg'
    html.write_bytes(b'<html><body>Access denied</body></html>')
    with pytest.raises(
            CorruptImageError,
            match=r'Acura RL Sedan 2012/page\.jpg: not an image'):
        WebFG496(str(webfg), subset='web-car')
    ds = WebFG496(str(webfg), subset='web-car', skip_bad_images=True)
    assert len(ds) == 3 and ds.bad_images[0][0] == str(html)
    make_class_tree(webfg / 'web-bird/val', {'999.Unknown': 1}, real_jpegs)
    with pytest.raises(
            ValueError,
            match=r"\['999\.Unknown'\] that .*web-bird/train lacks"):
        WebFG496(str(webfg), split='test', subset='web-bird')
    with pytest.raises(ValueError, match='subset must be one of'):
        WebFG496(str(webfg), subset='web-dog')
    with pytest.raises(
            FileNotFoundError, match=r'subset folder .*web-bird not found'):
        WebFG496(str(webfg / 'web-bird'), subset='all')
