"""Every config loads, inherits cleanly and builds its model.

Classification configs build under their own ``default_scope`` (mmglm);
detection configs (``configs/det``) under mmdet's. Models of the CPU
classification recipes (the shared intel_mini / cub100 samples, 64-128 px)
also run a forward pass: an odd-sized image goes through the config's own
val pipeline and data preprocessor into the model, which must give finite
logits for the config's classes (a backbone built for another size than the
pipeline gives fails here).
"""
from pathlib import Path

import numpy as np
import pytest
import torch
import yaml
from mmengine.dataset import Compose, pseudo_collate
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


CPU_RECIPES = [p for p in CONFIGS if not p.startswith('configs/det/') and (
    'intel-mini' in p or 'cub100' in p)]


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
    model_cfg = cfg.model
    if scope == 'mmglm' and cfg.get('data_preprocessor'):
        # as mmengine's Runner does
        model_cfg.setdefault('data_preprocessor', cfg.data_preprocessor)
    with DefaultScope.overwrite_default_scope(scope):
        init_default_scope(scope)
        torch.manual_seed(0)
        model = _registry(scope).build(model_cfg)
        if path in CPU_RECIPES:
            _forward_at_pipeline_size(path, cfg, model)
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




def _forward_at_pipeline_size(path, cfg, model):
    """The val pipeline (after loading) on a 150x113 image, then the model."""
    steps = cfg.val_dataloader.dataset.pipeline
    assert 'LoadImage' in steps[0]['type'], path
    rng = np.random.default_rng(0)
    img = rng.integers(0, 256, (113, 150, 3), dtype=np.uint8)
    sample = Compose(steps[1:])(
        dict(img=img, img_shape=img.shape[:2], ori_shape=img.shape[:2],
             gt_label=0))
    model.eval()
    with torch.no_grad():
        data = model.data_preprocessor(pseudo_collate([sample]), False)
        logits = model(data['inputs'], mode='tensor')
    if isinstance(logits, (tuple, list)):  # multi-head (SwinFC): first
        logits = logits[0]
    num_classes = cfg.model.head.num_classes
    assert logits.shape == (1, num_classes), (path, logits.shape)
    assert torch.isfinite(logits).all(), path


def test_every_cpu_recipe_runs_a_forward():
    """The list above is not empty by accident (names changed)."""
    assert len(CPU_RECIPES) >= 12, CPU_RECIPES
