"""NonFiniteLossHook: a NaN loss stops the run at once, names the iteration
and the loss terms, and leaves the state of the iteration before it."""
import pytest
import torch
from mmengine.runner.checkpoint import _load_checkpoint

from mmglm.engine import NonFiniteLossError, NonFiniteLossHook
from tests.test_reliability.toy import StateProbeHook, toy_runner


def test_nan_loss_stops_with_iteration_terms_and_checkpoint(tmp_path):
    probe = StateProbeHook()
    # 8 samples, batch 2, no shuffle: sample 5 is in the 3rd batch, so
    # iteration 3 of epoch 1 gets a NaN loss
    runner = toy_runner(tmp_path, epochs=2, nan_at=5,
                        custom_hooks=[dict(type='NonFiniteLossHook'),
                                      probe])
    assert any(isinstance(h, NonFiniteLossHook) for h in runner.hooks)
    with pytest.raises(NonFiniteLossError) as err:
        runner.train()
    msg = str(err.value)
    assert 'Non-finite loss at iteration 3 (epoch 1)' in msg
    assert 'loss=nan' in msg and 'loss_mse=nan' in msg and 'loss_l1=nan' \
        in msg
    ckpt_path = tmp_path / 'iter_2_before_nonfinite.pth'
    assert str(ckpt_path) in msg and 'clip_grad' in msg
    assert sorted(probe.states) == [1, 2]  # iteration 3 never finished
    ckpt = _load_checkpoint(str(ckpt_path))
    assert ckpt['meta']['iter'] == 2
    for k, v in probe.states[2].items():
        assert torch.equal(ckpt['state_dict'][k], v), k
        # the NaN never reached the weights: no backward, no update
        assert torch.equal(runner.model.state_dict()[k], v), k
    assert 'optimizer' in ckpt  # resumable: optimizer state saved too


def test_inf_loss_term_is_caught_and_finite_runs_are_untouched(tmp_path):
    runner = toy_runner(tmp_path / 'ok', epochs=1,
                        custom_hooks=[dict(type='NonFiniteLossHook')])
    runner.train()  # finite losses: no error, no extra checkpoint
    assert not list((tmp_path / 'ok').glob('*nonfinite*'))

    runner = toy_runner(tmp_path / 'inf', epochs=1,
                        custom_hooks=[dict(type='NonFiniteLossHook',
                                           save_checkpoint=False)])
    model = runner.model
    original = model.forward

    def forward(inputs, data_samples=None, mode='tensor'):
        out = original(inputs, data_samples, mode)
        if mode == 'loss' and runner.iter == 1:
            out['loss_l1'] = out['loss_l1'] * float('inf')
        return out

    model.forward = forward
    with pytest.raises(NonFiniteLossError, match=r'iteration 2 \(epoch 1\)'
                       r'.*loss_l1=inf'):
        runner.train()
    assert not list((tmp_path / 'inf').glob('*nonfinite*'))
