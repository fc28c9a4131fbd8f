"""det_overfit.py trains on the detector config's own pipeline: every Resize
at the benchmark's scale, no random flip, the config's annotations kept (a
Mask R-CNN recipe still loads masks). For the RetinaNet recipes this is the
bbox pipeline the benchmark's published runs used (configs/det/README.md)."""

import pytest
from mmengine.config import Config

pytest.importorskip('mmdet')
from tests.utils import REPO, load_script  # noqa: E402

det_overfit = load_script('tools/benchmarks/det_overfit.py')

DET = REPO / 'configs/det'
META = ('img_id', 'img_path', 'ori_shape', 'img_shape', 'scale_factor')


def _pipelines(config):
    cfg = Config.fromfile(str(DET / config))
    scale = (160, 160)
    return (det_overfit.fixed_scale(cfg.train_dataloader.dataset.pipeline,
                                    scale),
            det_overfit.fixed_scale(cfg.val_dataloader.dataset.pipeline,
                                    scale), cfg)


def test_retinanet_recipe_gives_the_published_bbox_pipeline():
    train, test, cfg = _pipelines(
        'retinanet_glmnet-tiny_fpn_1xb4-12e_coco-mini-320px.py')
    assert train == [
        dict(type='LoadImageFromFile'),
        dict(type='LoadAnnotations', with_bbox=True),
        dict(type='Resize', scale=(160, 160), keep_ratio=True),
        dict(type='PackDetInputs'),
    ]
    assert test == [
        dict(type='LoadImageFromFile'),
        dict(type='Resize', scale=(160, 160), keep_ratio=True),
        dict(type='LoadAnnotations', with_bbox=True),
        dict(type='PackDetInputs', meta_keys=META),
    ]
    # the config itself is left as it was (flip and 533x320 kept)
    assert [t['type'] for t in cfg.train_dataloader.dataset.pipeline].count(
        'RandomFlip') == 1
    assert cfg.train_dataloader.dataset.pipeline[2]['scale'] == (533, 320)


def test_mask_rcnn_recipe_keeps_its_masks():
    train, test, _ = _pipelines(
        'mask-rcnn_glmnet-tiny_fpn_1xb4-12e_coco-mini-320px.py')
    for pipeline in (train, test):
        loads = [t for t in pipeline if t['type'] == 'LoadAnnotations']
        assert loads == [
            dict(type='LoadAnnotations', with_bbox=True, with_mask=True)
        ]
        assert 'RandomFlip' not in [t['type'] for t in pipeline]
