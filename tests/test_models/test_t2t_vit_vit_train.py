"""T2T-ViT (Performer and transformer T2T) and ViT train through
tools/train.py on real intel_mini images with a falling loss (CPU)."""
from pathlib import Path

import pytest

from tests.utils import PYTHON, REPO, run, scalars, shared_data_root

pytestmark = pytest.mark.slow

PER_CLASS = 4  # 24 images, balanced: learning the class prior gains nothing
BATCH = 8
EPOCHS = 8


def _config(tmp: Path, base: str) -> Path:
    root = shared_data_root() / 'intel_mini'
    # meta/train.txt holds 500 images per class, in class order.
    indices = [500 * c + i for c in range(6) for i in range(PER_CLASS)]
    text = f'''_base_ = {str(REPO / base)!r}
train_dataloader = dict(batch_size={BATCH}, num_workers=0,
    persistent_workers=False,
    dataset=dict(data_root={str(root)!r}, indices={indices}))
val_dataloader = dict(batch_size=32, num_workers=0, persistent_workers=False,
    dataset=dict(data_root={str(root)!r}, indices=32))
test_dataloader = val_dataloader
param_scheduler = [dict(type='ConstantLR', factor=1.0, by_epoch=True)]
train_cfg = dict(max_epochs={EPOCHS}, val_interval={EPOCHS})
default_hooks = dict(logger=dict(interval=1), checkpoint=dict(interval=100))
randomness = dict(seed=0)
'''
    path = tmp / 'cfg.py'
    path.write_text(text)
    return path


@pytest.mark.parametrize('config', [
    'configs/t2t_vit/t2t-vit-7_1xb32_intel-mini-64px.py',
    'configs/t2t_vit/t2t-vit-t-14_1xb32_intel-mini-64px.py',
    'configs/vit/vit-tiny-p8_1xb32_intel-mini-64px.py',
])
def test_loss_falls_on_intel_mini(tmp_path, config):
    work = tmp_path / 'work'
    run([PYTHON, 'tools/train.py', str(_config(tmp_path, config)),
         '--work-dir', str(work)], timeout=900)
    losses = [r['loss'] for r in scalars(work) if 'loss' in r]
    per_epoch = 6 * PER_CLASS // BATCH
    assert len(losses) == EPOCHS * per_epoch
    first = sum(losses[:2 * per_epoch]) / (2 * per_epoch)
    last = sum(losses[-2 * per_epoch:]) / (2 * per_epoch)
    assert last < 0.9 * first, f'loss did not fall: {first:.3f} -> {last:.3f}'
