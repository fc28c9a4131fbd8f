"""Broken checkpoints: clear errors, and auto-resume falls back to the
previous good checkpoint (mmglm.engine.resume, checkpoint_integrity)."""
import os

import pytest
import torch
from mmengine.runner.checkpoint import _load_checkpoint

from mmglm.engine import (CheckpointLoadError, NoResumableCheckpointError,
                          verify_checkpoint)
from mmglm.engine.resume import candidate_checkpoints
from tests.test_reliability.toy import toy_runner


def _truncate(path):
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 2])


def _flip_tensor_bytes(path):
    """Damage the first tensor's bytes (the zip layout stays valid)."""
    data = bytearray(path.read_bytes())
    first = torch.load(path, weights_only=False)['state_dict'][
        'linear.weight'].numpy().tobytes()
    at = bytes(data).index(first)
    for i in range(at, at + len(first)):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def _newest_log(work_dir):
    logs = sorted(work_dir.glob('*/*.log'))
    return logs[-1].read_text()


@pytest.fixture(scope='module')
def reference(tmp_path_factory):
    """3 uninterrupted epochs of the toy run, and a 2-epoch run to break."""
    tmp = tmp_path_factory.mktemp('fallback')
    ref = toy_runner(tmp / 'ref', epochs=3)
    ref.train()
    two = toy_runner(tmp / 'two', epochs=2)
    two.train()
    return dict(tmp=tmp, weights=ref.model.state_dict(),
                work=tmp / 'two')


def _copy_work(src, dst):
    dst.mkdir()
    for name in ('epoch_1.pth', 'epoch_2.pth'):
        (dst / name).write_bytes((src / name).read_bytes())
        os.utime(dst / name, ns=(os.stat(src / name).st_mtime_ns, ) * 2)
    (dst / 'last_checkpoint').write_text(str(dst / 'epoch_2.pth'))


@pytest.mark.parametrize('damage', [_truncate, _flip_tensor_bytes],
                         ids=['truncated', 'bytes-flipped'])
def test_auto_resume_falls_back_and_finishes_like_an_unbroken_run(
        reference, tmp_path, damage):
    work = tmp_path / 'work'
    _copy_work(reference['work'], work)
    damage(work / 'epoch_2.pth')
    # the broken file, named explicitly, fails with the file's name
    with pytest.raises(CheckpointLoadError, match='epoch_2.pth'):
        _load_checkpoint(str(work / 'epoch_2.pth'))
    assert candidate_checkpoints(str(work)) == [
        str(work / 'epoch_2.pth'), str(work / 'epoch_1.pth')]

    runner = toy_runner(work, epochs=3, resume=True)
    runner.train()
    log = _newest_log(work)
    assert 'Auto-resume fell back to' in log and 'epoch_1.pth' in log
    assert runner.epoch == 3 and runner.iter == 12
    # epochs 2 and 3 trained again from epoch 1: same weights as 3 epochs
    for k, v in reference['weights'].items():
        assert torch.equal(runner.model.state_dict()[k], v), k


def test_explicit_resume_of_a_broken_file_fails_clearly(reference,
                                                        tmp_path):
    work = tmp_path / 'work'
    _copy_work(reference['work'], work)
    _truncate(work / 'epoch_2.pth')
    runner = toy_runner(work, epochs=3, resume=True,
                        load_from=str(work / 'epoch_2.pth'))
    with pytest.raises(CheckpointLoadError,
                       match=r'epoch_2.pth is not readable \(truncated'):
        runner.train()


def test_no_good_checkpoint_lists_every_file(reference, tmp_path):
    work = tmp_path / 'work'
    _copy_work(reference['work'], work)
    _truncate(work / 'epoch_2.pth')
    (work / 'epoch_1.pth').write_bytes(b'')
    runner = toy_runner(work, epochs=3, resume=True)
    with pytest.raises(NoResumableCheckpointError) as err:
        runner.train()
    msg = str(err.value)
    assert 'epoch_2.pth' in msg and 'epoch_1.pth: Checkpoint' in msg
    assert 'empty (0 bytes)' in msg


def test_missing_last_checkpoint_target_and_empty_work_dir(reference,
                                                          tmp_path):
    work = tmp_path / 'work'
    _copy_work(reference['work'], work)
    (work / 'epoch_2.pth').unlink()  # named in last_checkpoint, but gone
    runner = toy_runner(work, epochs=2, resume=True)
    runner.load_or_resume()
    assert runner.epoch == 1 and runner.iter == 4

    fresh = toy_runner(tmp_path / 'fresh', epochs=1, resume=True)
    fresh.load_or_resume()  # nothing to resume: starts from scratch
    assert fresh.epoch == 0 and fresh.iter == 0


def test_verify_checkpoint_passes_good_files(reference):
    verify_checkpoint(str(reference['work'] / 'epoch_2.pth'))
    with pytest.raises(FileNotFoundError):
        verify_checkpoint(str(reference['work'] / 'nope.pth'))
