"""Every config loads, inherits cleanly and builds its model.

Classification configs build under their own ``default_scope`` (mmglm);
detection configs (``configs/det``) under mmdet's. Models of the CPU recipes
(64-128 px) also run a forward pass on a batch of their input size.
"""
from pathlib import Path

import pytest
import torch
import yaml
from mmengine.config import Config
from mmengine.registry import DefaultScope, init_default_scope

import mmglm  # noqa: F401

REPO = Path(__file__).resolve().parents[1]
CONFIGS = sorted(
    str(p.relative_to(REPO)) for p in (REPO / 'configs').rglob('*.py')
    if '_base_' not in p.parts)


def _metafile_entries():
    """``{config path: metafile entry}`` over every imported metafile."""
    index = yaml.safe_load((REPO / 'model-index.yml').read_text())
    entries = {}
    for metafile in index['Import']:
        data = yaml.safe_load((REPO / metafile).read_text())
        for model in data.get('Models') or []:
            entries[model['Config']] = model
    return entries


METAFILE_ENTRIES = _metafile_entries()


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
    num_params = sum(p.numel() for p in model.parameters())
    # Every config is listed in a metafile with the parameter count of the
    # model it builds (tools/analysis/complexity.py --update-metafile).
    assert path in METAFILE_ENTRIES, (
        f'{path} is in no metafile of model-index.yml: run '
        f'tools/analysis/complexity.py {Path(path).parent} --update-metafile')
    listed = METAFILE_ENTRIES[path]['Metadata']['Parameters']
    assert listed == num_params, (
        f'{path}: metafile says {listed} parameters, the config builds '
        f'{num_params}: re-run tools/analysis/complexity.py --update-metafile')
    head = cfg.model.get('head', {})
    preproc = cfg.get('data_preprocessor', {}) or cfg.model.get(
        'data_preprocessor', {}) or {}
    if 'num_classes' in head and 'num_classes' in preproc:
        assert head['num_classes'] == preproc['num_classes'], path


