"""mmglm's CocoDataset / CocoMetric: mmdet's, plus the data-root fallback.

From an mmdet config they are named with ``_scope_='mmglm'``; the dataset
still builds its pipeline from mmdet's transforms. ``data/coco_mini`` falls
back to ``../shared/data/coco_mini`` like every mmglm dataset.
"""
import json
import os

import numpy as np
import pytest

pytest.importorskip('mmdet')
from mmengine.config import Config  # noqa: E402
from mmengine.registry import (DATASETS, METRICS, DefaultScope,  # noqa: E402
                               init_default_scope)

import mmglm  # noqa: E402,F401
import mmglm.datasets.data_root as data_root_module  # noqa: E402
from tests.utils import REPO, shared_data_root  # noqa: E402

DATA_CFG = REPO / 'configs/_base_/datasets/coco-mini_detection_320.py'


@pytest.fixture
def checkout_beside_shared(tmp_path, monkeypatch):
    """cwd = <tmp>/repo with <tmp>/shared/data/coco_mini beside it."""
    monkeypatch.delenv('MMGLM_DATA', raising=False)
    shared = tmp_path / 'shared' / 'data'
    shared.mkdir(parents=True)
    os.symlink(shared_data_root() / 'coco_mini', shared / 'coco_mini')
    (tmp_path / 'repo').mkdir()
    monkeypatch.chdir(tmp_path / 'repo')
    return tmp_path


def test_coco_mini_config_resolves_shared_data(checkout_beside_shared):
    cfg = Config.fromfile(str(DATA_CFG))
    with DefaultScope.overwrite_default_scope('mmdet'):
        init_default_scope('mmdet')
        dataset = DATASETS.build(cfg.val_dataloader.dataset)
        metric = METRICS.build(cfg.val_evaluator)
    assert type(dataset).__module__ == 'mmglm.datasets.coco'
    assert dataset.data_root == '../shared/data/coco_mini/'
    assert len(dataset) == 79
    assert type(metric).__module__ == 'mmglm.evaluation.coco_metric'
    assert len(metric._coco_api.get_img_ids()) == 79

    # mmdet's pipeline ran: resized image, boxes equal to the json's
    ann = json.loads((checkout_beside_shared / 'shared/data/coco_mini/'
                      'annotations/instances_val2017.json').read_text())
    sample = dataset[0]
    meta = sample['data_samples'].metainfo
    assert max(meta['img_shape']) <= 533 and min(meta['img_shape']) <= 320
    assert sample['inputs'].shape[-2:] == meta['img_shape']
    boxes = [a['bbox'] for a in ann['annotations']
             if a['image_id'] == meta['img_id'] and not a['iscrowd']]
    xyxy = np.array([[x, y, x + w, y + h] for x, y, w, h in boxes])
    # mmdet's test pipeline loads boxes after Resize: original coordinates
    got = sample['data_samples'].gt_instances.bboxes.numpy()
    np.testing.assert_allclose(
        np.sort(got, axis=0), np.sort(xyxy, axis=0), atol=0.01)


def test_missing_coco_says_where_to_put_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv('MMGLM_DATA', raising=False)
    monkeypatch.setattr(data_root_module, 'SHARED_DATA_DIRS', ('../none', ))
    cfg = Config.fromfile(str(DATA_CFG))
    with DefaultScope.overwrite_default_scope('mmdet'):
        init_default_scope('mmdet')
        with pytest.raises(FileNotFoundError, match='cocodataset.org'):
            DATASETS.build(cfg.train_dataloader.dataset)
        with pytest.raises(FileNotFoundError, match='data/coco_mini'):
            METRICS.build(cfg.val_evaluator)
