# Copyright (c) mmglm contributors. All rights reserved.
"""Every configs/_base_/datasets/*.py loads, resolves and builds.

Sets found in the shared data folder (intel_mini, cub100) are built from the
config as written ('data/<set>' through $MMGLM_DATA) and their lengths
compared with the meta files; the full benchmarks are built on small trees
in the official layouts, and one sample goes through each pipeline.
"""
from pathlib import Path

import mmcv
import numpy as np
import pytest
from mmengine.config import Config
from mmengine.registry import init_default_scope

import mmglm  # noqa: F401
from mmglm.registry import DATASETS, TRANSFORMS
from .utils import REPO, build_cub, build_nabirds, build_webfg

CFG_DIR = REPO / 'configs/_base_/datasets'
# Shared parts that dataset bases inherit, not datasets of their own.
FRAGMENTS = {
    'classification.py':
    ('intel_bs32_224.py', 'cub_bs8_384.py', 'cub100_bs16_128.py'),
    'finegrained_pipelines.py': ('cub_bs8_384.py', 'cub100_bs16_128.py'),
}
CONFIGS = sorted(
    p.name for p in CFG_DIR.glob('*.py') if p.name not in FRAGMENTS)

# config -> (classes, train crop size, how to get data)
EXPECTED = {
    'cub100_bs16_128.py': (100, 128, 'shared'),
    'intel-mini_bs32_112.py': (6, 112, 'shared'),
    'intel-mini_bs32_64.py': (6, 64, 'shared'),
    'intel_bs32_224.py': (6, 224, 'absent'),
    'cub_bs8_384.py': (200, 384, build_cub),
    'nabirds_bs8_384.py': (555, 384, build_nabirds),
    'webfg496_bs8_384.py': (496, 384, build_webfg),
    'web-bird_bs8_384.py': (200, 384, build_webfg),
    'web-aircraft_bs8_384.py': (100, 384, build_webfg),
    'web-car_bs8_384.py': (196, 384, build_webfg),
}


def test_all_configs_listed():
    assert set(EXPECTED) <= set(CONFIGS)


@pytest.mark.parametrize('name', sorted(FRAGMENTS))
def test_fragment_is_inherited_not_a_dataset(name):
    """A fragment builds no dataset; its children take their normalisation
    from it, and the bird pipelines their transforms in its order."""
    cfg = Config.fromfile(str(CFG_DIR / name))
    assert 'type' not in cfg.get('train_dataloader', {}).get('dataset', {})
    for child in FRAGMENTS[name]:
        assert f"'./{name}'" in (CFG_DIR / child).read_text()
        resolved = Config.fromfile(str(CFG_DIR / child))
        if 'data_preprocessor' in cfg:
            for key in ('mean', 'std', 'to_rgb'):
                assert resolved.data_preprocessor[key] == \
                    cfg.data_preprocessor[key]
        if 'test_pipeline' in cfg:
            types = [t['type'] for t in resolved.test_pipeline]
            assert types == [t['type'] for t in cfg.test_pipeline]
            train = [t['type'] for t in resolved.train_pipeline]
            assert [t for t in train if t != 'Rotate'] == \
                [t['type'] for t in cfg.train_pipeline]


def _load(name):
    cfg = Config.fromfile(str(CFG_DIR / name))
    init_default_scope('mmglm')
    return cfg


@pytest.mark.parametrize('name', CONFIGS)
def test_config_resolves(name):
    cfg = _load(name)
    if cfg.get('default_scope', 'mmglm') == 'mmdet' or name.startswith('coco'):
        # detection pipelines resolve under mmdet's scope
        from mmdet.registry import TRANSFORMS as DET_TRANSFORMS
        from mmdet.utils import register_all_modules as register_mmdet
        from mmengine.registry import DefaultScope
        register_mmdet(init_default_scope=False)
        with DefaultScope.overwrite_default_scope('mmdet'):
            for pipe in (cfg.train_pipeline, cfg.test_pipeline):
                for t in pipe:
                    DET_TRANSFORMS.build(t)
        return
    assert DATASETS.get(cfg.train_dataloader.dataset.type) is not None
    for pipe in (cfg.train_pipeline, cfg.test_pipeline):
        for t in pipe:
            TRANSFORMS.build(t)
    if name in EXPECTED:
        assert cfg.data_preprocessor.num_classes == EXPECTED[name][0]


def _first_inputs(ds):
    out = ds[0]
    return tuple(out['inputs'].shape)


@pytest.mark.parametrize('name',
                         [n for n in EXPECTED if EXPECTED[n][2] == 'shared'])
def test_shared_sets_build_from_config(name, shared_data, monkeypatch,
                                       tmp_path):
    num_classes, crop, _ = EXPECTED[name]
    cfg = _load(name)
    # The config's 'data/<set>' as written, resolved through $MMGLM_DATA.
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv('MMGLM_DATA', str(shared_data))
    set_dir = shared_data / Path(cfg.train_dataloader.dataset.data_root).name
    for loader in (cfg.train_dataloader, cfg.val_dataloader):
        ds = DATASETS.build(loader.dataset)
        meta = set_dir / f'meta/{loader.dataset.split}.txt'
        assert len(ds) == len(meta.read_text().splitlines())
        assert len(ds.metainfo['classes']) == num_classes
        assert _first_inputs(ds) == (3, crop, crop)


@pytest.mark.parametrize('name',
                         [n for n in EXPECTED if callable(EXPECTED[n][2])])
def test_benchmark_configs_on_small_trees(name, real_jpegs, tmp_path):
    num_classes, crop, builder = EXPECTED[name]
    cfg = _load(name)
    root = tmp_path / 'set'
    builder(root, real_jpegs)
    for loader in (cfg.train_dataloader, cfg.val_dataloader):
        loader.dataset.data_root = str(root)
        ds = DATASETS.build(loader.dataset)
        assert len(ds) > 0
        assert _first_inputs(ds) == (3, crop, crop)


def test_absent_set_says_where_to_get_it(tmp_path, monkeypatch):
    cfg = _load('intel_bs32_224.py')
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv('MMGLM_DATA', raising=False)
    with pytest.raises(FileNotFoundError, match='kaggle'):
        DATASETS.build(cfg.train_dataloader.dataset)


def test_rotation_is_uniform_15(monkeypatch):
    """The fine-grained configs' Rotate draws angles uniformly in [-15, 15]."""
    cfg = _load('cub_bs8_384.py')
    rot_cfg = [t for t in cfg.train_pipeline if t.type == 'Rotate']
    assert len(rot_cfg) == 1
    rot = TRANSFORMS.build(rot_cfg[0])
    angles = []

    def fake_imrotate(img, angle, **kwargs):
        angles.append(angle)
        return img

    monkeypatch.setattr(mmcv, 'imrotate', fake_imrotate)
    np.random.seed(0)
    img = np.zeros((4, 4, 3), np.uint8)
    for _ in range(2000):
        rot.transform(dict(img=img))
    a = np.array(angles)
    assert len(a) == 2000  # prob=1.0: every image is rotated
    assert a.min() >= -15 and a.max() <= 15
    assert a.min() < -14 and a.max() > 14
    # Uniform on [-15, 15]: each third of the range gets about 1/3.
    thirds = np.histogram(a, bins=[-15, -5, 5, 15])[0] / len(a)
    assert np.all(np.abs(thirds - 1 / 3) < 0.05), thirds
