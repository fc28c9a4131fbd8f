"""mmpretrain's tools, mim and `mmglm::` configs (foundation 3a, 3c, 3d).

A regular (non-editable) wheel of mmglm is built and installed into a
temporary folder; those tests run outside the repository with only the
installed copy on the path.
"""
import os.path as osp
import sys
import zipfile
from pathlib import Path

import pytest

from tests.utils import (PYTHON, REPO, run, scalars, shared_data_root,
                         tiny_resnet_config)

pytestmark = pytest.mark.slow
MIM = str(Path(PYTHON).parent / 'mim')
CFG_NAME = 'resnet18_1xb32_intel-mini-64px.py'


def _small_run_options(work):
    root = shared_data_root() / 'intel_mini'
    return [
        '--work-dir', str(work), '--no-persistent-workers', '--cfg-options',
        f'train_dataloader.dataset.data_root={root}',
        f'val_dataloader.dataset.data_root={root}',
        f'test_dataloader.dataset.data_root={root}',
        'train_dataloader.dataset.indices=32',
        'val_dataloader.dataset.indices=16',
        'test_dataloader.dataset.indices=16', 'train_dataloader.batch_size=16',
        'train_dataloader.num_workers=0', 'val_dataloader.num_workers=0',
        'test_dataloader.num_workers=0', 'train_cfg.max_epochs=1'
    ]


def _mmpretrain_tool(name):
    import mmpretrain
    return osp.join(osp.dirname(mmpretrain.__file__), '.mim', 'tools', name)


def test_mmpretrain_train_tool_runs_mmglm_config(tmp_path):
    # custom_imports in the config registers mmglm for mmpretrain's tool
    cfg = tiny_resnet_config(tmp_path, epochs=1, train_images=32,
                             val_images=16)
    run([PYTHON, _mmpretrain_tool('train.py'), str(cfg), '--work-dir',
         str(tmp_path / 'w')])
    assert any('accuracy/top1' in r for r in scalars(tmp_path / 'w'))


def test_mim_train_mmpretrain_runs_mmglm_config(tmp_path):
    cfg = tiny_resnet_config(tmp_path, epochs=1, train_images=32,
                             val_images=16)
    run([MIM, 'train', 'mmpretrain', str(cfg), '--work-dir',
         str(tmp_path / 'w')])
    assert (tmp_path / 'w' / 'epoch_1.pth').is_file()


@pytest.fixture(scope='module')
def installed(tmp_path_factory):
    """mmglm built as a wheel and installed (not editable) into a folder."""
    tmp = tmp_path_factory.mktemp('wheel')
    run([PYTHON, '-m', 'pip', 'wheel', '--no-deps', '--no-build-isolation',
         '-q', '-w', str(tmp / 'dist'), str(REPO)])
    wheel = next((tmp / 'dist').glob('mmglm-*.whl'))
    names = zipfile.ZipFile(wheel).namelist()
    for required in ('mmglm/.mim/tools/train.py', 'mmglm/.mim/model-index.yml',
                     f'mmglm/.mim/configs/resnet/{CFG_NAME}',
                     'mmglm/.mim/configs/_base_/default_runtime.py'):
        assert required in names, f'{required} missing from {wheel.name}'
    target = tmp / 'site'
    run([PYTHON, '-m', 'pip', 'install', '--no-deps', '-q', '--target',
         str(target), str(wheel)])
    return dict(site=target, outside=tmp)


def _installed_env(installed):
    return dict(PYTHONPATH=str(installed['site']))


def test_mim_train_mmglm_from_installed_wheel(installed, tmp_path):
    work = tmp_path / 'w'
    out = run([MIM, 'train', 'mmglm', CFG_NAME] + _small_run_options(work),
              cwd=tmp_path, env=_installed_env(installed),
              repo_on_path=False)
    assert str(installed['site']) in out.stdout  # mim used the installed tool
    assert (work / 'epoch_1.pth').is_file()


def test_mim_train_mmglm_pytorch_launcher_two_processes(installed, tmp_path):
    work = tmp_path / 'w'
    run([MIM, 'train', 'mmglm', CFG_NAME, '--launcher', 'pytorch', '--gpus',
         '2', '--port', '29531'] + _small_run_options(work),
        cwd=tmp_path, env=_installed_env(installed), repo_on_path=False)
    log = next(work.glob('*/*.log')).read_text()
    assert 'gloo' in log and 'CPUDistributedDataParallel' in log
    assert (work / 'epoch_1.pth').is_file()


def test_outside_config_inherits_mmglm_base(installed, tmp_path):
    project = tmp_path / 'my_project'
    project.mkdir()
    cfg = project / 'my_resnet.py'
    cfg.write_text(f"_base_ = 'mmglm::resnet/{CFG_NAME}'\n"
                   "val_evaluator = dict(type='Accuracy', topk=(1, 2))\n")
    tool = installed['site'] / 'mmglm' / '.mim' / 'tools' / 'train.py'
    work = tmp_path / 'w'
    run([PYTHON, str(tool), str(cfg)] + _small_run_options(work),
        cwd=project, env=_installed_env(installed), repo_on_path=False)
    records = scalars(work)
    assert any('accuracy/top2' in r for r in records)  # our override applied


def test_mmglm_base_resolves_in_this_process(tmp_path):
    # The same `mmglm::` resolution from a source checkout / editable install
    from mmengine.config import Config

    import mmglm  # noqa: F401
    cfg = tmp_path / 'child.py'
    cfg.write_text(f"_base_ = 'mmglm::resnet/{CFG_NAME}'\n"
                   'train_cfg = dict(max_epochs=7)\n')
    loaded = Config.fromfile(str(cfg))
    assert loaded.train_cfg.max_epochs == 7
    assert loaded.model.backbone.depth == 18
    assert loaded.default_scope == 'mmglm'
    assert sys.modules['mmglm']
