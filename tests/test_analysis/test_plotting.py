"""tools/analysis/plot_curves.py: the PNG holds the logged values."""
import json

import matplotlib.image
import pytest

from mmglm.analysis.plotting import (load_scalars, plot_curves, select_keys,
                                     split_series)
from tests.utils import load_script


def _write_run(work, stamp, records):
    path = work / stamp / 'vis_data' / 'scalars.json'
    path.parent.mkdir(parents=True)
    path.write_text(''.join(json.dumps(r) + '\n' for r in records))


def _train(it, loss, lr, g1=None, epoch=1):
    rec = dict(lr=lr, base_lr=lr, data_time=0.01, loss=loss,
               loss_cls=loss * 0.9, time=0.1, epoch=epoch, iter=it,
               memory=0, step=it)
    if g1 is not None:
        rec['gamma/stage1'] = g1
        rec['gamma/stage2'] = -g1
    return rec


@pytest.fixture
def runs(tmp_path):
    glm = tmp_path / 'glmnet'
    # first start: iterations 1-4, val after epoch 1; killed, resumed from
    # iteration 2: iterations 3-4 logged again (the later values win)
    _write_run(glm, '20260101_000000', [
        _train(1, 2.0, 1e-3, 0.0), _train(2, 1.8, 9e-4, 0.1),
        dict(**{'accuracy/top1': 40.0}, data_time=0.0, time=0.1, step=1),
        _train(3, 9.9, 8e-4, 0.2), _train(4, 9.9, 7e-4, 0.3)])
    _write_run(glm, '20260101_010000', [
        _train(3, 1.5, 8e-4, 0.25), _train(4, 1.2, 7e-4, 0.35),
        dict(**{'accuracy/top1': 55.0}, data_time=0.0, time=0.1, step=2)])
    res = tmp_path / 'resnet'
    _write_run(res, '20260102_000000', [
        _train(1, 2.2, 1e-3), _train(2, 2.0, 9e-4),
        _train(3, 1.9, 8e-4), _train(4, 1.7, 7e-4),
        dict(**{'accuracy/top1': 50.0}, data_time=0.0, time=0.1, step=1)])
    return glm, res


def test_series_join_resumed_runs(runs):
    glm, _ = runs
    series = split_series(load_scalars(glm))
    assert series['loss'][:2] == ([1, 2, 3, 4], [2.0, 1.8, 1.5, 1.2])
    assert series['loss'][2] == 'iteration'
    assert series['accuracy/top1'] == ([1, 2], [40.0, 55.0],
                                       'validation step')
    assert series['gamma/stage1'][1] == [0.0, 0.1, 0.25, 0.35]
    assert 'time' not in series and 'step' not in series
    assert select_keys(list(series)) == [
        'loss', 'loss_cls', 'accuracy/top1', 'lr', 'gamma/stage1',
        'gamma/stage2']
    assert select_keys(list(series), ['gamma/*', 'lr']) == [
        'gamma/stage1', 'gamma/stage2', 'lr']


def test_plot_curves_draws_every_run_and_key(runs, tmp_path):
    glm, res = runs
    out = tmp_path / 'curves.png'
    fig = plot_curves([glm, res], ['loss', 'accuracy/top1', 'lr',
                                   'gamma/*'], out=out)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ['loss', 'accuracy/top1', 'lr', 'gamma/stage1',
                      'gamma/stage2']
    loss_ax = fig.axes[0]
    lines = {ln.get_label(): ln for ln in loss_ax.lines}
    assert set(lines) == {'glmnet', 'resnet'}
    assert list(lines['glmnet'].get_xdata()) == [1, 2, 3, 4]
    assert list(lines['glmnet'].get_ydata()) == [2.0, 1.8, 1.5, 1.2]
    assert list(lines['resnet'].get_ydata()) == [2.2, 2.0, 1.9, 1.7]
    acc = {ln.get_label(): list(ln.get_ydata()) for ln in fig.axes[1].lines}
    assert acc == {'glmnet': [40.0, 55.0], 'resnet': [50.0]}
    assert fig.axes[2].get_yscale() == 'log'  # lr
    # gammas exist only in the GLMNet run
    assert [ln.get_label() for ln in fig.axes[3].lines] == ['glmnet']
    assert list(fig.axes[4].lines[0].get_ydata()) == [0.0, -0.1, -0.25,
                                                      -0.35]
    img = matplotlib.image.imread(str(out))
    assert img.shape[0] > 200 and img.shape[1] > 400


def test_plot_tool_cli(runs, tmp_path):
    tool = load_script('tools/analysis/plot_curves.py')
    glm, res = runs
    out = tmp_path / 'c.png'
    fig = tool.main([str(glm), str(res), '--keys', 'loss*', '--labels',
                     'GLMNet', 'ResNet', '--out', str(out)])
    assert [ax.get_title() for ax in fig.axes] == ['loss', 'loss_cls']
    assert [ln.get_label() for ln in fig.axes[0].lines] == ['GLMNet',
                                                           'ResNet']
    assert out.is_file()
    bench = tmp_path / 'b.json'
    bench.write_text(json.dumps(dict(settings='s', results=[
        dict(label='a', infer_img_s=10.0, train_img_s=2.0),
        dict(label='b', infer_img_s=20.0, train_img_s=4.0),
        dict(label='c', error='failed')])))
    fig = tool.main(['--benchmark', str(bench), '--out',
                     str(tmp_path / 'b.png')])
    assert [[p.get_height() for p in ax.patches] for ax in fig.axes] == \
        [[10.0, 20.0], [2.0, 4.0]]
    with pytest.raises(FileNotFoundError, match='scalars.json'):
        tool.main([str(tmp_path / 'empty'), '--out', str(out)])
