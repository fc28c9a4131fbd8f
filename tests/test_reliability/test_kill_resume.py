"""A run killed with SIGKILL mid-epoch and restarted with ``--resume`` ends
with exactly the weights of an uninterrupted run (tools/train.py, ResNet-18
on intel_mini, seed 0, deterministic).

Why exact equality holds here: the resumed run restarts from the last
checkpoint (iteration 3, itself mid-epoch) with the weights, optimizer,
scheduler and message-hub state; mmengine's ``IterBasedTrainLoop`` then
re-reads (and drops) the 3 batches already trained, so ``DefaultSampler``
(order = f(seed, epoch)) and the augmentation random streams (main process
with ``num_workers=0``; mmengine-seeded workers otherwise) are where they
were. ResNet-18 draws no random numbers in its forward (no dropout /
drop-path), and CPU kernels are deterministic for a fixed thread count.
See the module docstring of ``mmglm/engine/resume.py`` and the report for
what is *not* restored (model RNG state for dropout/drop-path, batch
augments' RNG, epoch-based loops resuming at epoch starts).
"""
import pytest
import torch

from tests.utils import PYTHON, run, scalars, tiny_resnet_config

pytestmark = pytest.mark.slow

# 32 images / batch 16 = 2 iterations per epoch; checkpoints at 3 and 6.
ITER_CFG = '''
train_cfg = dict(_delete_=True, type='IterBasedTrainLoop', max_iters=6)
param_scheduler = [dict(type='CosineAnnealingLR', by_epoch=False, begin=0,
                        end=6, eta_min=1e-5)]
default_hooks = dict(logger=dict(interval=1),
                     checkpoint=dict(interval=3, by_epoch=False,
                                     max_keep_ckpts=5))
log_processor = dict(by_epoch=False)
randomness = dict(seed=0, deterministic=True)
'''
KILL = '''
custom_imports = dict(imports=['mmglm', 'tests.reliability_probe'],
                      allow_failed_imports=False)
custom_hooks = [dict(type='SigkillAtIterHook', at_iter=5)]
'''


def _configs(tmp_path, workers):
    extra = ITER_CFG + (
        f'train_dataloader.update(num_workers={workers}, '
        f'persistent_workers={workers > 0})\n')
    clean = tiny_resnet_config(tmp_path, 'clean.py', train_images=32,
                               val_images=8, extra=extra)
    kill = tiny_resnet_config(tmp_path, 'kill.py', train_images=32,
                              val_images=8, extra=extra + KILL)
    return clean, kill


@pytest.mark.parametrize('workers', [0, 2])
def test_sigkill_mid_epoch_then_resume_gives_identical_weights(
        tmp_path, workers):
    clean, kill = _configs(tmp_path, workers)
    ref, work = tmp_path / 'ref', tmp_path / 'work'
    run([PYTHON, 'tools/train.py', str(clean), '--work-dir', str(ref),
         '--no-validate'])

    killed = run([PYTHON, 'tools/train.py', str(kill), '--work-dir',
                  str(work), '--no-validate'], check=False)
    assert killed.returncode in (-9, 137), killed.stdout[-3000:]
    assert (work / 'iter_3.pth').is_file()
    assert not (work / 'iter_6.pth').exists()
    # iteration 5 (epoch 3 of 2-iteration epochs) had been trained
    assert [r['iter'] for r in scalars(work) if 'loss' in r] == \
        [1, 2, 3, 4, 5]

    out = run([PYTHON, 'tools/train.py', str(clean), '--work-dir',
               str(work), '--no-validate', '--resume'])
    assert 'Advance dataloader 3 steps' in out.stdout
    resumed_log = [r for r in scalars(work) if 'loss' in r]
    assert [r['iter'] for r in resumed_log] == [4, 5, 6]

    a = torch.load(ref / 'iter_6.pth', weights_only=False)  # written here
    b = torch.load(work / 'iter_6.pth', weights_only=False)
    assert a['meta']['iter'] == b['meta']['iter'] == 6
    for key, value in a['state_dict'].items():
        assert torch.equal(value, b['state_dict'][key]), key
    for pid, state in a['optimizer']['state'].items():
        for k, v in state.items():
            assert torch.equal(v, b['optimizer']['state'][pid][k]), (pid, k)
    ref_losses = {r['iter']: r['loss'] for r in scalars(ref) if 'loss' in r}
    assert all(r['loss'] == ref_losses[r['iter']] for r in resumed_log)
