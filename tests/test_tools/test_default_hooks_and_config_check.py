"""mmglm's default hooks are in the configs and fire through tools/train.py;
a misspelled ``type`` stops tools/train.py and tools/test.py with the config
check's message (issue 14, item 9).

The runs are tiny (GLMNet-tiny, 112 px, at most 2 iterations of 16 intel_mini
images) and fail or stop early by design.
"""
from pathlib import Path

import pytest
from mmengine.config import Config

from tests.utils import PYTHON, REPO, run, scalars, tiny_resnet_config

GLMNET = REPO / 'configs/glmnet/glmnet-tiny_1xb32_intel-mini-112px.py'
CLS_CONFIGS = sorted(
    p for p in (REPO / 'configs').rglob('*.py')
    if '_base_' not in p.parts and p.parent.name != 'det')


@pytest.mark.parametrize('path', CLS_CONFIGS,
                         ids=lambda p: str(p.relative_to(REPO)))
def test_default_hooks_are_in_every_config(path):
    cfg = Config.fromfile(str(path))
    hooks = cfg.default_hooks
    assert hooks.get('dataset_check', {}).get('type') == \
        'DatasetModelConsistencyHook', path
    assert hooks.get('nonfinite_loss', {}).get('type') == \
        'NonFiniteLossHook', path
    # every GLMNet config logs its gates (README: "on in every GLMNet
    # config"); the single-branch baselines have none
    custom = [h['type'] for h in cfg.get('custom_hooks', [])]
    if cfg.model.backbone.type == 'GLMNet':
        assert 'GammaLoggerHook' in custom, path
    else:
        assert 'GammaLoggerHook' not in custom, path


def _glmnet_run_config(tmp_path: Path, name: str, extra: str = '') -> Path:
    return tiny_resnet_config(tmp_path, name, base=str(GLMNET), epochs=2,
                              train_images=32, val_images=8, extra=extra)


def test_gamma_logger_and_nonfinite_loss_fire_through_train_tool(tmp_path):
    """Iteration 1 logs the three gates; a NaN injected before iteration 2
    is caught by the default NonFiniteLossHook, which stops the run."""
    cfg = _glmnet_run_config(
        tmp_path, 'nan.py',
        "custom_imports = dict(imports=['mmglm', 'tests.nan_probe'], "
        "allow_failed_imports=False)\n"
        "custom_hooks = [dict(type='GammaLoggerHook'), "
        "dict(type='NaNAtIterHook', at=1)]\n")
    work = tmp_path / 'work'
    out = run([PYTHON, 'tools/train.py', str(cfg), '--work-dir', str(work)],
              check=False)
    assert out.returncode != 0
    assert 'NonFiniteLossError: Non-finite loss at iteration 2' in \
        out.stdout, out.stdout[-3000:]
    assert list(work.glob('iter_*_before_nonfinite.pth'))
    first = [r for r in scalars(work) if r.get('iter') == 1]
    assert first and all(f'gamma_stage{i}' in first[0] for i in (1, 2, 3))
    assert 'loss' in first[0] and first[0]['loss'] == first[0]['loss']


def test_dataset_check_fires_through_train_tool(tmp_path):
    cfg = _glmnet_run_config(tmp_path, 'classes.py',
                             'model = dict(head=dict(num_classes=5))\n')
    out = run([PYTHON, 'tools/train.py', str(cfg), '--work-dir',
               str(tmp_path / 'work')], check=False)
    assert out.returncode != 0
    assert 'has 6 classes but model.head.num_classes is 5' in out.stdout, \
        out.stdout[-3000:]
    assert 'Epoch(train)' not in out.stdout  # stopped before training


@pytest.mark.parametrize('tool', ['train', 'test'])
def test_misspelled_type_stops_the_tools(tmp_path, tool):
    cfg = tmp_path / 'typo.py'
    cfg.write_text(f"_base_ = {str(GLMNET)!r}\n"
                   "model = dict(neck=dict(type='StageFusionNek'))\n")
    cmd = [PYTHON, f'tools/{tool}.py', str(cfg)]
    if tool == 'test':
        cmd.append(str(tmp_path / 'missing.pth'))  # never reached
    out = run(cmd + ['--work-dir', str(tmp_path / 'work')], check=False)
    assert out.returncode != 0
    assert 'UnregisteredTypeError' in out.stdout, out.stdout[-3000:]
    assert "model.neck = 'StageFusionNek' is not registered. Did you mean " \
        "'StageFusionNeck'" in out.stdout
    assert str(cfg) in out.stdout
