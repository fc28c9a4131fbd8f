"""GammaLoggerHook puts GLMNet's gates into the logs; plot_gamma plots
them; glmnet-tiny trains on real intel_mini images with a falling loss."""
import json
from types import SimpleNamespace
from unittest import mock

import pytest
import torch
from mmengine.logging import MessageHub

from mmglm.engine.hooks import GammaLoggerHook
from mmglm.models import GLMNet
from tests.utils import PYTHON, REPO, run, shared_data_root


def _fake_runner(model):
    return SimpleNamespace(
        model=model,
        message_hub=MessageHub.get_instance('test_gamma_logger_hook'),
        visualizer=mock.MagicMock(),
        logger=mock.MagicMock(),
        epoch=2,
        iter=30)


def test_hook_logs_each_gamma():
    model = torch.nn.Module()
    model.backbone = GLMNet('tiny')
    with torch.no_grad():
        for i, gamma in enumerate(model.backbone.gammas):
            gamma.fill_(0.1 * (i + 1))
    runner = _fake_runner(model)
    hook = GammaLoggerHook()
    hook.after_train_iter(runner, batch_idx=0)
    scalars = runner.message_hub.log_scalars
    for i in range(3):
        value = scalars[f'train/gamma_stage{i + 1}'].current()
        assert value == pytest.approx(0.1 * (i + 1))
    hook.after_train_epoch(runner)
    record, = runner.visualizer.add_scalars.call_args.args
    assert record == pytest.approx(
        dict(gamma_stage1=0.1, gamma_stage2=0.2, gamma_stage3=0.3, epoch=3))
    assert runner.visualizer.add_scalars.call_args.kwargs['step'] == 30
    assert 'gamma_stage2=0.200000' in runner.logger.info.call_args.args[0]


def test_hook_without_gammas_warns_once():
    runner = _fake_runner(torch.nn.Linear(2, 2))
    hook = GammaLoggerHook()
    hook.after_train_iter(runner, batch_idx=0)
    hook.after_train_epoch(runner)
    assert runner.logger.warning.call_count == 1
    runner.visualizer.add_scalars.assert_not_called()


def _balanced_ann(tmp_path, root, split, per_class):
    lines = (root / 'meta' / f'{split}.txt').read_text().split('\n')
    taken, out = {}, []
    for line in filter(None, lines):
        label = line.split()[-1]
        if taken.get(label, 0) < per_class:
            taken[label] = taken.get(label, 0) + 1
            out.append(line)
    path = tmp_path / f'{split}.txt'
    path.write_text('\n'.join(out) + '\n')
    return path


@pytest.mark.slow
def test_glmnet_tiny_trains_on_intel_mini_and_gammas_are_plotted(tmp_path):
    """tools/train.py on 48 real train images (8 a class) at 64 px: the
    loss falls, the gammas leave 0 and reach the json logs, and
    tools/visualization/plot_gamma.py turns them into a PNG."""
    root = shared_data_root() / 'intel_mini'
    train_ann = _balanced_ann(tmp_path, root, 'train', 8)
    val_ann = _balanced_ann(tmp_path, root, 'val', 4)
    pipeline = [dict(type='LoadImageFromFile'),
                dict(type='Resize', scale=(64, 64)),
                dict(type='PackInputs')]
    cfg = tmp_path / 'glmnet_tiny_smoke.py'
    base = REPO / 'configs/glmnet/glmnet-tiny_1xb32_intel-mini-112px.py'
    cfg.write_text(f'''_base_ = {str(base)!r}
model = dict(train_cfg=None)  # no CutMix: a clean loss curve
train_dataloader = dict(batch_size=16, num_workers=0, persistent_workers=False,
    dataset=dict(data_root={str(root)!r}, ann_file={str(train_ann)!r},
                 pipeline={pipeline!r}))
val_dataloader = dict(batch_size=24, num_workers=0, persistent_workers=False,
    dataset=dict(data_root={str(root)!r}, ann_file={str(val_ann)!r},
                 pipeline={pipeline!r}))
test_dataloader = val_dataloader
optim_wrapper = dict(optimizer=dict(lr=1e-3))
param_scheduler = [dict(type='ConstantLR', factor=1.0, begin=0, end=100)]
train_cfg = dict(max_epochs=5, val_interval=5)
default_hooks = dict(logger=dict(interval=1),
                     checkpoint=dict(interval=-1, save_last=False))
randomness = dict(seed=0)
''')
    work_dir = tmp_path / 'work'
    run([PYTHON, 'tools/train.py', str(cfg), '--work-dir', str(work_dir)],
        env={'OMP_NUM_THREADS': '1'}, timeout=900)
    log, = work_dir.glob('*/vis_data/scalars.json')
    records = [json.loads(line) for line in log.read_text().splitlines()]
    train = [r for r in records if 'loss' in r]
    assert len(train) == 15  # 3 iterations x 5 epochs, logged every one
    losses = [r['loss'] for r in train]
    first, last = sum(losses[:3]) / 3, sum(losses[-3:]) / 3
    assert last < first - 0.2, losses
    for i in (1, 2, 3):
        assert all(f'gamma_stage{i}' in r for r in train)
        assert abs(train[-1][f'gamma_stage{i}']) > 0
    epochs = [r for r in records if 'epoch' in r and 'loss' not in r and
              'gamma_stage1' in r]
    assert [r['epoch'] for r in epochs] == [1, 2, 3, 4, 5]
    assert any('accuracy/top1' in r for r in records)

    png = tmp_path / 'gamma.png'
    proc = run([PYTHON, 'tools/visualization/plot_gamma.py', str(work_dir),
                '--out', str(png)])
    assert png.stat().st_size > 5000
    assert png.read_bytes()[:8] == b'\x89PNG\r\n\x1a\n'
    assert 'gamma_stage3=' in proc.stdout
