"""Every BoTNet CPU config trains through tools/train.py with a falling loss.

Each run uses the config's own model and optimizer (constant lr) on real intel_mini images at
112 px, reduced to 12 training images (2 per class) seen as one batch per
iteration for 10 iterations: from scratch, the loss of the last iterations
must be clearly below the loss of the first ones.
"""
import pytest

from tests.utils import PYTHON, REPO, run, scalars, shared_data_root

pytestmark = pytest.mark.slow

CONFIGS = [
    'configs/botnet/bot50_1xb32_intel-mini-112px.py',
    'configs/botnet/bot50-seed-mhsa_1xb32_intel-mini-112px.py',
    'configs/botnet/botnet-s1-59_1xb32_intel-mini-112px.py',
    'configs/botnet/botnet26t_1xb32_intel-mini-112px.py',
]


def _small_run_config(tmp_path, config):
    root = shared_data_root() / 'intel_mini'
    # intel_mini's train list holds 500 images per class, class by class.
    train = [c * 500 + i for c in range(6) for i in range(2)]
    text = f'''_base_ = {str(REPO / config)!r}
train_dataloader = dict(batch_size=12, num_workers=0,
    persistent_workers=False,
    dataset=dict(data_root={str(root)!r}, indices={train}))
val_dataloader = dict(batch_size=12, num_workers=0, persistent_workers=False,
    dataset=dict(data_root={str(root)!r}, indices=12))
test_dataloader = val_dataloader
train_cfg = dict(max_epochs=10, val_interval=10)
# One iteration per epoch: the config's one-epoch warm-up would end before it
# is applied (and leave the lr at 1/10), so keep the lr constant here.
param_scheduler = [dict(type='ConstantLR', factor=1.0, by_epoch=False)]
default_hooks = dict(logger=dict(interval=1), checkpoint=dict(interval=10))
log_processor = dict(window_size=1)  # log each iteration's own loss
randomness = dict(seed=0)
'''
    path = tmp_path / 'cfg.py'
    path.write_text(text)
    return path


@pytest.mark.parametrize('config', CONFIGS)
def test_cpu_config_trains_with_falling_loss(tmp_path, config):
    cfg = _small_run_config(tmp_path, config)
    work = tmp_path / 'work'
    run([PYTHON, 'tools/train.py', str(cfg), '--work-dir', str(work)])
    losses = [r['loss'] for r in scalars(work) if 'loss' in r]
    assert len(losses) == 10
    first, last = sum(losses[:3]) / 3, sum(losses[-3:]) / 3
    assert last < 0.8 * first, f'loss did not fall: {losses}'
