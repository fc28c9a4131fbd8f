"""Checkpoints under torch's weights_only loading (issue: foundation, item 5)."""
import copy
import pickle
from pathlib import Path

import pytest
import torch
from mmengine.config import Config
from mmengine.runner import Runner
from mmengine.runner.checkpoint import _load_checkpoint

import mmglm  # noqa: F401
from mmglm.engine import CheckpointLoadError
from tests.utils import tiny_resnet_config

MARKER = Path('/tmp/mmglm_evil_payload_ran')


class EvilPayload:
    """Unpickling this runs code (writes MARKER): must never be loaded."""

    def __reduce__(self):
        return (MARKER.write_text, ('pwned', ))


def _runner(cfg_path, work_dir, **overrides):
    cfg = Config.fromfile(str(cfg_path))
    cfg.work_dir = str(work_dir)
    cfg.merge_from_dict(overrides)
    return Runner.from_cfg(cfg)


@pytest.fixture(scope='module')
def trained(tmp_path_factory):
    """One epoch of ResNet-18 on 32 intel_mini images, checkpointed."""
    tmp = tmp_path_factory.mktemp('ckpt')
    cfg = tiny_resnet_config(tmp, epochs=1, train_images=32, val_images=8)
    runner = _runner(cfg, tmp / 'work')
    runner.train()
    ckpt = tmp / 'work' / 'epoch_1.pth'
    assert ckpt.is_file()
    return dict(cfg=cfg, tmp=tmp, ckpt=ckpt, runner=runner)


def test_plain_torch_load_refuses_runner_checkpoint(trained):
    # Why the allowlist exists: torch>=2.6's default refuses these files.
    with pytest.raises(pickle.UnpicklingError):
        torch.load(trained['ckpt'], weights_only=True)


def test_resume_restores_epoch_optimizer_and_scheduler(trained):
    saved = torch.load(
        trained['ckpt'], weights_only=False)  # trusted: written just now
    runner = _runner(
        trained['cfg'], trained['tmp'] / 'resumed', resume=True,
        load_from=str(trained['ckpt']),
        train_cfg=dict(max_epochs=2))
    runner.load_or_resume()
    assert runner.epoch == 1
    assert runner.iter == saved['meta']['iter'] == 2  # 32 images / batch 16
    state = runner.optim_wrapper.state_dict()
    for key, value in saved['optimizer']['state'][0].items():
        assert torch.equal(state['state'][0][key], value), key
    assert state['param_groups'][0]['lr'] == pytest.approx(
        saved['optimizer']['param_groups'][0]['lr'])
    for scheduler, saved_state in zip(runner.param_schedulers,
                                      saved['param_schedulers']):
        assert scheduler.state_dict() == saved_state
    model_state = runner.model.state_dict()
    for key, value in saved['state_dict'].items():
        assert torch.equal(model_state[key], value), key


def test_load_from_and_auto_resume(trained, tmp_path):
    # `load_from` (weights only) and resume=True with load_from=None (auto)
    work = tmp_path / 'auto'
    work.mkdir()
    (work / 'epoch_1.pth').write_bytes(trained['ckpt'].read_bytes())
    (work / 'last_checkpoint').write_text(str(work / 'epoch_1.pth'))
    runner = _runner(trained['cfg'], work, resume=True, load_from=None)
    runner.load_or_resume()
    assert runner.epoch == 1
    runner = _runner(trained['cfg'], tmp_path / 'load_from',
                     load_from=str(trained['ckpt']))
    runner.load_or_resume()
    assert runner.epoch == 0  # weights only, training restarts
    saved = torch.load(trained['ckpt'], weights_only=False)
    conv = 'backbone.conv1.weight'
    assert torch.equal(runner.model.state_dict()[conv],
                       saved['state_dict'][conv])


def test_arbitrary_pickled_object_is_refused(trained, tmp_path):
    MARKER.unlink(missing_ok=True)
    ckpt = torch.load(trained['ckpt'], weights_only=False)
    evil = copy.copy(ckpt)
    evil['meta'] = dict(ckpt['meta'], payload=EvilPayload())
    path = tmp_path / 'evil.pth'
    torch.save(evil, path)
    with pytest.raises(CheckpointLoadError, match='evil.pth.*weights_only'):
        _load_checkpoint(str(path))
    assert not MARKER.exists(), 'the pickled payload ran'


def test_truncated_checkpoint_gives_clear_error(trained, tmp_path):
    data = trained['ckpt'].read_bytes()
    path = tmp_path / 'cut.pth'
    path.write_bytes(data[:len(data) // 2])
    with pytest.raises(CheckpointLoadError, match='cut.pth.*truncated'):
        _load_checkpoint(str(path))


def test_publish_model_output_loads_with_plain_weights_only(trained, tmp_path):
    from tools.model_converters.publish_model import publish
    out = publish(str(trained['ckpt']), str(tmp_path / 'resnet18.pth'))
    loaded = torch.load(out, weights_only=True)  # no allowlist needed
    saved = torch.load(trained['ckpt'], weights_only=False)
    assert set(loaded) == {'state_dict', 'meta'}
    for key, value in saved['state_dict'].items():
        assert torch.equal(loaded['state_dict'][key], value)
    assert loaded['meta']['dataset_meta']['classes'] == saved['meta'][
        'dataset_meta']['classes']
